import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const NAME = 'idx_evaluations_workload_name';

/**
 * A workload's history as decisions (a list page with `Prefer: return=minimal`) is read from
 * the workload's index alone: it holds the key that may see each record, its time and its
 * answer template, which carries the decision. Without them every record of a page is a read of
 * a random table page (at a million records 124 µs a page against 24 µs). The index keeps its
 * name, which the list's statement names on SQLite; at a million records it grows by about
 * 100 B a record and is rebuilt in about 2 s.
 */
export class WorkloadHistoryIndex1764500000000 implements MigrationInterface {
  name = 'WorkloadHistoryIndex1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('evaluations', NAME);
    await queryRunner.createIndex('evaluations', new TableIndex({ name: NAME, columnNames: ['workload_name', 'id', 'api_key_id', 'created_at', 'answer_template'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('evaluations', NAME);
    await queryRunner.createIndex('evaluations', new TableIndex({ name: NAME, columnNames: ['workload_name', 'id'] }));
  }
}
