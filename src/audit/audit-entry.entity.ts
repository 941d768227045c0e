import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type AuditAction = 'create' | 'update' | 'delete' | 'publish' | 'activate' | 'deprecate';

/** One lifecycle action on a matrix version: who, what, when. Append-only. */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Index('idx_audit_log_version')
  @Column({ type: 'varchar', length: 64 })
  version!: string;

  @Column({ type: 'varchar', length: 16 })
  action!: AuditAction;

  @Column({ name: 'api_key_name', type: 'varchar', length: 100 })
  apiKeyName!: string;

  /** The acting key's immutable id (NULL in entries older than key ids). */
  @Column({ name: 'api_key_id', type: 'varchar', length: 36, nullable: true })
  apiKeyId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  checksum!: string | null;
}
