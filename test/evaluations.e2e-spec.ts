import { DEFAULT_TEST_MATRIX, readMatrixDocument, workloadInput } from './support/factories.js';
import { KEYS, startTestApp, type TestApp, type TestDatabase } from './support/test-app.js';

// Runs on the embedded SQLite default and on Postgres, the production database.
describe.each<TestDatabase>(['sqlite', 'postgres'])('evaluations on %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, database);
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (path: string, body: unknown, key?: string) => t.post(path, body, key);
  const get = (path: string, key?: string) => t.get(path, key);

  describe('POST /v1/evaluations', () => {
    it('stores the decision and answers 201 with Location, the normalised workload and the matrix used', async () => {
      const res = await post('/v1/evaluations', workloadInput({ name: 'orders api', orchestration: 'kubernetes', scale: { instances: 120 } }));
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe(`/v1/evaluations/${res.body.id}`);
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(res.body.createdAt)).not.toBeNaN();
      expect(res.body.workload).toMatchObject({ name: 'orders api', os: 'linux', privileges: [], compliance: [], costSensitivity: 'medium', scale: { instances: 120 } });
      expect(res.body.recommendation).toBe('container');
      expect(res.body.options).toHaveLength(4);
      expect(res.body.rationale.summary).toContain('Container (on runc or crun) is recommended for "orders api"');
      expect(res.body.rationale.tie).toBe(false);
      expect(res.body.options.find((o: { option: string }) => o.option === 'container').runtime).toBe('runc');
      expect(res.body.runtimes).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'runc', option: 'container', fits: true, selected: true })]));
      expect(res.body.hardening.map((h: { id: string }) => h.id)).toContain('non-root-user');
      expect(res.body.estimates.options).toHaveLength(4);
      const active = await get('/v1/matrices/active');
      expect(res.body.matrix).toEqual({ version: DEFAULT_TEST_MATRIX, checksum: active.body.checksum });

      const stored = await get(res.headers.location);
      expect(stored.status).toBe(200);
      expect(stored.body).toEqual(res.body);
    });

    it('sizes a stated tenant count per tenant, stores it, and drops it for a single tenant', async () => {
      const saas = workloadInput({ name: 'per-customer workers', tenancy: 'multi-tenant', compliance: ['hipaa'], scale: { instances: 400, tenants: 300 } });
      const res = await post('/v1/evaluations', saas);
      expect(res.status).toBe(201);
      expect(res.body.workload.scale).toEqual({ instances: 400, tenants: 300 });
      const hybrid = res.body.estimates.options.find((o: { option: string }) => o.option === 'hybrid');
      expect(hybrid).toMatchObject({ instancesPlanned: 400, tenantVmsPlanned: 300 });
      expect((await get(res.headers.location)).body).toEqual(res.body);

      const single = await post('/v1/evaluations?dryRun=true', { ...saas, tenancy: 'single-tenant' });
      expect(single.status).toBe(200);
      expect(single.body.workload.scale).toEqual({ instances: 400 });
      const invalid = await post('/v1/evaluations', { ...saas, scale: { instances: 400, tenants: 0 } });
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors.map((e: { path: string }) => e.path)).toEqual(['scale.tenants']);
    });

    it('answers a microVM on Amazon ECS with Fargate, whose hosts the provider runs, and returns the same bytes when read back', async () => {
      const scripts = workloadInput({ name: 'customer scripts on ECS', codeTrust: 'untrusted', tenancy: 'multi-tenant', workloadType: 'batch', orchestration: 'ecs', scale: { instances: 200, tenants: 50 } });
      const res = await post('/v1/evaluations', scripts);
      expect(res.status).toBe(201);
      expect(res.body.recommendation).toBe('microvm');
      expect(res.body.options.find((o: { option: string }) => o.option === 'microvm').runtime).toBe('aws-fargate');
      const microvm = res.body.estimates.options.find((o: { option: string }) => o.option === 'microvm');
      expect(microvm).toMatchObject({ runtime: 'aws-fargate', hostsNeeded: 0, hostsRunByProvider: true });
      expect(res.body.rationale.summary).toContain('so the team runs no hosts for it');
      expect(res.body.hardening.map((h: { id: string }) => h.id)).toContain('fargate-task-boundary');
      expect((await get(res.headers.location)).body).toEqual(res.body);
    });

    it('stores nothing and answers 200 on dryRun=true', async () => {
      const before = (await get('/v1/evaluations?workload=dry%20one', KEYS.admin)).body.items.length;
      const res = await post('/v1/evaluations?dryRun=true', workloadInput({ name: 'dry one' }));
      expect(res.status).toBe(200);
      expect(res.headers.location).toBeUndefined();
      expect(res.body.id).toBeUndefined();
      expect(res.body.recommendation).toBeDefined();
      expect((await get('/v1/evaluations?workload=dry%20one', KEYS.admin)).body.items.length).toBe(before);
    });

    it('accepts a pinned matrix version and rejects an unknown one naming the parameter', async () => {
      const pinned = await post('/v1/evaluations?matrixVersion=2026.1', workloadInput());
      expect(pinned.status).toBe(201);
      expect(pinned.body.matrix.version).toBe('2026.1');
      const unknown = await post('/v1/evaluations?matrixVersion=1999.9', workloadInput());
      expect(unknown.status).toBe(422);
      expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(unknown.body.errors).toEqual([{ path: 'matrixVersion', message: "matrixVersion '1999.9' does not exist" }]);
    });

    it('treats array fields as sets: repeats are accepted and change nothing', async () => {
      const once = await post('/v1/evaluations?dryRun=true', workloadInput({ privileges: ['root'], compliance: ['gdpr'] }));
      const repeated = await post('/v1/evaluations?dryRun=true', workloadInput({ privileges: ['root', 'root'], compliance: ['gdpr', 'gdpr', 'gdpr'] }));
      expect(repeated.status).toBe(200);
      expect(repeated.body.workload).toMatchObject({ privileges: ['root'], compliance: ['gdpr'] });
      expect(repeated.body).toEqual(once.body);
    });

    it('ignores the order of array fields', async () => {
      const a = await post('/v1/evaluations?dryRun=true', workloadInput({ privileges: ['root', 'host-network'], compliance: ['soc2', 'gdpr'] }));
      const b = await post('/v1/evaluations?dryRun=true', workloadInput({ privileges: ['host-network', 'root'], compliance: ['gdpr', 'soc2'] }));
      expect(a.body).toEqual(b.body);
    });

    describe("answers each of the domain brief's examples as the brief does", () => {
      const examples = (readMatrixDocument().examples as { id: string; workload: object; expected: string }[]).map((e) => [e.id, e] as const);
      it.each(examples)('%s', async (_id, example) => {
        const res = await post('/v1/evaluations', example.workload);
        expect(res.status).toBe(201);
        expect(res.body.recommendation).toBe(example.expected);
      });
    });
  });

  describe('GET /v1/evaluations', () => {
    const names = ['page-a', 'page-b', 'page-c', 'page-d', 'page-e'];
    const ids: string[] = [];
    beforeAll(async () => {
      for (const name of names) ids.push((await post('/v1/evaluations', workloadInput({ name, os: name === 'page-c' ? 'other' : 'linux' }), KEYS.bob)).body.id);
    });

    it('pages newest first with a cursor', async () => {
      const first = await get('/v1/evaluations?limit=2', KEYS.bob);
      expect(first.status).toBe(200);
      expect(first.body.items.map((i: { workload: { name: string } }) => i.workload.name)).toEqual(['page-e', 'page-d']);
      const second = await get(`/v1/evaluations?limit=2&cursor=${first.body.nextCursor}`, KEYS.bob);
      expect(second.body.items.map((i: { workload: { name: string } }) => i.workload.name)).toEqual(['page-c', 'page-b']);
      const third = await get(`/v1/evaluations?limit=2&cursor=${second.body.nextCursor}`, KEYS.bob);
      expect(third.body.items.map((i: { workload: { name: string } }) => i.workload.name)).toEqual(['page-a']);
      expect(third.body.nextCursor).toBeNull();
    });

    it('filters by workload, recommendation and matrix version', async () => {
      const byName = await get('/v1/evaluations?workload=page-c', KEYS.bob);
      expect(byName.body.items.map((i: { id: string }) => i.id)).toEqual([ids[2]]);
      const vms = await get('/v1/evaluations?recommendation=vm', KEYS.bob);
      expect(vms.body.items.map((i: { id: string }) => i.id)).toEqual([ids[2]]);
      const byVersion = await get(`/v1/evaluations?matrixVersion=${DEFAULT_TEST_MATRIX}&limit=100`, KEYS.bob);
      expect(byVersion.body.items).toHaveLength(5);
      expect((await get('/v1/evaluations?matrixVersion=nope', KEYS.bob)).body.items).toEqual([]);
    });

    it('shows an evaluator only its own records and an admin all of them', async () => {
      const alices = await get('/v1/evaluations?limit=100', KEYS.alice);
      expect(alices.body.items.length).toBeGreaterThan(0);
      expect(alices.body.items.some((i: { id: string }) => ids.includes(i.id))).toBe(false);
      expect((await get(`/v1/evaluations/${ids[0]}`, KEYS.alice)).status).toBe(404);
      expect((await get(`/v1/evaluations/${ids[0]}`, KEYS.bob)).status).toBe(200);
      expect((await get(`/v1/evaluations/${ids[0]}`, KEYS.admin)).status).toBe(200);
      const all = await get('/v1/evaluations?limit=100', KEYS.admin);
      expect(all.body.items.length).toBe(alices.body.items.length + 5);
    });

    it('rejects a limit out of range and a malformed cursor or id', async () => {
      for (const query of ['limit=0', 'limit=101', 'limit=abc', 'cursor=xyz', 'recommendation=mainframe']) {
        const res = await get(`/v1/evaluations?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.errors[0].path).toBe(query.split('=')[0]);
      }
      const badId = await get('/v1/evaluations/not-a-uuid');
      expect(badId.status).toBe(400);
      expect(badId.body.errors).toEqual([{ path: 'id', message: 'id must be a UUID' }]);
      expect((await get('/v1/evaluations/01a20000-0000-7000-8000-000000000000')).status).toBe(404);
    });
  });

  describe('POST /v1/evaluations/batch', () => {
    it('evaluates in input order, stores every item and counts the recommendations', async () => {
      const workloads = [
        workloadInput({ name: 'batch-1', tenancy: 'multi-tenant', compliance: ['hipaa'], orchestration: 'kubernetes', scale: { instances: 30 } }),
        workloadInput({ name: 'batch-2', orchestration: 'kubernetes', scale: { instances: 200 } }),
        workloadInput({ name: 'batch-3', codeTrust: 'untrusted', tenancy: 'multi-tenant', workloadType: 'function', startupBudgetMs: 300 }),
        workloadInput({ name: 'batch-4', os: 'other', kernelRequirements: ['realtime'] }),
      ];
      const res = await post('/v1/evaluations/batch', { workloads });
      expect(res.status).toBe(201);
      expect(res.body.items.map((i: { workload: { name: string } }) => i.workload.name)).toEqual(['batch-1', 'batch-2', 'batch-3', 'batch-4']);
      expect(res.body.items.map((i: { recommendation: string }) => i.recommendation)).toEqual(['hybrid', 'container', 'microvm', 'vm']);
      expect(res.body.summary).toEqual({ container: 1, microvm: 1, vm: 1, hybrid: 1, none: 0, total: 4 });
      for (const item of res.body.items) expect((await get(`/v1/evaluations/${item.id}`)).body.id).toBe(item.id);
    });

    it('rejects the whole batch, naming the index, when one item is invalid, and stores none of it', async () => {
      const workloads = [workloadInput({ name: 'atomic-1' }), workloadInput({ name: 'atomic-2' }), { ...workloadInput({ name: 'atomic-3' }), tenancy: 'shared' }];
      const res = await post('/v1/evaluations/batch', { workloads });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'workloads[2].tenancy', message: 'workloads[2].tenancy must be one of the following values: single-tenant, multi-tenant' }]);
      for (const name of ['atomic-1', 'atomic-2']) expect((await get(`/v1/evaluations?workload=${name}`, KEYS.admin)).body.items).toEqual([]);
    });

    it('rejects an empty batch and one over 1000 items', async () => {
      expect((await post('/v1/evaluations/batch', { workloads: [] })).body.errors).toEqual([{ path: 'workloads', message: 'workloads must hold at least one workload' }]);
      const tooMany = Array.from({ length: 1001 }, (_, i) => ({ name: `w${i}`, codeTrust: 'first-party', tenancy: 'single-tenant' }));
      const res = await post('/v1/evaluations/batch', { workloads: tooMany });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'workloads', message: 'workloads must hold at most 1,000 workloads; split larger portfolios into several batches' }]);
    });

    it('stores nothing on a dry run', async () => {
      const res = await post('/v1/evaluations/batch?dryRun=true', { workloads: [workloadInput({ name: 'dry-batch' })] });
      expect(res.status).toBe(200);
      expect(res.body.items[0].id).toBeUndefined();
      expect((await get('/v1/evaluations?workload=dry-batch', KEYS.admin)).body.items).toEqual([]);
    });
  });
});
