import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Evaluation, Workload } from '../engine/index.js';

/** One stored decision. Rows are written once and never updated (a trigger refuses it). */
@Entity('evaluations')
@Index('idx_evaluations_workload_name', ['workloadName', 'id'])
@Index('idx_evaluations_matrix_version', ['matrixVersion', 'id'])
@Index('idx_evaluations_recommendation', ['recommendation', 'id'])
@Index('idx_evaluations_api_key_id', ['apiKeyId', 'id'])
@Index('idx_evaluations_created_at', ['createdAt'])
export class EvaluationRecord {
  /** UUIDv7: time-ordered, so "newest first" is an index scan on the key. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'workload_name', type: 'varchar', length: 200 })
  workloadName!: string;

  @Column({ type: 'simple-json' })
  workload!: Workload;

  @Column({ name: 'matrix_version', type: 'varchar', length: 64 })
  matrixVersion!: string;

  @Column({ name: 'matrix_checksum', type: 'varchar', length: 64 })
  matrixChecksum!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  recommendation!: string | null;

  @Column({ type: 'simple-json' })
  result!: Evaluation;

  /** The name of the key at the time, for people; ownership goes by apiKeyId. */
  @Column({ name: 'api_key_name', type: 'varchar', length: 100 })
  apiKeyName!: string;

  /** The immutable id of the key that stored the record (NULL only before migration 3 backfilled it). */
  @Column({ name: 'api_key_id', type: 'varchar', length: 36, nullable: true })
  apiKeyId!: string | null;
}
