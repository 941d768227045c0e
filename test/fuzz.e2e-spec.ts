import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { readMatrixDocument, workloadInput } from './support/factories.js';
import { broken, fromSchema } from './support/openapi-arbitraries.js';
import { KEYS, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Property-based HTTP tests over every route of openapi.yaml: valid bodies broken in every
 * way we could think of, wrong content types and methods, malformed ids and cursors,
 * repeated and oversized query strings. Whatever arrives: never a 5xx, every error is
 * problem+json without internals, nothing reaches Object.prototype, and the service is healthy after.
 */
const openapi = parseYaml(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8'));
const documented = Object.entries(openapi.paths as Record<string, Record<string, { requestBody?: { content: Record<string, { schema: object }> } }>>).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, schema: operation.requestBody?.content['application/json']?.schema })),
);
// Valid bodies generated from each operation's own schema, then broken.
const schemaBodies = documented.filter((r) => r.schema).map((r) => ({ route: r, body: broken(fromSchema(r.schema!, openapi.components.schemas)) }));

let t: TestApp;
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
beforeAll(async () => {
  t = await startTestApp({ AUTH_FAILURES_PER_ADDRESS: '100000', RATE_LIMIT_PER_ADDRESS: '100000', RATE_LIMIT_PER_KEY: '100000', CONCURRENT_HEAVY_PER_KEY: '1000' });
});
afterAll(async () => {
  await t.close();
});

const errorBodies: string[] = [];
const statuses = new Map<number, number>();

// Bodies: valid ones from the schemas' own examples, then broken.
const validBodies = [workloadInput(), { workloads: [workloadInput(), workloadInput({ name: 'second' })] }, readMatrixDocument(), { name: 'fuzz-key', role: 'evaluator' }];
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('', 'x'.repeat(70_000), '\u0000', '\ud800', 'constructor', '__proto__', -0, 1e308, Number.MAX_SAFE_INTEGER + 2, -1, 0.5, true, null, [], {}),
  fc.array(fc.constant('root'), { minLength: 0, maxLength: 2000 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
);
const brokenObject = fc
  .tuple(
    fc.constantFrom(...validBodies),
    fc.array(fc.tuple(fc.constantFrom('name', 'codeTrust', 'tenancy', 'scale', 'privileges', 'workloads', 'version', 'criteria', 'role', 'extra', '__proto__', 'constructor', 'prototype'), hostileValue), { maxLength: 4 }),
    fc.array(fc.constantFrom('name', 'codeTrust', 'workloads', 'version', 'role'), { maxLength: 2 }),
  )
  .map(([base, sets, drops]) => {
    const body: Record<string, unknown> = JSON.parse(JSON.stringify(base));
    for (const key of drops) delete body[key];
    for (const [key, value] of sets) Object.defineProperty(body, key, { value, enumerable: true, writable: true, configurable: true });
    return JSON.stringify(body);
  });
const rawBody = fc.oneof(
  brokenObject,
  fc.constantFrom(...validBodies).map((b) => JSON.stringify(b)),
  fc.integer({ min: 1, max: 20_000 }).map((n) => `{"name":${'['.repeat(n)}${']'.repeat(n)}}`),
  fc.constantFrom('{"name":"a","scale":{"instances":1e309}}', '{"name":-0}', '{"name":"\\ud800"}', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '{', '', 'null', '[]', '"x"', 'a: 1\n__proto__: {polluted: 1}'),
  fc.string({ maxLength: 200 }),
);
const contentType = fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'application/yaml', 'text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', undefined);
const pathParam = fc.oneof(fc.constantFrom('2026.1', 'nobody', '01a201c8-bac3-75ca-95e0-ff6df820fbb5', 'x'.repeat(300), '..', '%00', '%E0%A4%A', '%2F', 'constructor', '__proto__', 'a%20b'), fc.stringMatching(/^[A-Za-z0-9._~-]{1,40}$/));
const query = fc.oneof(
  fc.constant(''),
  fc.constantFrom(
    '?limit=1&limit=2',
    '?cursor=not-a-cursor',
    '?cursor=01a201c8-bac3-75ca-95e0-ff6df820fbb5',
    `?workload=${'w'.repeat(5000)}`,
    '?dryRun=maybe',
    '?dryRun=true&dryRun=false',
    '?matrixVersion=../../etc',
    '?since=2026-W05',
    '?since=9999-99-99',
    '?limit=-1',
    '?limit=1e3',
    '?recommendation[]=vm',
    '?__proto__[polluted]=1',
    '?api_key=x',
  ),
  fc.string({ maxLength: 30 }).map((s) => `?q=${encodeURIComponent(s)}`),
);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH');

describe('fuzzing every documented route', () => {
  it('never answers 5xx, always problem+json for errors, and leaks nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...documented), fc.boolean(), method, pathParam, pathParam, query, rawBody, contentType, fc.constantFrom(KEYS.admin, KEYS.alice), async (route, wrongMethod, otherMethod, p1, p2, q, body, type, key) => {
        let used = false;
        const path = route.path.replace(/\{[^}]+\}/g, () => {
          used = !used;
          return used ? p1 : p2;
        });
        const verb = wrongMethod ? otherMethod : route.method;
        let req = t
          .http()
          [verb.toLowerCase() as 'get' | 'post' | 'put' | 'delete' | 'patch'](path + q)
          .set('X-API-Key', key);
        if (route.path.includes('{version}') && verb === 'PUT') req = req.set('If-Match', '*');
        if (type) req = req.set('Content-Type', type);
        const res = verb === 'GET' || verb === 'DELETE' ? await req : await req.send(body);
        expect({ route: `${verb} ${path}${q}`, status: res.status < 500 ? 'below 500' : res.status }).toEqual({ route: `${verb} ${path}${q}`, status: 'below 500' });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 400) {
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          errorBodies.push(res.text);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("bodies generated from each operation's schema and then broken never cause a 5xx", async () => {
    for (const { route, body } of schemaBodies) {
      await fc.assert(
        fc.asyncProperty(body, fc.constantFrom(KEYS.admin, KEYS.alice), async (text, key) => {
          const path = route.path.replace('{version}', 'fuzz-draft');
          let req = t.http()[route.method.toLowerCase() as 'post' | 'put'](path).set('X-API-Key', key).set('Content-Type', 'application/json');
          if (route.method === 'PUT') req = req.set('If-Match', '*');
          const res = await req.send(text);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect({ route: `${route.method} ${path}`, status: res.status < 500 ? 'below 500' : res.status }).toEqual({ route: `${route.method} ${path}`, status: 'below 500' });
          if (res.status >= 400) {
            expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
            errorBodies.push(res.text);
          }
        }),
        { numRuns: 60 },
      );
    }
  });

  it('reached the handlers, not only the router: successes and validation failures both occurred', () => {
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(20);
  });

  it('no error body carries a stack trace, SQL, a file path, a driver message or key material', () => {
    expect(errorBodies.length).toBeGreaterThan(100);
    const leaks = [
      /\bat .+:\d+:\d+/,
      /\.(ts|js):\d+/,
      /node_modules|\/tmp\/|\/work\/|\/usr\/|\/home\//,
      /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b/,
      /SQLITE_|QueryFailedError|TypeORM|better-sqlite3|node-postgres|relation "|syntax error at|duplicate key value|violates .* constraint/,
      /[0-9a-f]{64}/,
    ];
    const secrets = Object.values(KEYS);
    for (const body of errorBodies) {
      for (const pattern of leaks) expect({ body: body.slice(0, 300), leak: pattern.test(body) ? String(pattern) : null }).toEqual({ body: body.slice(0, 300), leak: null });
      for (const secret of secrets) expect(body.includes(secret)).toBe(false);
    }
  });

  it('leaves Object.prototype untouched and the service healthy', async () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await t.http().get('/health/ready')).status).toBe(200);
    expect((await t.http().post('/v1/evaluations?dryRun=true').set('X-API-Key', KEYS.alice).send(workloadInput())).status).toBe(200);
  });

  it('a wrong method on a documented path is a 404 or a 405 with Allow, as problem+json', async () => {
    for (const { path } of documented) {
      const res = await t
        .http()
        .patch(path.replace(/\{[^}]+\}/g, 'x'))
        .set('X-API-Key', KEYS.admin);
      expect([404, 405]).toContain(res.status);
      if (res.status === 405) expect(res.headers.allow).toBeDefined();
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});
