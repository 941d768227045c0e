import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit entries name the acting key's immutable id as well as its name, since a name can be
 * reused once its key is revoked. Entries written before this have no id (NULL); the log is
 * append-only, so they are not rewritten.
 */
export class AuditKeyIds1764120000000 implements MigrationInterface {
  name = 'AuditKeyIds1764120000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE on both databases: TypeORM's SQLite column change would rebuild the
    // table and drop its append-only triggers.
    await queryRunner.query('ALTER TABLE audit_log ADD COLUMN api_key_id varchar(36)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE audit_log DROP COLUMN api_key_id');
  }
}
