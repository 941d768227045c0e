import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { packResponse, unpackAnswer, unpackTemplate, type AnswerTemplate, type PackedTemplate } from '../src/evaluations/stored-response.js';
import { rewriteEach } from './1764200000000-packed-answers.js';

/**
 * Records of the same evaluation (the same attributes under the same version; only the
 * workload's name differs) share one stored copy of it: a row of answer_templates, named by
 * the record's answer_template column, its body then only the format byte (3). A template is
 * written in the transaction of the first record that names it, and like the records it is
 * never changed; unlike them it is never deleted either, since any number of records use it.
 * Existing records keep their format.
 */
export class AnswerTemplates1764300000000 implements MigrationInterface {
  name = 'AnswerTemplates1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.createTable(
      new Table({
        name: 'answer_templates',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'body', type: postgres ? 'bytea' : 'blob' },
          { name: 'created_at', type: 'varchar', length: '24' },
        ],
      }),
    );
    if (postgres) {
      await queryRunner.query('CREATE TRIGGER answer_templates_append_only BEFORE UPDATE OR DELETE ON answer_templates FOR EACH ROW EXECUTE FUNCTION refuse_record_change()');
    } else {
      await queryRunner.query("CREATE TRIGGER answer_templates_no_update BEFORE UPDATE ON answer_templates BEGIN SELECT RAISE(ABORT, 'answer_templates rows are shared by records and cannot be updated'); END");
      await queryRunner.query("CREATE TRIGGER answer_templates_no_delete BEFORE DELETE ON answer_templates BEGIN SELECT RAISE(ABORT, 'answer_templates rows are shared by records and cannot be deleted'); END");
    }
    // Plain ALTER TABLE: TypeORM's SQLite column changes rebuild the table and drop its trigger.
    await queryRunner.query('ALTER TABLE evaluations ADD COLUMN answer_template varchar(64)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const p = (i: number) => (postgres ? `$${i}` : '?');
    // Records that name a template get their whole answer back, in format 1, which the schema before reads; the others stay as they are.
    const templates = new Map<string, AnswerTemplate>();
    await rewriteEach(queryRunner, postgres, 'id, created_at, workload, workload_name, answer_template, body', 'body', async (row) => {
      const id = row.answer_template as string | null;
      if (id === null) return undefined;
      let template = templates.get(id);
      if (!template) {
        const [packed] = (await queryRunner.query(`SELECT id, body FROM answer_templates WHERE id = ${p(1)}`, [id])) as PackedTemplate[];
        templates.set(id, (template = unpackTemplate(packed)));
      }
      const stored = { id: row.id as string, createdAt: row.created_at as string, workload: row.workload as string, workloadName: row.workload_name as string, answerTemplate: id, body: row.body as Buffer };
      return packResponse(unpackAnswer(stored, template));
    });
    await queryRunner.query('ALTER TABLE evaluations DROP COLUMN answer_template');
    if (postgres) await queryRunner.query('DROP TRIGGER answer_templates_append_only ON answer_templates');
    else {
      await queryRunner.query('DROP TRIGGER answer_templates_no_update');
      await queryRunner.query('DROP TRIGGER answer_templates_no_delete');
    }
    await queryRunner.dropTable('answer_templates');
  }
}
