import { stringify as toYaml } from 'yaml';
import { BODY_LIMIT_BYTES, MAX_HEADER_BYTES } from '../src/app.setup.js';
import { BODY_LIMITS } from '../src/common/body-parsers.js';
import { MAX_SET_ITEMS } from '../src/common/field-decorators.js';
import { MAX_CONDITION_DEPTH } from '../src/engine/conditions.js';
import { WORKLOAD_MAXIMA } from '../src/evaluations/dto/workload.dto.js';
import { readMatrixDocument, workloadInput } from './support/factories.js';
import { KEYS, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

type Res = { status: number; headers: Record<string, string>; body: Record<string, any>; text: string };
const expectProblem = (res: Res, status: number, type?: string) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (type) expect(res.body.type).toBe(type);
};
const timed = async <T>(work: () => PromiseLike<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
};
const post = (path: string, body: string, type = 'application/json', key: string | null = KEYS.alice) => {
  const req = t.http().post(path).set('Content-Type', type);
  return (key ? req.set('X-API-Key', key) : req).send(body);
};
// About 8 bytes a key, so 25,000 keys fit in the body limit as in the review's reproduction.
const manyKeysYaml = (keys: number) => Array.from({ length: keys }, (_, i) => `k${i.toString(36)}: 1`).join('\n');

describe('YAML cannot freeze the service', () => {
  it('refuses a 25,000-key YAML body on any path without a key before reading it (401), in milliseconds rather than the 9-11 s the review measured', async () => {
    const body = manyKeysYaml(25_000);
    for (const path of ['/v1/evaluations', '/v1/matrices', '/nowhere']) {
      const [res, ms] = await timed(() => post(path, body, 'application/yaml', null));
      expectProblem(res, 401);
      expect(ms).toBeLessThan(2000);
    }
  });

  it('accepts YAML only for matrix documents and manifests: 415 on evaluations, batches and unknown paths, 403 for an evaluator on matrices', async () => {
    expectProblem(await post('/v1/evaluations', toYaml(workloadInput())), 400); // JSON parser on YAML text
    expectProblem(await post('/v1/evaluations', toYaml(workloadInput()), 'application/yaml'), 415, '/problems/unsupported-media-type');
    expectProblem(await post('/v1/evaluations/batch', toYaml({ workloads: [workloadInput()] }), 'text/yaml'), 415);
    expectProblem(await post('/nowhere', 'a: 1', 'application/yaml'), 415);
    expectProblem(await post('/v1/matrices', 'a: 1', 'application/yaml'), 403);
    const manifest = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: web, image: nginx}]';
    expect([415, 403]).not.toContain((await post('/v1/workloads/derive', manifest, 'application/yaml')).status);
  });

  // The review measured 9-11 s for 25,000 keys; the bounds leave room for a loaded CI machine.
  it('parses a large YAML document for an admin in linear time and refuses one over the node limit quickly', async () => {
    const under = manyKeysYaml(Math.floor(BODY_LIMITS.maxYamlNodes / 2) - 10);
    const [ok, okMs] = await timed(() => post('/v1/matrices', under, 'application/yaml', KEYS.admin));
    expectProblem(ok, 422, '/problems/matrix-invalid');
    expect(okMs).toBeLessThan(3000);
    const [over, overMs] = await timed(() => post('/v1/matrices', manyKeysYaml(25_000), 'application/yaml', KEYS.admin));
    expectProblem(over, 400, '/problems/body-too-complex');
    expect(overMs).toBeLessThan(3000);
  });

  it('refuses duplicate keys, reserved keys, non-string keys, several documents and more aliases than allowed', async () => {
    const admin = (yaml: string) => post('/v1/matrices', yaml, 'application/yaml', KEYS.admin);
    expectProblem(await admin('a: 1\na: 2'), 400);
    for (const key of ['__proto__', 'constructor', 'prototype']) expectProblem(await admin(`version: x\n${key}:\n  polluted: yes`), 400);
    expectProblem(await admin('? [a, b]\n: 1'), 400);
    expectProblem(await admin('a: 1\n---\nb: 2'), 400);
    const aliases = (n: number) => `base: &b {x: 1}\nlist:\n${Array.from({ length: n }, () => '  - *b').join('\n')}`;
    expectProblem(await admin(aliases(BODY_LIMITS.maxYamlAliases)), 422); // parsed: within the limit, then not a matrix
    expectProblem(await admin(aliases(BODY_LIMITS.maxYamlAliases + 1)), 400, '/problems/body-too-complex');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses an alias bomb quickly instead of expanding it', async () => {
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
    const [res, ms] = await timed(() => post('/v1/matrices', bomb, 'application/yaml', KEYS.admin));
    expectProblem(res, 400, '/problems/body-too-complex');
    expect(ms).toBeLessThan(2000);
  });

  it('parses a YAML matrix at the depth limit and refuses one level more', async () => {
    const nested = (depth: number) => `version: x\n${'  '.repeat(0)}d: ${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}`;
    expectProblem(await post('/v1/matrices', nested(BODY_LIMITS.maxDepth), 'application/yaml', KEYS.admin), 422);
    expectProblem(await post('/v1/matrices', nested(BODY_LIMITS.maxDepth + 1), 'application/yaml', KEYS.admin), 400, '/problems/body-too-complex');
  });
});

describe('deeply nested JSON is refused before any recursive code sees it', () => {
  const deep = (levels: number) => `{"name":${'['.repeat(levels)}${']'.repeat(levels)},"codeTrust":"first-party","tenancy":"single-tenant"}`;
  it.each(['/v1/evaluations', '/v1/evaluations?dryRun=true', '/v1/evaluations/batch', '/v1/matrices', '/v1/api-keys'])('400, not 500, for 5,000 and 60,000 levels on %s', async (path) => {
    for (const levels of [5000, 60_000]) expectProblem(await post(path, deep(levels), 'application/json', KEYS.admin), 400, '/problems/body-too-complex');
    expectProblem(await post(path, `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`, 'application/json', KEYS.admin), 400, '/problems/body-too-complex');
  });

  it('counts depth at the limit and one past it, ignoring brackets inside strings', async () => {
    expectProblem(await post('/v1/evaluations', deep(BODY_LIMITS.maxDepth - 1)), 400, '/problems/validation-failed');
    expectProblem(await post('/v1/evaluations', deep(BODY_LIMITS.maxDepth)), 400, '/problems/body-too-complex');
    const res = await post('/v1/evaluations?dryRun=true', JSON.stringify(workloadInput({ name: '[[[[{{{{'.repeat(20) })));
    expect(res.status).toBe(200);
  });

  it('refuses __proto__ and constructor.prototype in JSON', async () => {
    for (const body of ['{"name":"x","__proto__":{"polluted":1}}', '{"name":"x","constructor":{"prototype":{"polluted":1}}}']) {
      const res = await post('/v1/evaluations', body);
      expectProblem(res, 400, '/problems/malformed-body');
      expect(res.body.detail).toContain('reserved key: __proto__, or constructor holding a prototype');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('limits, at the limit and one past it', () => {
  it(`body size: ${BODY_LIMIT_BYTES} bytes is read, one more is 413`, async () => {
    const filler = (bytes: number) => {
      const head = '{"name":"';
      const tail = '","codeTrust":"first-party","tenancy":"single-tenant"}';
      return head + 'x'.repeat(bytes - head.length - tail.length) + tail;
    };
    expectProblem(await post('/v1/evaluations', filler(BODY_LIMIT_BYTES)), 400, '/problems/validation-failed');
    expectProblem(await post('/v1/evaluations', filler(BODY_LIMIT_BYTES + 1)), 413, '/problems/body-too-large');
  });

  it('batch size 1000 and 1001', async () => {
    const batch = (n: number) => JSON.stringify({ workloads: Array.from({ length: n }, () => ({ name: 'b', codeTrust: 'first-party', tenancy: 'single-tenant' })) });
    expect((await post('/v1/evaluations/batch?dryRun=true', batch(1000))).status).toBe(200);
    expectProblem(await post('/v1/evaluations/batch?dryRun=true', batch(1001)), 400);
  });

  it('page size 100 and 101', async () => {
    expect((await t.http().get('/v1/evaluations?limit=100').set('X-API-Key', KEYS.alice)).status).toBe(200);
    expectProblem(await t.http().get('/v1/evaluations?limit=101').set('X-API-Key', KEYS.alice), 400);
  });

  it('name length 200 and 201; control characters and lone surrogates are refused', async () => {
    expect((await post('/v1/evaluations?dryRun=true', JSON.stringify(workloadInput({ name: 'n'.repeat(200) })))).status).toBe(200);
    expectProblem(await post('/v1/evaluations?dryRun=true', JSON.stringify(workloadInput({ name: 'n'.repeat(201) }))), 400);
    for (const name of ['a\u0000b', 'a\u001bb', 'line\nbreak', '\u007f']) expectProblem(await post('/v1/evaluations?dryRun=true', JSON.stringify(workloadInput({ name }))), 400);
    expectProblem(await post('/v1/evaluations?dryRun=true', '{"name":"a\\ud800b","codeTrust":"first-party","tenancy":"single-tenant"}'), 400);
    expect((await post('/v1/evaluations?dryRun=true', JSON.stringify(workloadInput({ name: 'Zahlungsdienst ☁ 云' })))).status).toBe(200);
  });

  it('numbers have ceilings: at the ceiling 200, above it (and 2^53, 1e309) 400', async () => {
    const dry = (overrides: object) => post('/v1/evaluations?dryRun=true', JSON.stringify({ ...workloadInput(), ...overrides }));
    expect((await dry({ scale: { instances: WORKLOAD_MAXIMA.instances } })).status).toBe(200);
    expectProblem(await dry({ scale: { instances: WORKLOAD_MAXIMA.instances + 1 } }), 400);
    expectProblem(await dry({ scale: { instances: 2 ** 53 } }), 400);
    expect((await dry({ startupBudgetMs: WORKLOAD_MAXIMA.startupBudgetMs, memoryMbPerInstance: WORKLOAD_MAXIMA.memoryMbPerInstance })).status).toBe(200);
    expectProblem(await dry({ startupBudgetMs: WORKLOAD_MAXIMA.startupBudgetMs + 1 }), 400);
    expectProblem(await dry({ memoryMbPerInstance: WORKLOAD_MAXIMA.memoryMbPerInstance + 1 }), 400);
    expectProblem(await post('/v1/evaluations?dryRun=true', '{"name":"x","codeTrust":"first-party","tenancy":"single-tenant","scale":{"instances":1e309}}'), 400);
  });

  it(`set fields take ${MAX_SET_ITEMS} items (repeats allowed) and refuse one more`, async () => {
    expect((await post('/v1/evaluations?dryRun=true', JSON.stringify({ ...workloadInput(), privileges: Array(MAX_SET_ITEMS).fill('root') }))).status).toBe(200);
    expectProblem(await post('/v1/evaluations?dryRun=true', JSON.stringify({ ...workloadInput(), privileges: Array(MAX_SET_ITEMS + 1).fill('root') })), 400);
  });

  it('a 100,000-item array is refused at once (set fields are checked for length before their items)', async () => {
    const [res, ms] = await timed(() => post('/v1/evaluations?dryRun=true', JSON.stringify({ ...workloadInput(), privileges: Array(100_000).fill(1) })));
    expectProblem(res, 400);
    expect(ms).toBeLessThan(2000);
  });

  it(`condition nesting ${MAX_CONDITION_DEPTH} is accepted, ${MAX_CONDITION_DEPTH + 1} refused with its path`, async () => {
    const nest = (depth: number) => {
      let c: object = { field: 'codeTrust', op: 'eq', value: 'untrusted' };
      for (let i = 1; i < depth; i++) c = { not: c };
      return c;
    };
    const doc = (depth: number) => {
      const d = readMatrixDocument();
      d.version = `depth-${depth}`;
      d.constraints[0].when = nest(depth);
      return JSON.stringify(d);
    };
    expect((await post('/v1/matrices', doc(MAX_CONDITION_DEPTH), 'application/json', KEYS.admin)).status).toBe(201);
    const res = await post('/v1/matrices', doc(MAX_CONDITION_DEPTH + 1), 'application/json', KEYS.admin);
    expectProblem(res, 422, '/problems/matrix-invalid');
    expect(res.body.errors[0].path).toBe('constraints[0].when');
  });

  it('a criterion id that names an Object.prototype member is refused', async () => {
    const d = readMatrixDocument();
    d.version = 'proto-ids';
    d.criteria[0].id = 'constructor';
    const res = await post('/v1/matrices', JSON.stringify(d), 'application/json', KEYS.admin);
    expectProblem(res, 422);
    expect(res.body.errors).toEqual(expect.arrayContaining([{ path: 'criteria[0].id', message: 'is a reserved word' }]));
  });

  it(`headers up to ${MAX_HEADER_BYTES / 1024} KB are read; larger ones get 431`, async () => {
    expect(
      (
        await t
          .http()
          .get('/health/live')
          .set('X-Filler', 'x'.repeat(MAX_HEADER_BYTES - 1024))
      ).status,
    ).toBe(200);
    const res = await t
      .http()
      .get('/health/live')
      .set('X-Filler', 'x'.repeat(MAX_HEADER_BYTES + 1));
    expect(res.status).toBe(431);
  });
});

describe('other rough edges', () => {
  it('415 for text/plain and form bodies, on every route', async () => {
    expectProblem(await post('/v1/evaluations', 'name=x', 'text/plain'), 415);
    expectProblem(await post('/v1/matrices', 'x', 'text/plain', KEYS.admin), 415);
    expectProblem(await post('/v1/evaluations', 'name=x', 'application/x-www-form-urlencoded'), 415);
  });

  it('a malformed URL answers problem+json', async () => {
    const res = await t.http().get('/v1/evaluations/%E0%A4%A').set('X-API-Key', KEYS.alice);
    expectProblem(res, 400, '/problems/bad-url');
  });

  it('a CORS preflight without a body passes the key check; one with a body does not', async () => {
    const preflight = await t.http().options('/v1/evaluations').set('Origin', 'https://portal.example').set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).not.toBe(401);
    expect(preflight.status).toBeLessThan(500);
    expectProblem(await t.http().options('/v1/evaluations').set('Content-Type', 'application/yaml').send('a: 1'), 401);
  });

  it('impact ?since=2026-W05 is a 400, not a 500', async () => {
    expectProblem(await t.http().post('/v1/matrices/2026.1/impact?since=2026-W05').set('X-API-Key', KEYS.admin), 400);
    expect((await t.http().post('/v1/matrices/2026.1/impact?since=2026-02-01').set('X-API-Key', KEYS.admin)).status).toBe(200);
  });
});
