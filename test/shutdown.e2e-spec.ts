import Database from 'better-sqlite3';
import { connect, type Socket } from 'node:net';
import { Readiness } from '../src/health/readiness.js';
import { workloadInput } from './support/factories.js';
import { send } from './support/http-client.js';
import { buildDist, killAllServices, startService, waitFor, type ServiceProcess } from './support/service-process.js';
import { API_KEYS, KEYS, createTestDatabase, startTestApp, type TestDatabaseHandle } from './support/test-app.js';

describe('readiness during shutdown', () => {
  it('answers 503 as problem+json once draining starts, while liveness stays up', async () => {
    const t = await startTestApp();
    try {
      expect((await t.http().get('/health/ready')).status).toBe(200);
      t.app.get(Readiness).draining = true;
      const res = await t.http().get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await t.http().get('/health/live')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('SIGTERM on the built service', () => {
  let db: TestDatabaseHandle;
  beforeAll(() => {
    buildDist();
  });
  beforeEach(async () => {
    db = await createTestDatabase('sqlite');
  });
  afterEach(async () => {
    await killAllServices();
    await db.drop();
  });

  const storedNames = (): string[] => {
    const sqlite = new Database(db.url.replace(/^sqlite:/, ''), { readonly: true });
    try {
      return (sqlite.prepare('SELECT workload_name FROM evaluations').all() as { workload_name: string }[]).map((r) => r.workload_name);
    } finally {
      sqlite.close();
    }
  };

  const start = (graceMs: number) => startService({ env: { DATABASE_URL: db.url, API_KEYS, SHUTDOWN_GRACE_MS: String(graceMs) } });

  /** Sends a POST whose body is only half there, so the server holds it as a request in flight. */
  const halfSentEvaluation = async (service: ServiceProcess, name: string) => {
    const body = JSON.stringify(workloadInput({ name }));
    const socket: Socket = connect(service.port, '127.0.0.1');
    let response = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (response += chunk));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const cut = Math.floor(body.length / 2);
    socket.write(`POST /v1/evaluations HTTP/1.1\r\nHost: localhost\r\nX-API-Key: ${KEYS.alice}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, cut)}`);
    // The rest of the body without closing our side: an HTTP client waits for the answer with the
    // connection open, and Node drops the answer to a request whose client already sent FIN.
    return { finish: () => socket.write(body.slice(cut)), response: () => response, closed };
  };

  const refusesConnections = (service: ServiceProcess) =>
    send(service.url, 'GET', '/health/live').then(
      () => false,
      (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED',
    );

  it('stops accepting connections, lets the request in flight finish and store, and exits 0 within the grace period', async () => {
    const service = await start(5000);
    const held = await halfSentEvaluation(service, 'in flight at SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    const signalledAt = Date.now();
    service.child.kill('SIGTERM');
    expect(await waitFor(() => refusesConnections(service), 3000)).toBe(true);
    held.finish();
    await held.closed;
    expect(held.response()).toMatch(/^HTTP\/1\.1 201 /);
    const { code } = await service.exited;
    expect(code).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(5000);
    expect(service.output()).toMatch(/Stopped cleanly/);
    expect(storedNames()).toEqual(['in flight at SIGTERM']);
  });

  it('cuts off a request still running when the grace period ends and exits 1 within it', async () => {
    const service = await start(1000);
    const held = await halfSentEvaluation(service, 'never finished');
    await new Promise((r) => setTimeout(r, 200));
    const signalledAt = Date.now();
    service.child.kill('SIGTERM');
    const { code } = await service.exited;
    const took = Date.now() - signalledAt;
    expect(code).toBe(1);
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(2500);
    await held.closed;
    expect(held.response()).toBe('');
    expect(storedNames()).toEqual([]);
  });

  it('in the middle of a stream of evaluations: requests in flight finish, every 201 is stored, nothing is stored without its 201', async () => {
    const service = await start(5000);
    // Requests the service has certainly accepted and is still reading when the signal comes:
    // they must be answered and stored, not cut off.
    const held = await Promise.all([0, 1, 2, 3].map((i) => halfSentEvaluation(service, `held-${i}`)));
    type Outcome = { name: string; result: string };
    const outcomes: Outcome[] = [];
    let signalled = false;
    let created = 0;
    let next = 0;
    const worker = async () => {
      // Bounded: each worker stops at its first refused connection, and in any case after 400 requests.
      for (let i = 0; i < 400; i++) {
        const name = `stream-${next++}`;
        const result = await send(service.url, 'POST', '/v1/evaluations', { key: KEYS.alice, body: workloadInput({ name }) }).then(
          (a) => String(a.status),
          (error: NodeJS.ErrnoException) => error.code ?? error.message,
        );
        outcomes.push({ name, result });
        if (result === '201' && ++created === 150) {
          signalled = true;
          service.child.kill('SIGTERM');
        }
        if (result === 'ECONNREFUSED') return;
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(signalled).toBe(true);
    for (const h of held) h.finish();
    await Promise.all(held.map((h) => h.closed));
    expect(held.map((h) => h.response().split('\r\n')[0])).toEqual(held.map(() => 'HTTP/1.1 201 Created'));
    const { code } = await service.exited;
    expect(code).toBe(0);

    const answered201 = [...outcomes.filter((o) => o.result === '201').map((o) => o.name), 'held-0', 'held-1', 'held-2', 'held-3'].sort();
    expect(storedNames().sort()).toEqual(answered201);
    // A stream request either got its answer or never reached the application: its
    // connection was refused, or reset while still queued in the kernel when the listener
    // closed (the client cannot tell that from a cut-off, which is why the held requests above exist).
    const unexpected = outcomes.filter((o) => !['201', '503', 'ECONNREFUSED', 'ECONNRESET'].includes(o.result));
    expect(unexpected).toEqual([]);
  });
});
