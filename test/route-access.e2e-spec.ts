import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { registeredRoutes } from '../src/auth/request-gate.js';
import { hashSecret } from '../src/auth/api-key-store.js';
import { KEYS, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Who may call each documented route. A route missing here fails the test, so a new route
 * cannot ship without someone deciding who may call it.
 */
const ACCESS: Record<string, 'public' | 'evaluator' | 'admin'> = {
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'POST /v1/api-keys': 'admin',
  'GET /v1/api-keys': 'admin',
  'DELETE /v1/api-keys/{name}': 'admin',
  'GET /v1/audit': 'admin',
  'POST /v1/evaluations': 'evaluator',
  'GET /v1/evaluations': 'evaluator',
  'POST /v1/evaluations/batch': 'evaluator',
  'GET /v1/evaluations/{id}': 'evaluator',
  'POST /v1/evaluations/{id}/replay': 'evaluator',
  'GET /v1/matrices': 'evaluator',
  'POST /v1/matrices': 'admin',
  'GET /v1/matrices/active': 'evaluator',
  'GET /v1/matrices/{from}/diff/{to}': 'evaluator',
  'GET /v1/matrices/{version}': 'evaluator',
  'PUT /v1/matrices/{version}': 'admin',
  'DELETE /v1/matrices/{version}': 'admin',
  'POST /v1/matrices/{version}/activate': 'admin',
  'POST /v1/matrices/{version}/deprecate': 'admin',
  'POST /v1/matrices/{version}/impact': 'admin',
  'POST /v1/matrices/{version}/publish': 'admin',
  'POST /v1/workloads/derive': 'evaluator',
  // Also for METRICS_TOKEN, which is not an API key (test/observability.e2e-spec.ts).
  'GET /metrics': 'admin',
};

const documented = Object.entries(parseYaml(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8')).paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
  Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
);

const REVOKED = 'revoked-secret-0123456789-0123456789-abc';
const EXPIRED = 'expired-secret-0123456789-0123456789-abc';

let t: TestApp;
beforeAll(async () => {
  // Wrong keys are the point here; the failed-authentication throttle has its own test.
  t = await startTestApp({ AUTH_FAILURES_PER_ADDRESS: '10000' });
  const now = new Date().toISOString();
  await t.sql(`INSERT INTO api_keys (id, name, role, secret_hash, source, created_at, revoked_at) VALUES ('${randomUUID()}', 'gone', 'admin', '${hashSecret(REVOKED)}', 'api', '${now}', '${now}')`);
  await t.sql(`INSERT INTO api_keys (id, name, role, secret_hash, source, created_at, expires_at) VALUES ('${randomUUID()}', 'old', 'admin', '${hashSecret(EXPIRED)}', 'api', '${now}', '2001-01-01T00:00:00.000Z')`);
});
afterAll(async () => {
  await t.close();
});

describe('routes', () => {
  it('every documented route has an access rule, and every rule a documented route', () => {
    expect([...documented].sort()).toEqual(Object.keys(ACCESS).sort());
  });

  it('the registered routes and the documented ones are the same set', () => {
    const registered = registeredRoutes(t.app.getHttpAdapter().getInstance())
      .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && !r.url.startsWith('/docs') && r.url !== '*' && r.url !== '/*')
      .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z]+)/g, '{$1}')}`);
    expect([...new Set(registered)].sort()).toEqual([...documented].sort());
  });

  it('every route holds its response until the end of the turn, after its other onSend hooks (src/common/turn-end-writes.ts)', () => {
    const onSend = t.app
      .getHttpAdapter()
      .getInstance()
      .printRoutes({ includeHooks: true, commonPrefix: false })
      .split('\n')
      .filter((line) => line.includes('(onSend)'))
      // Fastify's own HEAD handler comes after every hook of the GET it derives from.
      .map((line) => (JSON.parse(line.slice(line.indexOf('['))) as string[]).filter((hook) => hook !== 'headRouteOnSendHandler()'));
    expect(onSend.length).toBeGreaterThanOrEqual(registeredRoutes(t.app.getHttpAdapter().getInstance()).length);
    for (const hooks of onSend) expect(hooks[hooks.length - 1]).toBe('holdUntilTurnEnds()');
  });

  const concrete = (path: string) =>
    path
      .replace('{id}', randomUUID())
      .replace('{name}', 'nobody')
      .replace(/\{(version|from|to)\}/g, 'no-such-version');
  const callers: [string, string | undefined, (access: string) => number[] | 'allowed'][] = [
    ['no key', undefined, (a) => (a === 'public' ? 'allowed' : [401])],
    ['a malformed key', 'not a key', (a) => (a === 'public' ? 'allowed' : [401])],
    ['a revoked key', REVOKED, (a) => (a === 'public' ? 'allowed' : [401])],
    ['an expired key', EXPIRED, (a) => (a === 'public' ? 'allowed' : [401])],
    ['an evaluator key', KEYS.alice, (a) => (a === 'admin' ? [403] : 'allowed')],
    ['an admin key', KEYS.admin, () => 'allowed'],
  ];

  it.each(callers)('answers each route as its access rule says, with %s', async (_label, secret, expected) => {
    for (const route of documented) {
      const [method, path] = route.split(' ') as [string, string];
      let req = t.http()[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](concrete(path));
      if (secret) req = req.set('X-API-Key', secret);
      const res = await (method === 'POST' || method === 'PUT' ? req.send({}) : req);
      const want = expected(ACCESS[route]);
      if (want === 'allowed') expect({ route, status: [401, 403].includes(res.status) ? res.status : 'allowed' }).toEqual({ route, status: 'allowed' });
      else expect({ route, status: res.status }).toEqual({ route, status: want[0] });
      expect(res.status).toBeLessThan(500);
    }
  });
});
