import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Role } from '../config/config.js';

/** Where a key came from: API_KEYS, the first start, the key API or CLI, or rows older than key ids. */
export type KeySource = 'config' | 'bootstrap' | 'api' | 'legacy';

/**
 * An API key. Only the SHA-256 of its secret is kept. The id is what records belong to; a
 * name is a label that a later key may reuse once the old one is revoked.
 */
@Entity('api_keys')
@Index('idx_api_keys_active_name', ['name'], { unique: true, where: 'revoked_at IS NULL' })
@Index('idx_api_keys_secret_hash', ['secretHash'], { unique: true })
export class StoredApiKey {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  /** NULL only for a legacy row that no secret can open until API_KEYS claims it. */
  @Column({ name: 'secret_hash', type: 'varchar', length: 64, nullable: true })
  secretHash!: string | null;

  @Column({ type: 'varchar', length: 16 })
  source!: KeySource;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 100, nullable: true })
  createdBy!: string | null;

  @Column({ name: 'expires_at', type: 'varchar', length: 24, nullable: true })
  expiresAt!: string | null;

  @Column({ name: 'revoked_at', type: 'varchar', length: 24, nullable: true })
  revokedAt!: string | null;

  @Column({ name: 'last_used_at', type: 'varchar', length: 24, nullable: true })
  lastUsedAt!: string | null;
}
