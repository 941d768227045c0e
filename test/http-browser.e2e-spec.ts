import { Agent, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_TEST_MATRIX, workloadInput } from './support/factories.js';
import { KEYS, startTestApp, type TestApp } from './support/test-app.js';

const PORTAL = 'https://portal.example.com';
const corsHeaders = (headers: Record<string, string>) => Object.keys(headers).filter((h) => h.startsWith('access-control-'));

describe('CORS', () => {
  it('is off by default: a preflight gets no CORS headers', async () => {
    const t = await startTestApp();
    try {
      const res = await t.http().options('/v1/evaluations').set('Origin', PORTAL).set('Access-Control-Request-Method', 'POST');
      expect(res.status).toBe(404);
      expect(corsHeaders(res.headers)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  describe('with CORS_ORIGINS', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ CORS_ORIGINS: `${PORTAL},http://localhost:5173` });
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers a preflight from an allowed origin with the methods and headers the API uses', async () => {
      const res = await t.http().options('/v1/evaluations').set('Origin', PORTAL).set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'content-type,x-api-key');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
      expect(res.headers['access-control-allow-methods']).toContain('POST');
      expect(res.headers['access-control-allow-headers']).toMatch(/X-API-Key/);
      expect(res.headers['access-control-max-age']).toBe('600');
      expect(res.headers.vary).toMatch(/Origin/);
    });

    it('lets the allowed origin read ETag, Location, X-Request-Id and Preference-Applied from real answers', async () => {
      const res = await t.http().post('/v1/evaluations').set('Origin', PORTAL).set('X-API-Key', KEYS.alice).send(workloadInput());
      expect(res.status).toBe(201);
      expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
      expect(res.headers['access-control-expose-headers']).toBe('ETag, Location, X-Request-Id, Preference-Applied, Retry-After, WWW-Authenticate');
    });

    it('gives any other origin no CORS headers at all', async () => {
      const preflight = await t.http().options('/v1/evaluations').set('Origin', 'https://evil.example.com').set('Access-Control-Request-Method', 'POST');
      expect(preflight.status).toBe(404);
      expect(corsHeaders(preflight.headers)).toEqual([]);
      const simple = await t.http().get('/health/live').set('Origin', 'https://portal.example.com.evil.example.com');
      expect(simple.status).toBe(200);
      expect(corsHeaders(simple.headers)).toEqual([]);
    });
  });
});

describe('security headers, conditional GETs and timeouts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '20000', KEEP_ALIVE_TIMEOUT_MS: '65000', MAX_REQUESTS_PER_CONNECTION: '3' });
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['a success', '/health/live', 200],
    ['a problem', '/v1/matrices', 401],
    ['an unknown route without a key', '/nowhere', 401],
    ['Swagger UI', '/docs/', 200],
  ])('sends security headers on %s', async (_, path, status) => {
    const res = await t.http().get(path);
    expect(res.status).toBe(status);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers If-None-Match with the current ETag of a matrix with 304 and no body', async () => {
    const first = await t.http().get(`/v1/matrices/${DEFAULT_TEST_MATRIX}`).set('X-API-Key', KEYS.alice);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"r1-[0-9a-f]{16}-published-active-[0-9a-z]+"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await t.http().get(`/v1/matrices/${DEFAULT_TEST_MATRIX}`).set('X-API-Key', KEYS.alice).set('If-None-Match', ifNoneMatch);
      expect(again.status).toBe(304);
      expect(again.text ?? '').toBe('');
      expect(again.headers.etag).toBe(etag);
    }
    expect((await t.http().get('/v1/matrices/active').set('X-API-Key', KEYS.alice).set('If-None-Match', etag)).status).toBe(304);
    expect((await t.http().get(`/v1/matrices/${DEFAULT_TEST_MATRIX}`).set('X-API-Key', KEYS.alice).set('If-None-Match', '"r0-stale"')).status).toBe(200);
  });

  it('changes a published matrix ETag when its state changes, so a cached copy is not kept', async () => {
    const before = (await t.http().get(`/v1/matrices/${DEFAULT_TEST_MATRIX}`).set('X-API-Key', KEYS.admin)).headers.etag;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await t.http().post(`/v1/matrices/${DEFAULT_TEST_MATRIX}/activate`).set('X-API-Key', KEYS.admin)).status).toBe(200);
    const after = await t.http().get(`/v1/matrices/${DEFAULT_TEST_MATRIX}`).set('X-API-Key', KEYS.admin).set('If-None-Match', before);
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before);
  });

  it('answers If-None-Match on a stored evaluation with 304, and only for the key that may read it', async () => {
    const created = await t.http().post('/v1/evaluations').set('X-API-Key', KEYS.alice).send(workloadInput());
    const read = await t.http().get(`/v1/evaluations/${created.body.id}`).set('X-API-Key', KEYS.alice);
    expect(read.headers.etag).toBe(`"${created.body.id}"`);
    const again = await t.http().get(`/v1/evaluations/${created.body.id}`).set('X-API-Key', KEYS.alice).set('If-None-Match', read.headers.etag);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
    expect((await t.http().get(`/v1/evaluations/${created.body.id}`).set('X-API-Key', KEYS.bob).set('If-None-Match', read.headers.etag)).status).toBe(404);

    // The Markdown decision record is another representation, with its own validator.
    const markdown = await t.http().get(`/v1/evaluations/${created.body.id}`).set('X-API-Key', KEYS.alice).set('Accept', 'text/markdown');
    expect(markdown.headers.vary).toMatch(/Accept/);
    expect(markdown.headers.etag).not.toBe(read.headers.etag);
    expect((await t.http().get(`/v1/evaluations/${created.body.id}`).set('X-API-Key', KEYS.alice).set('Accept', 'text/markdown').set('If-None-Match', read.headers.etag)).status).toBe(200);
    expect((await t.http().get(`/v1/evaluations/${created.body.id}`).set('X-API-Key', KEYS.alice).set('Accept', 'text/markdown').set('If-None-Match', markdown.headers.etag)).status).toBe(304);
  });

  it('sets the server timeouts from the configuration', () => {
    const server = t.app.getHttpServer();
    expect([server.headersTimeout, server.requestTimeout, server.keepAliveTimeout]).toEqual([5000, 20000, 65000]);
  });

  it('closes a keep-alive connection after MAX_REQUESTS_PER_CONNECTION requests, saying so in the last answer', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const connectionHeaders: (string | undefined)[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        connectionHeaders.push(
          await new Promise<string | undefined>((resolve, reject) => {
            const req = get({ host: '127.0.0.1', port, path: '/health/live', agent }, (res) => {
              sockets.add(res.socket);
              res.resume().on('end', () => resolve(res.headers.connection));
            });
            req.on('error', reject);
          }),
        );
      }
    } finally {
      agent.destroy();
    }
    expect(connectionHeaders).toEqual(['keep-alive', 'keep-alive', 'close', 'keep-alive']);
    expect(sockets.size).toBe(2);
  });
});
