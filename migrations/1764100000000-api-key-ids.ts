import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';

const varchar = (name: string, length: number, extra: Record<string, unknown> = {}) => ({ name, type: 'varchar', length: String(length), ...extra });

/**
 * Keys get an immutable id and records belong to it, so a new key that reuses an old name
 * does not inherit the old holder's evaluations. Keys gain expiry, revocation and a
 * last-used time. Existing evaluations are backfilled: each name that made records gets a
 * 'legacy' key row (no secret) which the same name in API_KEYS claims once at start-up.
 */
export class ApiKeyIds1764100000000 implements MigrationInterface {
  name = 'ApiKeyIds1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const old = (await queryRunner.query('SELECT name, role, secret_hash, created_at FROM api_keys')) as { name: string; role: string; secret_hash: string; created_at: string }[];
    await queryRunner.dropTable('api_keys');
    await queryRunner.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          varchar('id', 36, { isPrimary: true }),
          varchar('name', 100),
          varchar('role', 16),
          varchar('secret_hash', 64, { isNullable: true }),
          varchar('source', 16),
          varchar('created_at', 24),
          varchar('created_by', 100, { isNullable: true }),
          varchar('expires_at', 24, { isNullable: true }),
          varchar('revoked_at', 24, { isNullable: true }),
          varchar('last_used_at', 24, { isNullable: true }),
        ],
        indices: [new TableIndex({ name: 'idx_api_keys_active_name', columnNames: ['name'], isUnique: true, where: 'revoked_at IS NULL' }), new TableIndex({ name: 'idx_api_keys_secret_hash', columnNames: ['secret_hash'], isUnique: true })],
      }),
    );
    const p = (i: number) => (postgres ? `$${i}` : '?');
    const insert = `INSERT INTO api_keys (id, name, role, secret_hash, source, created_at) VALUES (${[1, 2, 3, 4, 5, 6].map(p).join(', ')})`;
    const idByName = new Map<string, string>();
    for (const row of old) {
      const id = uuidv7();
      idByName.set(row.name, id);
      await queryRunner.query(insert, [id, row.name, row.role, row.secret_hash, row.name === 'bootstrap-admin' ? 'bootstrap' : 'api', row.created_at]);
    }

    // Plain ALTER TABLE works the same on both databases and, unlike TypeORM's SQLite column
    // changes, does not rebuild the table (which would drop its append-only trigger).
    await queryRunner.query('ALTER TABLE evaluations ADD COLUMN api_key_id varchar(36)');
    const names = (await queryRunner.query('SELECT DISTINCT api_key_name FROM evaluations')) as { api_key_name: string }[];
    if (names.length > 0) {
      await dropAppendOnlyTrigger(queryRunner, postgres);
      for (const { api_key_name: name } of names) {
        let id = idByName.get(name);
        if (!id) {
          id = uuidv7();
          await queryRunner.query(insert, [id, name, 'evaluator', null, 'legacy', new Date().toISOString()]);
        }
        await queryRunner.query(`UPDATE evaluations SET api_key_id = ${p(1)} WHERE api_key_name = ${p(2)}`, [id, name]);
      }
      await createAppendOnlyTrigger(queryRunner, postgres);
    }
    await queryRunner.query('DROP INDEX idx_evaluations_api_key_name');
    await queryRunner.query('CREATE INDEX idx_evaluations_api_key_id ON evaluations (api_key_id, id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.query('DROP INDEX idx_evaluations_api_key_id');
    await queryRunner.query('ALTER TABLE evaluations DROP COLUMN api_key_id');
    await queryRunner.query('CREATE INDEX idx_evaluations_api_key_name ON evaluations (api_key_name, id)');
    const keys = (await queryRunner.query('SELECT name, role, secret_hash, created_at FROM api_keys WHERE revoked_at IS NULL AND secret_hash IS NOT NULL')) as { name: string; role: string; secret_hash: string; created_at: string }[];
    await queryRunner.dropTable('api_keys');
    await queryRunner.createTable(new Table({ name: 'api_keys', columns: [varchar('name', 100, { isPrimary: true }), varchar('role', 16), varchar('secret_hash', 64), varchar('created_at', 24)] }));
    const p = (i: number) => (postgres ? `$${i}` : '?');
    for (const k of keys) await queryRunner.query(`INSERT INTO api_keys (name, role, secret_hash, created_at) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)})`, [k.name, k.role, k.secret_hash, k.created_at]);
  }
}

export async function dropAppendOnlyTrigger(queryRunner: QueryRunner, postgres: boolean): Promise<void> {
  await queryRunner.query(postgres ? 'DROP TRIGGER evaluations_append_only ON evaluations' : 'DROP TRIGGER evaluations_append_only');
}

export async function createAppendOnlyTrigger(queryRunner: QueryRunner, postgres: boolean): Promise<void> {
  await queryRunner.query(
    postgres
      ? 'CREATE TRIGGER evaluations_append_only BEFORE UPDATE ON evaluations FOR EACH ROW EXECUTE FUNCTION refuse_record_change()'
      : "CREATE TRIGGER evaluations_append_only BEFORE UPDATE ON evaluations BEGIN SELECT RAISE(ABORT, 'evaluations rows are records and cannot be updated'); END",
  );
}
