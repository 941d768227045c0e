import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '../config/config.js';

/** A key created by the service itself (the first-start admin key); only its hash is kept. */
@Entity('api_keys')
export class StoredApiKey {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Column({ name: 'secret_hash', type: 'varchar', length: 64 })
  secretHash!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;
}
