import { stringify as toYaml } from 'yaml';
import { byVersion, readMatrixDocument, workloadInput } from './support/factories.js';
import { KEYS, startTestApp, type TestApp, type TestDatabase } from './support/test-app.js';

// The whole lifecycle runs on the embedded SQLite default and on Postgres, the production database.
describe.each<TestDatabase>(['sqlite', 'postgres'])('matrix lifecycle on %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, database);
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (key: string) => ({
    get: (path: string) => t.http().get(path).set('X-API-Key', key),
    post: (path: string, body?: object) => t.http().post(path).set('X-API-Key', key).send(body),
    put: (path: string, body: object, ifMatch?: string) => {
      const req = t.http().put(path).set('X-API-Key', key);
      return (ifMatch ? req.set('If-Match', ifMatch) : req).send(body);
    },
    delete: (path: string) => t.http().delete(path).set('X-API-Key', key),
  });
  const admin = as(KEYS.admin);
  const alice = as(KEYS.alice);

  // The change under review: an auditor now treats root inside a shared-kernel container as a finding.
  const rootWorkload = workloadInput({ name: 'root service', orchestration: 'kubernetes', scale: { instances: 300 }, costSensitivity: 'high', privileges: ['root'] });
  const plainWorkload = workloadInput({ name: 'plain service', orchestration: 'kubernetes', scale: { instances: 300 }, costSensitivity: 'high' });

  function draftRootRule({ brokenExample }: { brokenExample: boolean }) {
    const doc = readMatrixDocument('2026.1');
    doc.version = '2026.1-root';
    doc.importanceRules.find((r: { id: string }) => r.id === 'runs-as-root').importance['privilege-containment'] = 6;
    doc.examples.push({ id: 'root-service', description: 'First-party service that insists on root', workload: rootWorkload, expected: brokenExample ? 'container' : 'microvm' });
    return doc;
  }

  describe('matrix lifecycle, end to end', () => {
    let etag: string;
    const stored: Record<string, string> = {};

    it('records decisions under 2026.1 first', async () => {
      // A new database starts on the newest shipped matrix; this scenario reviews a change to the older one.
      expect((await admin.post('/v1/matrices/2026.1/activate')).status).toBe(200);
      for (const w of [rootWorkload, plainWorkload]) {
        const res = await alice.post('/v1/evaluations', w);
        expect(res.body.recommendation).toBe('container');
        stored[w.name] = res.body.id;
      }
    });

    it('creates a draft (201, Location, ETag), refuses a duplicate (409) and a broken document (422 with paths)', async () => {
      const res = await admin.post('/v1/matrices', draftRootRule({ brokenExample: true }));
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe('/v1/matrices/2026.1-root');
      expect(res.headers.etag).toMatch(/^"r1-[0-9a-f]{16}"$/);
      expect(res.body).toMatchObject({ version: '2026.1-root', status: 'draft', active: false, createdBy: 'admin', publishedAt: null });
      etag = res.headers.etag;

      expect((await admin.post('/v1/matrices', draftRootRule({ brokenExample: true }))).status).toBe(409);
      expect((await admin.post('/v1/matrices', readMatrixDocument())).status).toBe(409);

      const broken = readMatrixDocument();
      broken.version = '2026.10-broken';
      broken.criteria[0].ratings.vm = 12;
      broken.constraints[0].when = { field: 'tenancy', op: 'eq', value: 'multitenant' };
      const invalid = await admin.post('/v1/matrices', broken);
      expect(invalid.status).toBe(422);
      expect(invalid.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['constraints[0].when.value', 'criteria[0].ratings.vm']);
      expect((await admin.get('/v1/matrices/2026.9-broken')).status).toBe(404);
    });

    it('accepts a YAML document', async () => {
      const doc = { ...readMatrixDocument(), version: '2026.1-yaml' };
      const res = await t.http().post('/v1/matrices').set('X-API-Key', KEYS.admin).set('Content-Type', 'application/yaml').send(toYaml(doc));
      expect(res.status).toBe(201);
      expect(res.body.document).toEqual(doc);
      const bad = await t.http().post('/v1/matrices').set('X-API-Key', KEYS.admin).set('Content-Type', 'application/yaml').send('version: [unclosed');
      expect(bad.status).toBe(400);
      expect((await admin.delete('/v1/matrices/2026.1-yaml')).status).toBe(204);
      expect((await admin.get('/v1/matrices/2026.1-yaml')).status).toBe(404);
    });

    it('hides drafts from evaluators', async () => {
      expect((await alice.get('/v1/matrices/2026.1-root')).status).toBe(404);
      expect((await alice.get('/v1/matrices')).body.items.map((m: { version: string }) => m.version).sort(byVersion)).toEqual([
        '2026.1',
        '2026.2',
        '2026.3',
        '2026.4',
        '2026.5',
        '2026.6',
        '2026.7',
        '2026.8',
        '2026.9',
        '2026.10',
        '2026.11',
        '2026.12',
        '2026.13',
        '2026.14',
        '2026.15',
        '2026.16',
        '2026.17',
        '2026.18',
        '2026.19',
        '2026.20',
      ]);
      expect((await admin.get('/v1/matrices')).body.items.map((m: { version: string }) => m.version)).toContain('2026.1-root');
    });

    it('needs a matching If-Match to replace a draft (428 without, 412 when stale)', async () => {
      const doc = draftRootRule({ brokenExample: true });
      doc.title = 'Default placement matrix, root tightened';
      expect((await admin.put('/v1/matrices/2026.1-root', doc)).status).toBe(428);
      const updated = await admin.put('/v1/matrices/2026.1-root', doc, etag);
      expect(updated.status).toBe(200);
      expect(updated.body.document.title).toBe('Default placement matrix, root tightened');
      expect(updated.headers.etag).not.toBe(etag);
      const stale = await admin.put('/v1/matrices/2026.1-root', doc, etag);
      expect(stale.status).toBe(412);
      expect(stale.body.type).toBe('/problems/precondition-failed');
      etag = updated.headers.etag;
      const mismatch = await admin.put('/v1/matrices/2026.1-root', { ...doc, version: '2026.3' }, etag);
      expect(mismatch.status).toBe(422);
    });

    it('lets only an admin dry run evaluate against a draft; to an evaluator a draft is as unknown as a version that does not exist', async () => {
      const hidden = await alice.post('/v1/evaluations?matrixVersion=2026.1-root&dryRun=true', rootWorkload);
      const unknown = await alice.post('/v1/evaluations?matrixVersion=2099.9&dryRun=true', rootWorkload);
      expect([hidden.status, unknown.status]).toEqual([422, 422]);
      expect(hidden.body.type).toBe(unknown.body.type);
      expect((await admin.post('/v1/evaluations?matrixVersion=2026.1-root', rootWorkload)).status).toBe(403);
      const dry = await admin.post('/v1/evaluations?matrixVersion=2026.1-root&dryRun=true', rootWorkload);
      expect(dry.status).toBe(200);
      expect(dry.body.recommendation).toBe('microvm');
    });

    it('reports the impact of the draft on stored decisions without storing anything', async () => {
      const count = async () => (await admin.get('/v1/evaluations?limit=100')).body.items.length;
      const before = await count();
      const res = await admin.post('/v1/matrices/2026.1-root/impact');
      expect(res.status).toBe(200);
      expect(res.body.candidate).toMatchObject({ version: '2026.1-root', status: 'draft' });
      expect(res.body.window.evaluated).toBe(2);
      expect(res.body.changed).toBe(1);
      expect(res.body.transitions).toEqual(
        expect.arrayContaining([
          { from: 'container', to: 'microvm', count: 1 },
          { from: 'container', to: 'container', count: 1 },
        ]),
      );
      expect(res.body.changes).toHaveLength(1);
      expect(res.body.changes[0]).toMatchObject({ id: stored['root service'], workload: 'root service', matrixVersion: '2026.1', from: 'container', to: 'microvm' });
      expect(res.body.changes[0].movedFactors[0]).toMatchObject({ criterion: 'privilege-containment', importanceBefore: 3, importanceAfter: 6 });
      expect(res.body.changes[0].movedFactors[0].swing).toBeGreaterThan(0);
      expect(await count()).toBe(before);
      expect((await admin.post('/v1/matrices/2026.1-root/impact?limit=1')).body.window.evaluated).toBe(1);
      expect((await admin.post('/v1/matrices/2026.1-root/impact?since=2999-01-01T00:00:00Z')).body.window.evaluated).toBe(0);
      expect((await admin.post('/v1/matrices/2026.1-root/impact?limit=10001')).status).toBe(400);
    });

    it('refuses to publish while an example fails, listing expected against got', async () => {
      const res = await admin.post('/v1/matrices/2026.1-root/publish');
      expect(res.status).toBe(422);
      expect(res.body.failures).toEqual([{ id: 'root-service', description: 'First-party service that insists on root', expected: 'container', got: 'microvm' }]);
      expect((await admin.get('/v1/matrices/2026.1-root')).body.status).toBe('draft');
    });

    it('publishes once the example is fixed, and the published version is then immutable', async () => {
      const fixed = await admin.put('/v1/matrices/2026.1-root', draftRootRule({ brokenExample: false }), etag);
      expect(fixed.status).toBe(200);
      const published = await admin.post('/v1/matrices/2026.1-root/publish');
      expect(published.status).toBe(200);
      expect(published.body).toMatchObject({ status: 'published', active: false });
      expect(Date.parse(published.body.publishedAt)).not.toBeNaN();
      const checksum = published.body.checksum;

      expect((await admin.put('/v1/matrices/2026.1-root', draftRootRule({ brokenExample: false }), published.headers.etag)).status).toBe(409);
      expect((await admin.delete('/v1/matrices/2026.1-root')).status).toBe(409);
      expect((await admin.post('/v1/matrices/2026.1-root/publish')).status).toBe(409);

      // Even a direct write to the database is refused.
      await expect(t.sql(`UPDATE matrix_versions SET document = '{}' WHERE version = '2026.1-root'`)).rejects.toThrow(/published/);
      await expect(t.sql(`DELETE FROM matrix_versions WHERE version = '2026.1-root'`)).rejects.toThrow(/published/);
      await expect(t.sql(`UPDATE matrix_versions SET status = 'draft' WHERE version = '2026.1-root'`)).rejects.toThrow(/published/);
      expect((await admin.get('/v1/matrices/2026.1-root')).body.checksum).toBe(checksum);
      expect((await alice.get('/v1/matrices/2026.1-root')).status).toBe(200);
    });

    it('activates 2026.1-root, keeps 2026.1 usable when pinned, replays, rolls back and deprecates', async () => {
      const activated = await admin.post('/v1/matrices/2026.1-root/activate');
      expect(activated.status).toBe(200);
      expect((await alice.get('/v1/matrices/active')).body.version).toBe('2026.1-root');
      expect((await alice.post('/v1/evaluations', rootWorkload)).body).toMatchObject({ recommendation: 'microvm', matrix: { version: '2026.1-root' } });
      expect((await alice.post('/v1/evaluations?matrixVersion=2026.1', rootWorkload)).body).toMatchObject({ recommendation: 'container', matrix: { version: '2026.1' } });

      const replay = await alice.post(`/v1/evaluations/${stored['root service']}/replay`);
      expect(replay.status).toBe(200);
      expect(replay.body.before.matrix.version).toBe('2026.1');
      expect(replay.body.after.matrix.version).toBe('2026.1-root');
      expect(replay.body.changes).toMatchObject({ recommendationChanged: true, from: 'container', to: 'microvm' });
      expect(replay.body.changes.movedFactors[0].criterion).toBe('privilege-containment');
      // The container's checklist gives way to the microVM's.
      expect(replay.body.changes.hardening.added.map((h: { id: string }) => h.id)).toEqual(['patch-guest-and-hypervisor', 'microvm-guest-kernel']);
      expect(replay.body.changes.hardening.removed.map((h: { id: string }) => h.id)).toContain('non-root-user');
      expect(replay.body.changes.runtimesChanged).toEqual([]);
      const pinnedReplay = await alice.post(`/v1/evaluations/${stored['plain service']}/replay?matrixVersion=2026.1`);
      expect(pinnedReplay.body.changes.recommendationChanged).toBe(false);
      expect(pinnedReplay.body.changes.hardening).toEqual({ added: [], removed: [], changed: [] });
      expect(pinnedReplay.body.changes.scores.every((s: { delta: number | null }) => s.delta === 0 || s.delta === null)).toBe(true);
      expect((await as(KEYS.bob).post(`/v1/evaluations/${stored['root service']}/replay`)).status).toBe(404);

      expect((await admin.post('/v1/matrices/2026.1-root/deprecate')).status).toBe(409);
      expect((await admin.post('/v1/matrices/2026.1/activate')).status).toBe(200);
      expect((await alice.get('/v1/matrices/active')).body.version).toBe('2026.1');
      expect((await alice.get('/v1/matrices')).body.items.filter((m: { active: boolean }) => m.active).map((m: { version: string }) => m.version)).toEqual(['2026.1']);

      const deprecated = await admin.post('/v1/matrices/2026.1-root/deprecate');
      expect(deprecated.status).toBe(200);
      expect(deprecated.body.status).toBe('deprecated');
      expect((await alice.post('/v1/evaluations?matrixVersion=2026.1-root', rootWorkload)).body.recommendation).toBe('microvm');
      expect((await admin.post('/v1/matrices/2026.1-root/activate')).status).toBe(409);
    });

    it('diffs two versions, structured and summarised', async () => {
      const res = await alice.get('/v1/matrices/2026.1/diff/2026.1-root');
      expect(res.status).toBe(200);
      expect(res.body.identical).toBe(false);
      expect(res.body.changes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ section: 'importanceRules', id: 'runs-as-root', change: 'changed', fields: [{ path: 'importance.privilege-containment', before: 3, after: 6 }] }),
          expect.objectContaining({ section: 'examples', id: 'root-service', change: 'added' }),
        ]),
      );
      expect(res.body.summary).toContain('importance rules: runs-as-root (importance.privilege-containment 3 -> 6)');
      expect((await alice.get('/v1/matrices/2026.1/diff/nope')).status).toBe(404);
    });

    it('keeps stored evaluations and the audit log append-only in the database', async () => {
      await expect(t.sql(`UPDATE evaluations SET recommendation = 'vm'`)).rejects.toThrow(/records/);
      await expect(t.sql(`UPDATE audit_log SET api_key_name = 'someone-else'`)).rejects.toThrow(/records/);
      await expect(t.sql(`DELETE FROM audit_log`)).rejects.toThrow(/records/);
    });

    it('audits every lifecycle action with key, time and version', async () => {
      const res = await admin.get('/v1/audit?version=2026.1-root&limit=50');
      expect(res.status).toBe(200);
      expect(res.body.items.map((e: { action: string }) => e.action).reverse()).toEqual(['create', 'update', 'update', 'publish', 'activate', 'deprecate']);
      expect(res.body.items.every((e: { apiKeyName: string; createdAt: string }) => e.apiKeyName === 'admin' && !Number.isNaN(Date.parse(e.createdAt)))).toBe(true);
      const yaml = await admin.get('/v1/audit?version=2026.1-yaml');
      expect(yaml.body.items.map((e: { action: string }) => e.action)).toEqual(['delete', 'create']);
      const page = await admin.get('/v1/audit?limit=2');
      expect(page.body.items).toHaveLength(2);
      expect(page.body.nextCursor).toEqual(expect.any(String));
    });

    it('publishes a draft exactly once when publishes race', async () => {
      expect((await admin.post('/v1/matrices', { ...readMatrixDocument(), version: '2026.3-race' })).status).toBe(201);
      const results = await Promise.all(Array.from({ length: 6 }, () => admin.post('/v1/matrices/2026.3-race/publish')));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
      const audit = await admin.get('/v1/audit?version=2026.3-race');
      expect(audit.body.items.filter((e: { action: string }) => e.action === 'publish')).toHaveLength(1);
    });

    it('forbids every write to an evaluator (403)', async () => {
      await admin.post('/v1/matrices', { ...readMatrixDocument(), version: '2026.1-evaluator-draft' });
      const attempts = [
        alice.post('/v1/matrices', { ...readMatrixDocument(), version: '2026.1-evaluator-new' }),
        alice.put('/v1/matrices/2026.1-evaluator-draft', { ...readMatrixDocument(), version: '2026.1-evaluator-draft' }, '*'),
        alice.delete('/v1/matrices/2026.1-evaluator-draft'),
        alice.post('/v1/matrices/2026.1-evaluator-draft/publish'),
        alice.post('/v1/matrices/2026.1/activate'),
        alice.post('/v1/matrices/2026.1/deprecate'),
        alice.post('/v1/matrices/2026.1/impact'),
        alice.get('/v1/audit'),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(/problem\+json/);
      }
      expect((await admin.get('/v1/matrices/2026.1-evaluator-draft')).body.status).toBe('draft');
    });
  });
});
