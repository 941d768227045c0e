import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored decisions and the audit log are records: the database refuses to rewrite them.
 * A published matrix can also no longer slip back to draft (where its document could change).
 */
export class AppendOnlyRecords1763820000000 implements MigrationInterface {
  name = 'AppendOnlyRecords1763820000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`
        CREATE FUNCTION refuse_record_change() RETURNS trigger AS $$
        BEGIN
          RAISE EXCEPTION '% rows are records and cannot be %d', TG_TABLE_NAME, lower(TG_OP);
        END $$ LANGUAGE plpgsql`);
      await queryRunner.query(`CREATE TRIGGER evaluations_append_only BEFORE UPDATE ON evaluations FOR EACH ROW EXECUTE FUNCTION refuse_record_change()`);
      await queryRunner.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_record_change()`);
      await queryRunner.query(`
        CREATE FUNCTION refuse_matrix_unpublish() RETURNS trigger AS $$
        BEGIN
          RAISE EXCEPTION 'matrix version % is published and cannot return to draft', OLD.version;
        END $$ LANGUAGE plpgsql`);
      await queryRunner.query(`
        CREATE TRIGGER matrix_versions_no_unpublish BEFORE UPDATE OF status ON matrix_versions
        FOR EACH ROW WHEN (OLD.status <> 'draft' AND NEW.status = 'draft') EXECUTE FUNCTION refuse_matrix_unpublish()`);
    } else {
      await queryRunner.query(`CREATE TRIGGER evaluations_append_only BEFORE UPDATE ON evaluations BEGIN SELECT RAISE(ABORT, 'evaluations rows are records and cannot be updated'); END`);
      await queryRunner.query(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log rows are records and cannot be updated'); END`);
      await queryRunner.query(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log rows are records and cannot be deleted'); END`);
      await queryRunner.query(`
        CREATE TRIGGER matrix_versions_no_unpublish BEFORE UPDATE OF status ON matrix_versions
        WHEN OLD.status <> 'draft' AND NEW.status = 'draft'
        BEGIN SELECT RAISE(ABORT, 'matrix version is published and cannot return to draft'); END`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`DROP TRIGGER IF EXISTS matrix_versions_no_unpublish ON matrix_versions`);
      await queryRunner.query(`DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log`);
      await queryRunner.query(`DROP TRIGGER IF EXISTS evaluations_append_only ON evaluations`);
      await queryRunner.query(`DROP FUNCTION IF EXISTS refuse_matrix_unpublish()`);
      await queryRunner.query(`DROP FUNCTION IF EXISTS refuse_record_change()`);
    } else {
      for (const trigger of ['matrix_versions_no_unpublish', 'audit_log_no_delete', 'audit_log_no_update', 'evaluations_append_only']) {
        await queryRunner.query(`DROP TRIGGER IF EXISTS ${trigger}`);
      }
    }
  }
}
