import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { KEY_CACHE_MS } from '../src/auth/api-key.service.js';
import { workloadInput } from './support/factories.js';
import { KEYS, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const expectProblem = (res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(js|ts):\d+/);
};

describe('API keys', () => {
  it('answers 401 without a key and with a wrong one', async () => {
    expectProblem(await t.http().get('/v1/matrices'), 401);
    expectProblem(await t.http().get('/v1/matrices').set('X-API-Key', 'not-a-key'), 401);
    expectProblem(await t.http().post('/v1/evaluations').send(workloadInput()), 401);
  });

  it('accepts the key as a bearer token too', async () => {
    const res = await t.http().get('/v1/matrices').set('Authorization', `Bearer ${KEYS.alice}`);
    expect(res.status).toBe(200);
  });

  it('lets an evaluator dry-run against a pinned published version (drafts and writes are covered by the lifecycle suite)', async () => {
    const res = await t.http().post('/v1/evaluations?dryRun=true&matrixVersion=2026.1').set('X-API-Key', KEYS.alice).send(workloadInput());
    expect(res.status).toBe(200);
  });

  it('follows keys stored in the database, not a copy taken at start: a key added or removed there counts within a second', async () => {
    const secret = 'stored-secret-0123456789-0123456789';
    const status = async () => (await t.http().get('/v1/matrices').set('X-API-Key', secret)).status;
    // Until the cache expires, the status may lag by KEY_CACHE_MS; after that it must have changed.
    // Polled every 200 ms so the wrong-key attempts stay under the failed-authentication limit.
    const settlesTo = async (expected: number) => {
      const changedAt = Date.now();
      let last = await status();
      while (last !== expected && Date.now() - changedAt < KEY_CACHE_MS + 500) {
        await new Promise((r) => setTimeout(r, 200));
        last = await status();
      }
      return last;
    };
    expect(await status()).toBe(401);
    const digest = createHash('sha256').update(secret).digest('hex');
    await t.sql(`INSERT INTO api_keys (id, name, role, secret_hash, source, created_at) VALUES ('01a20000-0000-7000-8000-00000000a001', 'ops-stored', 'admin', '${digest}', 'api', '2026-11-26T00:00:00.000Z')`);
    expect(await settlesTo(200)).toBe(200);
    await t.sql(`DELETE FROM api_keys WHERE name = 'ops-stored'`);
    expect(await settlesTo(401)).toBe(401);
  });

  it('leaves health and docs open', async () => {
    expect((await t.http().get('/health/live')).status).toBe(200);
    expect((await t.http().get('/docs-json')).status).toBe(200);
  });
});

describe('errors are problem+json', () => {
  const post = (body: string | object, type = 'application/json') => t.http().post('/v1/evaluations').set('X-API-Key', KEYS.alice).set('Content-Type', type).send(body);

  it('404 for an unknown route', async () => {
    const res = await t.http().get('/v2/nothing').set('X-API-Key', KEYS.alice);
    expectProblem(res, 404);
    expect(res.body.title).toBe('Not Found');
  });

  it('400 for malformed JSON', async () => {
    const res = await post('{"name": "x",');
    expectProblem(res, 400);
    expect(res.body.type).toBe('/problems/malformed-body');
    // Where the text stops being JSON, so the caller can find it.
    expect(res.body.detail).toMatch(/^The body is not valid JSON: .*position 13 \(line 1 column 14\)\.$/);
    expect(res.body.errors).toEqual([{ path: 'body', message: expect.stringContaining('position 13') }]);
  });

  it('400 for an empty JSON body', async () => {
    const res = await post('');
    expectProblem(res, 400);
    expect(res.body).toMatchObject({ type: '/problems/malformed-body', title: 'The body is empty' });
  });

  it('413 for a body over 256 KB', async () => {
    const res = await post(JSON.stringify({ ...workloadInput(), name: 'x'.repeat(300 * 1024) }));
    expectProblem(res, 413);
    expect(res.body.type).toBe('/problems/body-too-large');
  });

  it('415 for a body that is not JSON', async () => {
    expectProblem(await post('name=x', 'application/x-www-form-urlencoded'), 415);
  });

  it('400 naming an unknown field, a bad enum with its allowed values, and a nested field', async () => {
    const res = await post({ ...workloadInput(), colour: 'blue', gpu: 'lots', scale: { instances: 10, burstInstances: 5 } });
    expectProblem(res, 400);
    expect(res.body.type).toBe('/problems/validation-failed');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'colour', message: 'colour is not a known field' },
        { path: 'gpu', message: 'gpu must be one of the following values: none, shared, dedicated' },
        { path: 'scale.burstInstances', message: 'scale.burstInstances must be at least scale.instances' },
      ]),
    );
  });

  it('400 for missing required fields, each named', async () => {
    const res = await post({});
    expectProblem(res, 400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['name', 'codeTrust', 'tenancy']));
  });

  it('400 for a body that is JSON but not an object', async () => {
    expectProblem(await post('[1,2,3]'), 400);
    expectProblem(await post('"text"'), 400);
    expectProblem(await post('null'), 400);
  });

  it('never answers 500, whatever JSON arrives', async () => {
    const anyJson = fc.oneof(
      fc.jsonValue(),
      fc.record(
        { name: fc.oneof(fc.string(), fc.integer()), codeTrust: fc.oneof(fc.constant('untrusted'), fc.string()), tenancy: fc.constant('multi-tenant'), scale: fc.jsonValue(), privileges: fc.jsonValue(), startupBudgetMs: fc.jsonValue() },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(anyJson, async (body) => {
        const res = await post(JSON.stringify(body));
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});
