import { connect, type Socket } from 'node:net';
import type { ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of, Subject } from 'rxjs';
import { ConcurrencyLimiter, WindowCounter } from '../src/auth/rate-limiter.js';
import { HeavyRequestInterceptor } from '../src/common/heavy-request.interceptor.js';
import { loadConfig } from '../src/config/config.js';
import { workloadInput } from './support/factories.js';
import request from 'supertest';
import { createApp } from '../src/app.setup.js';
import { KEYS, startTestApp, type TestApp, type TestDatabase } from './support/test-app.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_KEY: '5', AUTH_FAILURES_PER_ADDRESS: '3', RATE_LIMIT_PER_ADDRESS: '40', RATE_LIMIT_WINDOW_SECONDS: '60' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('per key: the sixth request in the window is a 429 problem with Retry-After; another key is unaffected', async () => {
    for (let i = 0; i < 5; i++) expect((await t.http().get('/v1/matrices').set('X-API-Key', KEYS.bob)).status).toBe(200);
    const res = await t.http().get('/v1/matrices').set('X-API-Key', KEYS.bob);
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(res.body.type).toBe('/problems/rate-limited');
    expect((await t.http().get('/v1/matrices').set('X-API-Key', KEYS.alice)).status).toBe(200);
  });

  it('failed authentications are throttled harder: after 3 wrong keys even the right key waits, and nothing is checked', async () => {
    for (let i = 0; i < 3; i++) expect((await t.http().get('/v1/matrices').set('X-API-Key', `wrong-${i}`)).status).toBe(401);
    const res = await t.http().get('/v1/matrices').set('X-API-Key', KEYS.admin);
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    expect((await t.http().get('/health/live')).status).toBe(200); // probes still answer
  });

  it('per address, before authentication: the 41st request in the window is a 429, whatever its path', async () => {
    let last = 0;
    for (let i = 0; i < 45 && last !== 429; i++) last = (await t.http().get('/health/live')).status;
    expect(last).toBe(429);
  });
});

describe.each<TestDatabase>(['sqlite', 'postgres'])('failed authentications on %s', (database) => {
  it('are counted in the database, so an address that guesses on two replicas is throttled on both', async () => {
    const t = await startTestApp({ AUTH_FAILURES_PER_ADDRESS: '3' }, database);
    const replica = await createApp(t.config, { logger: false });
    try {
      const a = (key: string) => t.http().get('/v1/matrices').set('X-API-Key', key);
      const b = (key: string) => request(replica.getHttpServer()).get('/v1/matrices').set('X-API-Key', key);
      // Windows are aligned to the clock: start where the whole test fits in one, or a new window would forgive the failures.
      const windowMs = t.config.limits.rateLimitWindowSeconds * 1000;
      const left = windowMs - (Date.now() % windowMs);
      if (left < 5000) await sleep(left + 10);
      expect((await a('wrong-1')).status).toBe(401);
      expect((await a('wrong-2')).status).toBe(401);
      expect((await b('wrong-3')).status).toBe(401);
      expect((await b(KEYS.alice)).status).toBe(429);
      await sleep(1050); // replica a re-reads the shared count at most a second later
      const res = await a(KEYS.alice);
      expect(res.status).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await replica.close();
      await t.close();
    }
  });
});

describe('behind a reverse proxy', () => {
  it('counts failed authentications per forwarded client when the proxy is trusted, and ignores X-Forwarded-For otherwise', async () => {
    const trusted = await startTestApp({ AUTH_FAILURES_PER_ADDRESS: '2', TRUSTED_PROXIES: '127.0.0.1,::1,::ffff:127.0.0.1' });
    try {
      const as = (client: string, key: string) => trusted.http().get('/v1/matrices').set('X-Forwarded-For', client).set('X-API-Key', key);
      for (const i of [1, 2]) expect((await as('203.0.113.7', `wrong-${i}`)).status).toBe(401);
      expect((await as('203.0.113.7', KEYS.alice)).status).toBe(429);
      expect((await as('203.0.113.8', KEYS.alice)).status).toBe(200);
    } finally {
      await trusted.close();
    }
    const direct = await startTestApp({ AUTH_FAILURES_PER_ADDRESS: '2' });
    try {
      const as = (client: string, key: string) => direct.http().get('/v1/matrices').set('X-Forwarded-For', client).set('X-API-Key', key);
      for (const i of [1, 2]) expect((await as(`198.51.100.${i}`, `wrong-${i}`)).status).toBe(401);
      expect((await as('198.51.100.3', KEYS.alice)).status).toBe(429); // a forged header does not escape the limit
    } finally {
      await direct.close();
    }
  });
});

describe('storage quota', () => {
  it('counts every stored workload: at the quota 201, past it 429 with Retry-After and nothing stored; dry runs and other keys go on', async () => {
    const t = await startTestApp({ STORED_EVALUATIONS_PER_KEY_PER_HOUR: '5' });
    try {
      const batch = (n: number, prefix: string) => ({ workloads: Array.from({ length: n }, (_, i) => workloadInput({ name: `${prefix}-${i}` })) });
      expect((await t.http().post('/v1/evaluations/batch').set('X-API-Key', KEYS.alice).send(batch(6, 'too-many'))).status).toBe(429);
      expect((await t.http().post('/v1/evaluations/batch').set('X-API-Key', KEYS.alice).send(batch(4, 'fits'))).status).toBe(201);
      expect(
        (
          await t
            .http()
            .post('/v1/evaluations')
            .set('X-API-Key', KEYS.alice)
            .send(workloadInput({ name: 'fifth' }))
        ).status,
      ).toBe(201);
      const over = await t
        .http()
        .post('/v1/evaluations')
        .set('X-API-Key', KEYS.alice)
        .send(workloadInput({ name: 'sixth' }));
      expect(over.status).toBe(429);
      expect(over.body.type).toBe('/problems/storage-quota-exceeded');
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect((await t.http().post('/v1/evaluations?dryRun=true').set('X-API-Key', KEYS.alice).send(workloadInput())).status).toBe(200);
      expect((await t.http().post('/v1/evaluations').set('X-API-Key', KEYS.bob).send(workloadInput())).status).toBe(201);
      const names = (await t.http().get('/v1/evaluations?limit=100').set('X-API-Key', KEYS.alice)).body.items.map((i: { workload: { name: string } }) => i.workload.name);
      expect(names.sort()).toEqual(['fifth', 'fits-0', 'fits-1', 'fits-2', 'fits-3']);
    } finally {
      await t.close();
    }
  });
});

describe('limiters', () => {
  it('a window counter admits its limit, then says how long to wait, then starts over', () => {
    const counter = new WindowCounter(2, 1000);
    expect([counter.hit('a', 0), counter.hit('a', 10), counter.hit('a', 20)]).toEqual([0, 0, 1]);
    expect(counter.blocked('a', 500)).toBe(1);
    expect(counter.hit('a', 1000)).toBe(0);
  });

  it("a concurrency limiter refuses the third heavy request of one key while two run, not another key's", async () => {
    const limiter = new ConcurrencyLimiter(2);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const refuse = () => new Error('busy');
    const running = [limiter.run('k', () => gate, refuse), limiter.run('k', () => gate, refuse)];
    await expect(limiter.run('k', async () => 'x', refuse)).rejects.toThrow('busy');
    await expect(limiter.run('other', async () => 'y', refuse)).resolves.toBe('y');
    release();
    await Promise.all(running);
    await expect(limiter.run('k', async () => 'z', refuse)).resolves.toBe('z');
  });

  it('the interceptor on batches and impact analyses answers 429 for a key over its limit while the first still runs', async () => {
    const interceptor = new HeavyRequestInterceptor(loadConfig({ CONCURRENT_HEAVY_PER_KEY: '1' }));
    const context = (id: string) => ({ switchToHttp: () => ({ getRequest: () => ({ apiKey: { id, name: id, role: 'evaluator' } }) }) }) as unknown as ExecutionContext;
    const slow = new Subject<string>();
    const first = lastValueFrom(interceptor.intercept(context('k'), { handle: () => slow }));
    await expect(lastValueFrom(interceptor.intercept(context('k'), { handle: () => of('second') }))).rejects.toMatchObject({ code: 'TOO_MANY_CONCURRENT' });
    await expect(lastValueFrom(interceptor.intercept(context('other'), { handle: () => of('other') }))).resolves.toBe('other');
    slow.next('first');
    slow.complete();
    await expect(first).resolves.toBe('first');
    await expect(lastValueFrom(interceptor.intercept(context('k'), { handle: () => of('third') }))).resolves.toBe('third');
  });
});

describe('slow clients', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp({ REQUEST_TIMEOUT_MS: '2000', HEADERS_TIMEOUT_MS: '1000', MAX_CONNECTIONS: '4' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(async () => {
    await t.close();
  });

  /** Resolves with the milliseconds until the server closed the connection (or the cap). */
  const trickle = (head: string, drip: string, everyMs: number, capMs: number) =>
    new Promise<{ closedAfter: number; answer: string }>((resolve) => {
      const started = Date.now();
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearInterval(timer);
        socket.destroy();
        resolve({ closedAfter: Date.now() - started, answer });
      };
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('close', done);
      socket.on('error', () => undefined);
      socket.on('connect', () => {
        socket.write(head);
        let i = 0;
        timer = setInterval(() => socket.write(drip[i++ % drip.length]), everyMs);
      });
      const cap = setTimeout(done, capMs);
      socket.on('close', () => clearTimeout(cap));
    });

  it('cuts off a client that sends its body one byte a second', async () => {
    const { closedAfter, answer } = await trickle(`POST /v1/evaluations HTTP/1.1\r\nHost: x\r\nX-API-Key: ${KEYS.alice}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n`, '{"name":"', 1000, 8000);
    expect(closedAfter).toBeLessThan(5000);
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('cuts off a client that sends its headers one byte a second', async () => {
    const { closedAfter } = await trickle('GET /health/live HTTP/1.1\r\n', 'X-Slow: aaaaaaaa', 1000, 8000);
    expect(closedAfter).toBeLessThan(5000);
  });

  it('refuses connections beyond MAX_CONNECTIONS while the others stay open', async () => {
    const sockets: Socket[] = [];
    const closed: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      const socket = connect(port, '127.0.0.1');
      const index = i;
      closed[index] = false;
      socket.on('close', () => (closed[index] = true));
      socket.on('error', () => undefined);
      sockets.push(socket);
      await new Promise((resolve) => socket.once('connect', resolve));
    }
    await sleep(200);
    expect(closed.slice(0, 4)).toEqual([false, false, false, false]);
    expect(closed.slice(4)).toEqual([true, true]);
    for (const s of sockets) s.destroy();
  });
});
