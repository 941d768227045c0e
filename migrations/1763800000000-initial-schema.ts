import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

const varchar = (name: string, length: number, extra: Record<string, unknown> = {}) => ({ name, type: 'varchar', length: String(length), ...extra });

export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Each dialect spells a boolean default its own way (0 in SQLite, false in Postgres).
    const no = queryRunner.connection.driver.normalizeDefault({ default: false } as ColumnMetadata);
    await queryRunner.createTable(
      new Table({
        name: 'matrix_versions',
        columns: [
          varchar('version', 64, { isPrimary: true }),
          varchar('status', 16),
          varchar('checksum', 64),
          { name: 'document', type: 'text' },
          { name: 'active', type: 'boolean', default: no },
          { name: 'revision', type: 'integer', default: 1 },
          varchar('created_at', 24),
          varchar('updated_at', 24),
          varchar('published_at', 24, { isNullable: true }),
          varchar('created_by', 100),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'evaluations',
        columns: [
          varchar('id', 36, { isPrimary: true }),
          varchar('created_at', 24),
          varchar('workload_name', 200),
          { name: 'workload', type: 'text' },
          varchar('matrix_version', 64),
          varchar('matrix_checksum', 64),
          varchar('recommendation', 16, { isNullable: true }),
          { name: 'result', type: 'text' },
          varchar('api_key_name', 100),
        ],
        // Each list filter paired with the id, so "newest first" under a filter is one index range scan.
        indices: [
          new TableIndex({ name: 'idx_evaluations_workload_name', columnNames: ['workload_name', 'id'] }),
          new TableIndex({ name: 'idx_evaluations_matrix_version', columnNames: ['matrix_version', 'id'] }),
          new TableIndex({ name: 'idx_evaluations_recommendation', columnNames: ['recommendation', 'id'] }),
          new TableIndex({ name: 'idx_evaluations_api_key_name', columnNames: ['api_key_name', 'id'] }),
          new TableIndex({ name: 'idx_evaluations_created_at', columnNames: ['created_at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_keys',
        columns: [varchar('name', 100, { isPrimary: true }), varchar('role', 16), varchar('secret_hash', 64), varchar('created_at', 24)],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [varchar('id', 36, { isPrimary: true }), varchar('created_at', 24), varchar('version', 64), varchar('action', 16), varchar('api_key_name', 100), varchar('checksum', 64, { isNullable: true })],
        indices: [new TableIndex({ name: 'idx_audit_log_version', columnNames: ['version'] })],
      }),
    );

    // Published content is immutable at the database too, whatever code path tries to change it.
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`
        CREATE FUNCTION refuse_published_matrix_change() RETURNS trigger AS $$
        BEGIN
          IF OLD.status <> 'draft' AND (NEW.document IS DISTINCT FROM OLD.document OR NEW.checksum IS DISTINCT FROM OLD.checksum OR NEW.version IS DISTINCT FROM OLD.version) THEN
            RAISE EXCEPTION 'matrix version % is published and cannot change', OLD.version;
          END IF;
          IF TG_OP = 'DELETE' AND OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'matrix version % is published and cannot be deleted', OLD.version;
          END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END $$ LANGUAGE plpgsql`);
      await queryRunner.query(`CREATE TRIGGER matrix_versions_published_immutable BEFORE UPDATE OR DELETE ON matrix_versions FOR EACH ROW EXECUTE FUNCTION refuse_published_matrix_change()`);
    } else {
      await queryRunner.query(`
        CREATE TRIGGER matrix_versions_published_immutable BEFORE UPDATE OF document, checksum, version ON matrix_versions
        WHEN OLD.status <> 'draft'
        BEGIN SELECT RAISE(ABORT, 'matrix version is published and cannot change'); END`);
      await queryRunner.query(`
        CREATE TRIGGER matrix_versions_published_undeletable BEFORE DELETE ON matrix_versions
        WHEN OLD.status <> 'draft'
        BEGIN SELECT RAISE(ABORT, 'matrix version is published and cannot be deleted'); END`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`DROP TRIGGER IF EXISTS matrix_versions_published_immutable ON matrix_versions`);
      await queryRunner.query(`DROP FUNCTION IF EXISTS refuse_published_matrix_change()`);
    }
    await queryRunner.dropTable('audit_log');
    await queryRunner.dropTable('api_keys');
    await queryRunner.dropTable('evaluations');
    await queryRunner.dropTable('matrix_versions');
  }
}
