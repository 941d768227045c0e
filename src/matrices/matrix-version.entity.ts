import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MatrixDocument } from '../engine/index.js';

export type MatrixStatus = 'draft' | 'published' | 'deprecated';

/** A matrix version. Once published its document and checksum never change (a trigger enforces it). */
@Entity('matrix_versions')
export class MatrixVersion {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  version!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: MatrixStatus;

  @Column({ type: 'varchar', length: 64 })
  checksum!: string;

  @Column({ type: 'simple-json' })
  document!: MatrixDocument;

  /** At most one row is active: the default for new evaluations. */
  @Column({ type: 'boolean', default: false })
  active!: boolean;

  /** Bumped on every draft write; the ETag that If-Match must echo. */
  @Column({ type: 'integer', default: 1 })
  revision!: number;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;

  @Column({ name: 'published_at', type: 'varchar', length: 24, nullable: true })
  publishedAt!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;
}
