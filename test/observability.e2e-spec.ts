import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { listen } from '../src/app.setup.js';
import { createLogger, NestPinoLogger, scrubSecrets } from '../src/observability/logger.js';
import { DEFAULT_TEST_MATRIX, minimalMatrixDocument, workloadInput } from './support/factories.js';
import { KEYS, startTestApp, type TestApp } from './support/test-app.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const METRICS_TOKEN = 'metrics-token-0123456789abcdef-0123456789';
const COOKIE = 'session=cookie-value-that-must-not-be-logged';

describe('logs', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The most verbose level, so that "never at any level" covers debug and trace lines (TypeORM's queries) too.
    t = await startTestApp({ LOG_LEVEL: 'verbose', METRICS_TOKEN }, 'sqlite', { captureLogs: true });
  });
  afterAll(async () => {
    await t.close();
  });

  const requestLines = () => t.logs().filter((l) => l.msg === 'request');

  it('writes one JSON line per request with method, route template, status, duration, key name, request id and the decision', async () => {
    const res = await t
      .http()
      .post('/v1/evaluations')
      .set('X-API-Key', KEYS.alice)
      .set('X-Request-Id', 'portal-req.42')
      .send(workloadInput({ name: 'logged' }));
    expect(res.status).toBe(201);
    expect(res.headers['x-request-id']).toBe('portal-req.42');
    const lines = requestLines().filter((l) => l.requestId === 'portal-req.42');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      method: 'POST',
      route: '/v1/evaluations',
      status: 201,
      key: 'alice',
      matrixVersion: DEFAULT_TEST_MATRIX,
      recommendation: res.body.recommendation,
      durationMs: expect.any(Number),
      time: expect.any(String),
    });

    await t.http().get(`/v1/evaluations/${res.body.id}`).set('X-API-Key', KEYS.alice).set('X-Request-Id', 'portal-req.43');
    expect(requestLines().find((l) => l.requestId === 'portal-req.43')).toMatchObject({ route: '/v1/evaluations/:id', status: 200 });

    // A batch's line names how many were decided and how, not one recommendation.
    const batch = await t
      .http()
      .post('/v1/evaluations/batch?dryRun=true')
      .set('X-API-Key', KEYS.alice)
      .set('X-Request-Id', 'portal-req.44')
      .send({ workloads: [workloadInput({ name: 'b1' }), workloadInput({ name: 'b2' })] });
    expect(batch.status).toBe(200);
    const batchLine = requestLines().find((l) => l.requestId === 'portal-req.44');
    expect(batchLine).toMatchObject({ route: '/v1/evaluations/batch', status: 200, matrixVersion: DEFAULT_TEST_MATRIX, evaluations: 2, summary: { [res.body.recommendation]: 2 } });
    expect(batchLine).not.toHaveProperty('recommendation');
  });

  it('generates a request id when the caller sends none or an unusable one, and puts it in problem documents', async () => {
    const fresh = await t.http().get('/health/live');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const hostile = await t.http().get('/v1/evaluations/not-a-uuid').set('X-API-Key', KEYS.alice).set('X-Request-Id', '<script>alert(1)</script>');
    expect(hostile.status).toBe(400);
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(hostile.body.requestId).toBe(hostile.headers['x-request-id']);

    const tooLong = await t.http().get('/nowhere').set('X-API-Key', KEYS.alice).set('X-Request-Id', 'x'.repeat(129));
    expect(tooLong.status).toBe(404);
    expect(tooLong.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLines().find((l) => l.requestId === tooLong.body.requestId)).toMatchObject({ route: '(unmatched)', status: 404 });

    // Problems the request gate sends before Nest sees the request carry it too.
    const noKey = await t.http().get('/v1/matrices').set('X-Request-Id', 'gate-1');
    expect(noKey.status).toBe(401);
    expect(noKey.body.requestId).toBe('gate-1');
  });

  it('sends TypeORM errors through the same logger, with the request id on the problem and the error line', async () => {
    await t.sql('DROP TABLE audit_log');
    const res = await t
      .http()
      .post('/v1/matrices')
      .set('X-API-Key', KEYS.admin)
      .send({ ...minimalMatrixDocument(), version: 'doomed-1' });
    expect(res.status).toBe(500);
    const failed = t.logs().find((l) => l.context === 'TypeORM' && l.msg === 'query failed');
    expect(failed).toMatchObject({ level: 50, query: expect.stringContaining('audit_log'), err: expect.objectContaining({ message: expect.stringContaining('audit_log') }) });
    expect(t.logs().find((l) => l.msg === 'unhandled error' && l.requestId === res.body.requestId)).toBeDefined();
    expect(requestLines().find((l) => l.requestId === res.body.requestId)).toMatchObject({ level: 50, status: 500, key: 'admin' });
  });

  it('never writes a key, a bearer token, a cookie or a metrics token, at any level, and no colour codes', async () => {
    await t.http().get('/v1/matrices').set('Authorization', `Bearer ${KEYS.bob}`).set('Cookie', COOKIE);
    await t.http().get('/v1/matrices').set('X-API-Key', 'wrong-key-that-is-long-enough');
    await t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    const raw = t.rawLogs();
    expect(raw.length).toBeGreaterThan(0);
    expect(t.logs().some((l) => l.level === 10 && l.context === 'TypeORM')).toBe(true); // trace lines really were written
    for (const secret of [...Object.values(KEYS), 'wrong-key-that-is-long-enough', METRICS_TOKEN, 'cookie-value-that-must-not-be-logged']) expect(raw).not.toContain(secret);
    expect(raw).not.toContain('\u001b[');
  });

  it('names the real address and the active matrix in the start-up line', async () => {
    const url = await listen(t.app, { ...t.config, host: '127.0.0.1', port: 0 });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const line = t.logs().find((l) => l.context === 'Main');
    expect(line?.msg).toContain(`Listening on ${url} (matrix ${DEFAULT_TEST_MATRIX}`);
  });
});

describe('the logger', () => {
  it('masks passwords in connection strings and keeps LOG_LEVEL', () => {
    const lines: string[] = [];
    const log = createLogger({ logLevel: 'warn', logFormat: 'json' }, { destination: { write: (l: string) => void lines.push(l) } });
    log.warn('cannot reach postgres://placement:hunter2@db.internal:5432/placement');
    log.error({ err: new Error('connect to postgresql://placement:hunter2@db.internal/placement failed'), url: 'postgres://u:hunter2@h/db' }, 'nested');
    log.info('not written at warn');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('postgres://placement:***@db.internal:5432/placement');
    expect(JSON.parse(lines[1])).toMatchObject({ url: 'postgres://u:***@h/db', err: { message: 'connect to postgresql://placement:***@db.internal/placement failed' } });
    expect(lines.join('')).not.toContain('hunter2');
  });

  it('censors password fields at any depth, and nothing that only mentions a password', () => {
    const lines: string[] = [];
    const log = createLogger({ logLevel: 'log', logFormat: 'json' }, { destination: { write: (l: string) => void lines.push(l) } });
    log.info({ password: 'hunter2', db: { password: 'hunter3 "quoted" \\ tail', port: 5432 }, deep: { a: [{ password: 12345 }, { password: { hash: 'hunter4' } }, { password: ['hunter5'] }] } }, 'connecting');
    log.info({ note: 'the "password": "kept" text is only a message', field: 'password' }, 'set the password: in the vault');
    const [secret, mention] = lines.map((l) => JSON.parse(l));
    expect(secret).toMatchObject({ password: '[redacted]', db: { password: '[redacted]', port: 5432 }, deep: { a: [{ password: '[redacted]' }, { password: '[redacted]' }, { password: '[redacted]' }] }, msg: 'connecting' });
    for (const leaked of ['hunter', 'tail', '12345']) expect(lines[0]).not.toContain(leaked);
    expect(mention).toEqual(expect.objectContaining({ note: 'the "password": "kept" text is only a message', field: 'password', msg: 'set the password: in the vault' }));
    // A line that is not JSON still loses a password field's value.
    expect(scrubSecrets('truncated {"user":"a","password":"hunter6","port":1')).toBe('truncated {"user":"a","password":"[redacted]","port":1');
  });

  it('writes pretty lines only when asked, and without colour codes when stdout is not a terminal', async () => {
    const script = `import { createLogger } from './src/observability/logger.ts'; createLogger({ logLevel: 'log', logFormat: process.env.F }).warn('hello');`;
    const run = (format: string) => promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, F: format }, cwd: ROOT });
    const pretty = await run('pretty');
    expect(pretty.stdout).toMatch(/WARN.*hello/);
    expect(pretty.stdout).not.toContain('\u001b[');
    expect(JSON.parse((await run('json')).stdout)).toMatchObject({ level: 40, msg: 'hello' });
  });

  it('turns Nest log calls into fields: the context, and the stack of an error', () => {
    const lines: string[] = [];
    const nest = new NestPinoLogger(createLogger({ logLevel: 'log', logFormat: 'json' }, { destination: { write: (l: string) => void lines.push(l) } }));
    nest.log('started', 'Main');
    nest.error('it broke', 'Error: it broke\n    at somewhere (file.ts:1:1)', 'Worker');
    nest.debug('not written at log', 'Main');
    const [started, broke] = lines.map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(started).toMatchObject({ level: 30, context: 'Main', msg: 'started' });
    expect(broke).toMatchObject({ level: 50, context: 'Worker', msg: 'it broke', err: { stack: expect.stringContaining('at somewhere') } });
  });
});

describe('metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN });
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets in an admin key or METRICS_TOKEN, nobody else', async () => {
    expect((await t.http().get('/metrics')).status).toBe(401);
    expect((await t.http().get('/metrics').set('X-API-Key', KEYS.alice)).status).toBe(403);
    expect((await t.http().get('/metrics').set('Authorization', 'Bearer not-the-metrics-token-at-all')).status).toBe(401);
    const byToken = await t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(byToken.status).toBe(200);
    expect(byToken.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect((await t.http().get('/metrics').set('X-API-Key', KEYS.admin)).status).toBe(200);
  });

  it('counts requests by route template, evaluations by decision, group commits and database errors, with process metrics', async () => {
    const one = await t
      .http()
      .post('/v1/evaluations')
      .set('X-API-Key', KEYS.alice)
      .send(workloadInput({ name: 'counted' }));
    const batch = await t
      .http()
      .post('/v1/evaluations/batch')
      .set('X-API-Key', KEYS.alice)
      .send({ workloads: [workloadInput({ name: 'b1' }), workloadInput({ name: 'b2' })] });
    expect([one.status, batch.status]).toEqual([201, 201]);
    await t.http().get(`/v1/evaluations/${one.body.id}`).set('X-API-Key', KEYS.alice);

    const text = (await t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`)).text;
    const value = (pattern: RegExp) => Number(text.match(pattern)?.[1]);
    expect(value(/^http_request_duration_seconds_count\{method="POST",route="\/v1\/evaluations",status="201"\} (\d+)$/m)).toBe(1);
    expect(value(/^http_request_duration_seconds_count\{method="GET",route="\/v1\/evaluations\/:id",status="200"\} (\d+)$/m)).toBe(1);
    expect(value(new RegExp(`^placement_evaluations_total\\{recommendation="${one.body.recommendation}",matrix_version="${DEFAULT_TEST_MATRIX}"\\} (\\d+)$`, 'm'))).toBe(3);
    expect(value(/^placement_group_commit_records_sum (\d+)$/m)).toBe(3);
    expect(value(/^placement_group_commit_duration_seconds_count (\d+)$/m)).toBe(2);
    expect(text).toMatch(/^placement_database_errors_total 0$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds /m);
  });
});
