import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * On SQLite, a counter that every change to matrix_versions moves, by trigger, whoever makes
 * it (this service, another process on the file, the matrix CLI). The service watches
 * `PRAGMA data_version` to learn that another connection committed something; since the
 * evaluations are inserted on a connection of their own, that is nearly always evaluations,
 * and this counter tells whether matrices changed too without reading them. Postgres tells
 * the service through NOTIFY and needs none of it.
 */
export class MatrixChangeCounter1764400000000 implements MigrationInterface {
  name = 'MatrixChangeCounter1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') return;
    await queryRunner.createTable(
      new Table({
        name: 'matrix_change_counter',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'changes', type: 'integer' },
        ],
      }),
    );
    await queryRunner.query('INSERT INTO matrix_change_counter (id, changes) VALUES (1, 0)');
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      await queryRunner.query(`CREATE TRIGGER matrix_versions_counted_${event.toLowerCase()} AFTER ${event} ON matrix_versions BEGIN UPDATE matrix_change_counter SET changes = changes + 1; END`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') return;
    for (const event of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER matrix_versions_counted_${event}`);
    await queryRunner.dropTable('matrix_change_counter');
  }
}
