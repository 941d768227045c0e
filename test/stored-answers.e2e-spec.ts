import { DataSource } from 'typeorm';
import { STREAMED_CHUNK_BYTES } from '../src/common/pre-serialized.js';
import { newEvaluationId } from '../src/evaluations/evaluation-ids.js';
import { EvaluationStore } from '../src/evaluations/evaluation-store.js';
import { packResponse } from '../src/evaluations/stored-response.js';
import { evaluate, normalizeWorkload, type Evaluation } from '../src/engine/index.js';
import { loadDefaultMatrix, workloadInput } from './support/factories.js';
import { KEYS, startTestApp, type TestApp, type TestDatabase } from './support/test-app.js';

describe.each<TestDatabase>(['sqlite', 'postgres'])('stored answers on %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, database);
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (path: string, body: object) => t.post(path, body);
  const get = (path: string) => t.get(path);

  it('serves a stored evaluation as exactly the bytes it was answered with', async () => {
    const created = await post('/v1/evaluations', workloadInput({ name: 'exact "bytes" \\ é 🚀', compliance: ['pci-dss'] }));
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toBe('application/json; charset=utf-8');
    const fetched = await get(`/v1/evaluations/${created.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.text).toBe(created.text);
    expect(fetched.headers['content-length']).toBe(String(Buffer.byteLength(created.text)));
    // The same text JSON.stringify would give for the answer the engine computes.
    const { id, createdAt, workload } = created.body as { id: string; createdAt: string; workload: unknown };
    expect(created.text).toBe(JSON.stringify({ id, createdAt, workload, ...evaluate(loadDefaultMatrix(), normalizeWorkload(workload)) }));
    // The record never changes, so its id is its JSON's ETag.
    expect(fetched.headers.etag).toBe(`"${id}"`);
    const again = await t.http().get(`/v1/evaluations/${id}`).set('X-API-Key', KEYS.alice).set('If-None-Match', fetched.headers.etag);
    expect(again.status).toBe(304);
  });

  it('answers a dry run with the same evaluation and no id, and stores nothing', async () => {
    const input = workloadInput({ name: 'dry' });
    const dry = await post('/v1/evaluations?dryRun=true', input);
    expect(dry.status).toBe(200);
    expect(dry.body).not.toHaveProperty('id');
    const { workload, ...evaluation } = dry.body as { workload: unknown };
    expect(dry.text).toBe(JSON.stringify({ workload, ...evaluate(loadDefaultMatrix(), normalizeWorkload(input)) }));
    expect(evaluation).toHaveProperty('recommendation');
    const listed = await get('/v1/evaluations?workload=dry');
    expect(listed.body.items).toEqual([]);
  });

  it('stores each item of a batch with its own bytes, and lists them newest first', async () => {
    const names = ['batch a', 'batch b', 'batch c'];
    const batch = await post('/v1/evaluations/batch', { workloads: names.map((name, i) => workloadInput({ name, scale: { instances: i + 1 } })) });
    expect(batch.status).toBe(201);
    const items = batch.body.items as { id: string; workload: { name: string } }[];
    expect(items.map((i) => i.workload.name)).toEqual(names);
    expect(batch.body.summary.total).toBe(3);
    for (const item of items) expect((await get(`/v1/evaluations/${item.id}`)).text).toBe(JSON.stringify(item));
    const page = await get('/v1/evaluations?limit=2');
    expect(page.body.items.map((i: { id: string }) => i.id)).toEqual([items[2].id, items[1].id]);
    expect(page.body.nextCursor).toBe(items[1].id);
    const next = await get(`/v1/evaluations?limit=2&cursor=${page.body.nextCursor}`);
    expect(next.body.items[0].id).toBe(items[0].id);
  });

  it('sends a batch answer and a list page larger than one streamed chunk with their length, byte for byte as stored', async () => {
    const workloads = Array.from({ length: 12 }, (_, i) => workloadInput({ name: `streamed ${i} é`, scale: { instances: i + 1 } }));
    const batch = await post('/v1/evaluations/batch', { workloads });
    expect(batch.status).toBe(201);
    expect(Buffer.byteLength(batch.text)).toBeGreaterThan(STREAMED_CHUNK_BYTES);
    expect(batch.headers['content-length']).toBe(String(Buffer.byteLength(batch.text)));
    expect(batch.headers['transfer-encoding']).toBeUndefined();
    const items = batch.body.items as { id: string }[];
    expect(items).toHaveLength(12);
    // The answer is the stored items' own bytes, joined by commas, between the list's head and its summary.
    const stored = await Promise.all(items.map(async (item) => (await get(`/v1/evaluations/${item.id}`)).text));
    expect(batch.text).toBe(`{"items":[${stored.join(',')}],"summary":${JSON.stringify(batch.body.summary)}}`);
    // A list page that large is streamed the same way: newest first, the same bytes again.
    const page = await get('/v1/evaluations?limit=12');
    expect(page.headers['content-length']).toBe(String(Buffer.byteLength(page.text)));
    expect(page.headers['transfer-encoding']).toBeUndefined();
    expect(page.text).toBe(`{"items":[${stored.reverse().join(',')}],"nextCursor":${JSON.stringify(page.body.nextCursor)}}`);
  });

  it('lists a workload history as decisions with Prefer: return=minimal, the same JSON the records were created with', async () => {
    const full = await post('/v1/evaluations', workloadInput({ name: 'history', tenancy: 'multi-tenant' }));
    const minimal = await post('/v1/evaluations', workloadInput({ name: 'history' })).set('Prefer', 'return=minimal');
    const batch = await post('/v1/evaluations/batch', { workloads: [workloadInput({ name: 'history', codeTrust: 'untrusted' }), workloadInput({ name: 'not history' })] });
    expect([full.status, minimal.status, batch.status]).toEqual([201, 201, 201]);
    const fromFull = (text: string) => {
      const a = JSON.parse(text) as { id: string; createdAt: string; workload: { name: string } } & Evaluation;
      const decision = { recommendation: a.recommendation, runnerUp: a.rationale.runnerUp, margin: a.rationale.margin, tie: a.rationale.tie, confidence: a.confidence.level, matrix: a.matrix };
      return JSON.stringify({ id: a.id, createdAt: a.createdAt, name: a.workload.name, ...decision });
    };
    // A record stored whole (format 1, as before templates): its decision comes from its answer.
    const wholeId = newEvaluationId();
    const wholeText = full.text.replace(full.body.id, wholeId);
    const [p1, p2, p3] = database === 'postgres' ? ['$1', '$2', '$3'] : ['?', '?', '?'];
    await t.app
      .get(DataSource)
      .query(
        `INSERT INTO evaluations (id, created_at, workload_name, workload, matrix_version, matrix_checksum, recommendation, api_key_name, api_key_id, body, answer_template) SELECT ${p1}, created_at, workload_name, workload, matrix_version, matrix_checksum, recommendation, api_key_name, api_key_id, ${p2}, NULL FROM evaluations WHERE id = ${p3}`,
        [wholeId, packResponse(wholeText), full.body.id],
      );
    expect((await get(`/v1/evaluations/${wholeId}`)).text).toBe(wholeText);
    const expected = [fromFull(wholeText), fromFull(JSON.stringify(batch.body.items[0])), minimal.text, fromFull(full.text)];

    const page = await get('/v1/evaluations?workload=history').set('Prefer', 'return=minimal');
    expect(page.status).toBe(200);
    expect(page.headers['preference-applied']).toBe('return=minimal');
    expect(page.headers.vary).toMatch(/\bPrefer\b/);
    expect(page.text).toBe(`{"items":[${expected.join(',')}],"nextCursor":null}`);
    // Pages of decisions follow the same cursor as pages of answers.
    const first = await get('/v1/evaluations?workload=history&limit=3').set('Prefer', 'return=minimal');
    expect(first.text).toBe(`{"items":[${expected.slice(0, 3).join(',')}],"nextCursor":${JSON.stringify(minimal.body.id)}}`);
    const rest = await get(`/v1/evaluations?workload=history&limit=3&cursor=${first.body.nextCursor}`).set('Prefer', 'return=minimal');
    expect(rest.text).toBe(`{"items":[${expected[3]}],"nextCursor":null}`);
    // Without the preference the page holds the whole answers, and still says it varies by Prefer.
    const answers = await get('/v1/evaluations?workload=history');
    expect(answers.headers['preference-applied']).toBeUndefined();
    expect(answers.headers.vary).toMatch(/\bPrefer\b/);
    expect(answers.body.items.map((i: { id: string }) => i.id)).toEqual([wholeId, batch.body.items[0].id, minimal.body.id, full.body.id]);
    expect(answers.body.items[3]).toEqual(full.body);
  });

  it('answers gets asked for at once each with its own record, as the key may see it', async () => {
    const batch = await post('/v1/evaluations/batch', { workloads: ['at once a', 'at once b', 'at once c'].map((name) => workloadInput({ name })) });
    const bobs = await t
      .http()
      .post('/v1/evaluations')
      .set('X-API-Key', KEYS.bob)
      .send(workloadInput({ name: 'at once, bob' }));
    expect([batch.status, bobs.status]).toEqual([201, 201]);
    const items = batch.body.items as { id: string }[];
    const unknown = newEvaluationId();
    // On Postgres the gets of one turn share a query; each still gets its own answer, or its own 404.
    const ids = Array.from({ length: 30 }, (_, i) => (i % 5 === 3 ? unknown : i % 5 === 4 ? bobs.body.id : items[i % 3].id));
    const answers = await Promise.all(ids.map((id) => get(`/v1/evaluations/${id}`)));
    answers.forEach((res, i) => {
      if (ids[i] === unknown || ids[i] === bobs.body.id) expect([i, res.status]).toEqual([i, 404]);
      else expect([i, res.status, res.text]).toEqual([i, 200, JSON.stringify(items[i % 3])]);
    });
    const asBob = await Promise.all([bobs.body.id, items[0].id].map((id) => t.http().get(`/v1/evaluations/${id}`).set('X-API-Key', KEYS.bob)));
    expect(asBob.map((r) => r.status)).toEqual([200, 404]);
    expect(asBob[0].text).toBe(bobs.text);
  });

  it('keeps a stored evaluation small: under 3 KB of row data with its 10 KB answer', async () => {
    const created = await post('/v1/evaluations', workloadInput({ name: 'small' }));
    expect(created.text.length).toBeGreaterThan(8000);
    const lengthOf = database === 'postgres' ? 'octet_length' : 'length';
    const [row] = await t.app
      .get(DataSource)
      .query<{ n: number }[]>(`SELECT ${lengthOf}(body) + ${lengthOf}(workload) + ${lengthOf}(id) + ${lengthOf}(workload_name) AS n FROM evaluations WHERE id = ${database === 'postgres' ? '$1' : '?'}`, [created.body.id]);
    expect(Number(row.n)).toBeLessThan(3000);
  });

  it('stores an evaluation asked for under two names once, as a template both records name, and never changes it', async () => {
    const q = (i: number) => (database === 'postgres' ? `$${i}` : '?');
    const first = await post('/v1/evaluations', workloadInput({ name: 'template one', compliance: ['hipaa', 'gdpr'] }));
    const second = await post('/v1/evaluations', workloadInput({ name: 'template "two" 🚀', compliance: ['hipaa', 'gdpr'] }));
    const rows = await t.app.get(DataSource).query<{ answer_template: string; body: Buffer }[]>(`SELECT answer_template, body FROM evaluations WHERE id IN (${q(1)}, ${q(2)})`, [first.body.id, second.body.id]);
    expect(rows.map((r) => [...r.body])).toEqual([[3], [3]]);
    expect(rows[0].answer_template).toBe(rows[1].answer_template);
    const templates = await t.app.get(DataSource).query<{ n: number }[]>(`SELECT COUNT(*) AS n FROM answer_templates WHERE id = ${q(1)}`, [rows[0].answer_template]);
    expect(Number(templates[0].n)).toBe(1);
    expect((await get(`/v1/evaluations/${second.body.id}`)).text).toBe(second.text);
    await expect(t.sql(`UPDATE answer_templates SET created_at = 'x'`)).rejects.toThrow(/records/);
    await expect(t.sql(`DELETE FROM answer_templates`)).rejects.toThrow(/records/);
    // Still there, and still what both records need.
    expect((await get(`/v1/evaluations/${first.body.id}`)).text).toBe(first.text);
  });
});

describe('Prefer: return=minimal', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers with the decision and the record id, and stores the full answer', async () => {
    const input = workloadInput({ name: 'minimal please' });
    const res = await t.http().post('/v1/evaluations').set('X-API-Key', KEYS.alice).set('Prefer', 'return=minimal').send(input);
    expect(res.status).toBe(201);
    expect(res.headers['preference-applied']).toBe('return=minimal');
    const full = evaluate(loadDefaultMatrix(), normalizeWorkload(input));
    expect(res.body).toEqual({
      id: expect.any(String),
      createdAt: expect.any(String),
      name: 'minimal please',
      recommendation: full.recommendation,
      runnerUp: full.rationale.runnerUp,
      margin: full.rationale.margin,
      tie: full.rationale.tie,
      confidence: full.confidence.level,
      matrix: full.matrix,
    });
    expect(res.headers.location).toBe(`/v1/evaluations/${res.body.id}`);
    const stored = await t.http().get(res.headers.location).set('X-API-Key', KEYS.alice);
    expect(stored.body).toMatchObject({ id: res.body.id, createdAt: res.body.createdAt, recommendation: full.recommendation, rationale: full.rationale });
  });

  it('shortens every item of a batch, keeps the counts, and is ignored when not asked for', async () => {
    const workloads = ['m1', 'm2'].map((name) => workloadInput({ name }));
    const res = await t.http().post('/v1/evaluations/batch?dryRun=true').set('X-API-Key', KEYS.alice).set('Prefer', 'respond-async, return=minimal').send({ workloads });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { name: string }) => i.name)).toEqual(['m1', 'm2']);
    expect(res.body.items[0]).not.toHaveProperty('id');
    expect(res.body.items[0]).not.toHaveProperty('options');
    expect(res.body.summary.total).toBe(2);
    const plain = await t.http().post('/v1/evaluations?dryRun=true').set('X-API-Key', KEYS.alice).set('Prefer', 'return=representation').send(workloads[0]);
    expect(plain.headers).not.toHaveProperty('preference-applied');
    expect(plain.body).toHaveProperty('options');
  });
});

describe('a new SQLite database', () => {
  it('uses 4 KB pages and checkpoints its WAL every 250 of them', async () => {
    const t = await startTestApp();
    try {
      const [{ page_size: pageSize }] = await t.app.get(DataSource).query<{ page_size: number }[]>('PRAGMA page_size');
      expect(pageSize).toBe(4096);
      const [{ journal_mode: mode }] = await t.app.get(DataSource).query<{ journal_mode: string }[]>('PRAGMA journal_mode');
      expect(mode).toBe('wal');
      // Both connections that write checkpoint in small steps: TypeORM's and the evaluation writer's.
      await expect(t.app.get(DataSource).query('PRAGMA wal_autocheckpoint')).resolves.toEqual([{ wal_autocheckpoint: 250 }]);
      await expect(t.app.get(EvaluationStore).writerPragma('wal_autocheckpoint')).resolves.toEqual([{ wal_autocheckpoint: 250 }]);
    } finally {
      await t.close();
    }
  });
});

describe('stored answers in an in-memory SQLite database', () => {
  it('are inserted on its one connection (no writer thread can open it) and served byte for byte', async () => {
    const t = await startTestApp({ DATABASE_URL: 'sqlite::memory:' });
    try {
      const batch = await t
        .http()
        .post('/v1/evaluations/batch')
        .set('X-API-Key', KEYS.alice)
        .send({ workloads: [workloadInput({ name: 'in memory 1' }), workloadInput({ name: 'in memory 2' })] });
      expect(batch.status).toBe(201);
      const first = (batch.body as { items: { id: string }[] }).items[0];
      const fetched = await t.http().get(`/v1/evaluations/${first.id}`).set('X-API-Key', KEYS.alice);
      expect(fetched.status).toBe(200);
      expect(fetched.body).toEqual(first);
      expect(await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM evaluations')).toEqual([{ n: 2 }]);
    } finally {
      await t.close();
    }
  });
});
