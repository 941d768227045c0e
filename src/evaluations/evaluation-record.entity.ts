import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Evaluation, Workload } from '../engine/index.js';

/** One stored decision. Rows are written once and never updated. */
@Entity('evaluations')
export class EvaluationRecord {
  /** UUIDv7: time-ordered, so "newest first" is an index scan on the key. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Index('idx_evaluations_workload_name')
  @Column({ name: 'workload_name', type: 'varchar', length: 200 })
  workloadName!: string;

  @Column({ type: 'simple-json' })
  workload!: Workload;

  @Index('idx_evaluations_matrix_version')
  @Column({ name: 'matrix_version', type: 'varchar', length: 64 })
  matrixVersion!: string;

  @Column({ name: 'matrix_checksum', type: 'varchar', length: 64 })
  matrixChecksum!: string;

  @Index('idx_evaluations_recommendation')
  @Column({ type: 'varchar', length: 16, nullable: true })
  recommendation!: string | null;

  @Column({ type: 'simple-json' })
  result!: Evaluation;

  @Index('idx_evaluations_api_key_name')
  @Column({ name: 'api_key_name', type: 'varchar', length: 100 })
  apiKeyName!: string;
}
