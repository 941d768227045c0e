import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options.js';
import { ENTITIES } from '../src/entities.js';
import { DECISION_COLUMNS, pageQuery, type EvaluationFilter } from '../src/evaluations/evaluation-store.js';
import { createTestDatabase } from './support/test-app.js';

describe('list pages on sqlite', () => {
  it("read a workload's records through its index, newest first without a sort, whatever else filters them, and its decisions the same way", async () => {
    const db = await createTestDatabase('sqlite');
    const dataSource = new DataSource({ ...buildDataSourceOptions(db.url), entities: ENTITIES, migrationsRun: false });
    try {
      await dataSource.initialize();
      await dataSource.runMigrations();
      const plan = async (filter: EvaluationFilter, cursor?: string) => {
        const { sql, params } = pageQuery(filter, 21, cursor, true);
        return (await dataSource.query<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${sql}`, params)).map((r) => r.detail).join('; ');
      };
      const filters: EvaluationFilter[] = [{ workloadName: 'checkout' }, { workloadName: 'checkout', apiKeyId: 'key-1' }, { workloadName: 'checkout', apiKeyId: 'key-1', recommendation: 'vm', matrixVersion: '2026.2' }];
      for (const filter of filters) {
        for (const cursor of [undefined, '019ac000-0000-7000-8000-000000000000']) {
          // Not the key's index (every record of a key), and no temporary B-tree for ORDER BY.
          expect(await plan(filter, cursor)).toMatch(/^SEARCH evaluations USING INDEX idx_evaluations_workload_name \(workload_name=\?( AND id<\?)?\)$/);
        }
      }
      // A page of decisions reads fewer columns through the same index.
      for (const filter of filters) {
        const { sql, params } = pageQuery(filter, 21, undefined, true, DECISION_COLUMNS);
        const detail = (await dataSource.query<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${sql}`, params)).map((r) => r.detail).join('; ');
        expect(detail).toBe('SEARCH evaluations USING INDEX idx_evaluations_workload_name (workload_name=?)');
      }
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    }
  });
});
