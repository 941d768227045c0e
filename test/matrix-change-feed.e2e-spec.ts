import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { MatrixChangeFeed } from '../src/matrices/matrix-change-feed.js';
import { DEFAULT_MATRIX_VERSION, SHIPPED_MATRIX_VERSIONS } from '../src/matrices/shipped-matrices.js';
import { workloadInput } from './support/factories.js';
import { KEYS, startTestApp } from './support/test-app.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('matrix changes on SQLite, seen through PRAGMA data_version', () => {
  it("takes up a version another process activates, and does not take the evaluation writer's commits for matrix changes", async () => {
    const t = await startTestApp();
    const other = new Database(t.databaseFile);
    try {
      other.pragma('busy_timeout = 5000');
      const feed = t.app.get(MatrixChangeFeed);
      const dataVersion = async () => (await t.app.get(DataSource).query<{ data_version: number }[]>('PRAGMA data_version'))[0].data_version;
      const evaluate = (name: string, dryRun = false) =>
        t
          .http()
          .post(`/v1/evaluations${dryRun ? '?dryRun=true' : ''}`)
          .set('X-API-Key', KEYS.alice)
          .send(workloadInput({ name }));

      expect((await evaluate('first')).status).toBe(201);
      await sleep(10);
      const generation = feed.current();
      const committedBefore = await dataVersion();
      for (let i = 0; i < 3; i++) {
        expect((await evaluate(`stored ${i}`)).status).toBe(201);
        await sleep(10);
        expect(feed.current()).toBe(generation);
      }
      // The records were committed on another connection (the writer thread's): data_version did move.
      expect(await dataVersion()).not.toBe(committedBefore);

      const older = SHIPPED_MATRIX_VERSIONS.find((v) => v !== DEFAULT_MATRIX_VERSION)!;
      other.prepare('UPDATE matrix_versions SET active = CASE version WHEN ? THEN 1 ELSE 0 END').run(older);
      await sleep(10);
      expect(feed.current()).toBeGreaterThan(generation);
      const after = await evaluate('after the other process activated a version', true);
      expect(after.status).toBe(200);
      expect((after.body as { matrix: { version: string } }).matrix.version).toBe(older);
    } finally {
      other.close();
      await t.close();
    }
  });
});
