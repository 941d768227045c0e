import type { MigrationInterface, QueryRunner } from 'typeorm';
import { packResponse, unpackAnswer } from '../src/evaluations/stored-response.js';
import { createAppendOnlyTrigger, dropAppendOnlyTrigger } from './1764100000000-api-key-ids.js';

const CHUNK = 500;

/**
 * Each record keeps its answer as the exact JSON it was sent, compressed (format byte +
 * Zstandard with a preset dictionary), instead of the evaluation as a JSON column that
 * the service stringified again on every read: about 1.3 KB instead of 10 KB per record.
 * Existing records get the bytes they were answered with: the service sent
 * JSON.stringify({ id, createdAt, workload, ...result }), and that is what is packed.
 */
export class PackedAnswers1764200000000 implements MigrationInterface {
  name = 'PackedAnswers1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    // Plain ALTER TABLE on both databases: TypeORM's SQLite column changes rebuild the table and drop its trigger.
    await queryRunner.query(`ALTER TABLE evaluations ADD COLUMN body ${postgres ? 'bytea' : 'blob'}`);
    await rewriteEach(queryRunner, postgres, 'id, created_at, workload, result', 'body', (row) => {
      const answer = { id: row.id, createdAt: row.created_at, workload: JSON.parse(row.workload as string) as unknown, ...(JSON.parse(row.result as string) as object) };
      return Promise.resolve(packResponse(JSON.stringify(answer)));
    });
    await queryRunner.query('ALTER TABLE evaluations DROP COLUMN result');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.query('ALTER TABLE evaluations ADD COLUMN result text');
    // Records written in format 2 rebuild their answer from their columns as well (format 3 is
    // gone by now: the answer templates migration's down turns it back into format 1).
    await rewriteEach(queryRunner, postgres, 'id, created_at, workload, workload_name, body', 'result', (row) => {
      const stored = { id: row.id as string, createdAt: row.created_at as string, workload: row.workload as string, workloadName: row.workload_name as string, answerTemplate: null, body: row.body as Buffer };
      const { id: _id, createdAt: _createdAt, workload: _workload, ...result } = JSON.parse(unpackAnswer(stored).toString('utf8')) as Record<string, unknown>;
      return Promise.resolve(JSON.stringify(result));
    });
    await queryRunner.query('ALTER TABLE evaluations DROP COLUMN body');
  }
}

/** Sets `column` on every record from its other columns, in id order, with the append-only trigger lifted meanwhile; `undefined` leaves a record as it is. */
export async function rewriteEach(queryRunner: QueryRunner, postgres: boolean, columns: string, column: string, value: (row: Record<string, unknown>) => Promise<unknown>): Promise<void> {
  const p = (i: number) => (postgres ? `$${i}` : '?');
  const [{ n }] = (await queryRunner.query('SELECT COUNT(*) AS n FROM evaluations')) as { n: number | string }[];
  if (Number(n) === 0) return;
  await dropAppendOnlyTrigger(queryRunner, postgres);
  let after = '';
  for (;;) {
    const rows = (await queryRunner.query(`SELECT ${columns} FROM evaluations WHERE id > ${p(1)} ORDER BY id LIMIT ${CHUNK}`, [after])) as Record<string, unknown>[];
    if (rows.length === 0) break;
    for (const row of rows) {
      const next = await value(row);
      if (next !== undefined) await queryRunner.query(`UPDATE evaluations SET ${column} = ${p(1)} WHERE id = ${p(2)}`, [next, row.id]);
    }
    after = rows[rows.length - 1].id as string;
  }
  await createAppendOnlyTrigger(queryRunner, postgres);
}
