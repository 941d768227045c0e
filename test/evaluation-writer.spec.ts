import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { evaluate } from '../src/engine/index.js';
import { EvaluationStore } from '../src/evaluations/evaluation-store.js';
import { EvaluationWriter, type NewEvaluation } from '../src/evaluations/evaluation-writer.js';
import { unpackAnswer } from '../src/evaluations/stored-response.js';
import { loadDefaultMatrix, workload } from './support/factories.js';
import { startTestApp, type TestApp, type TestDatabase } from './support/test-app.js';

function record(name: string, id = uuidv7()): NewEvaluation & { answer: string } {
  const w = workload({ name });
  const result = evaluate(loadDefaultMatrix(), w);
  const createdAt = new Date().toISOString();
  return {
    id,
    createdAt,
    workloadName: name,
    workloadJson: JSON.stringify(w),
    matrixVersion: result.matrix.version,
    matrixChecksum: result.matrix.checksum,
    recommendation: result.recommendation,
    apiKeyName: 'test',
    apiKeyId: 'test-key-id',
    evaluation: [Buffer.from(JSON.stringify(result))],
    answer: JSON.stringify({ id, createdAt, workload: w, ...result }),
  };
}

describe.each<TestDatabase>(['sqlite', 'postgres'])('EvaluationWriter (group commit) on %s', (database) => {
  let t: TestApp;
  let writer: EvaluationWriter;
  let count: (where: string, value: string) => Promise<number>;
  beforeAll(async () => {
    t = await startTestApp({}, database);
    writer = t.app.get(EvaluationWriter);
    const dataSource = t.app.get(DataSource);
    count = async (where, value) => Number((await dataSource.query<{ n: number }[]>(`SELECT COUNT(*) AS n FROM evaluations WHERE ${database === 'postgres' ? where.replace('?', '$1') : where}`, [value]))[0].n);
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores the exact JSON it is given, packed, and reads it back byte for byte', async () => {
    const r = record('exact bytes "quoted" \u00e9 🚀');
    await writer.write([r]);
    const stored = await t.app.get(EvaluationStore).findBody(r.id);
    expect(stored?.apiKeyId).toBe('test-key-id');
    expect(unpackAnswer(stored!).toString('utf8')).toBe(r.answer);
    // The dictionary is what makes a 10 KB answer small.
    expect(stored!.body.length).toBeLessThan(r.answer.length / 5);
  });

  it('stores the writes of one event-loop turn together and answers each', async () => {
    const writes = Array.from({ length: 25 }, (_, i) => writer.write([record(`group-${i}`)]));
    await expect(Promise.all(writes)).resolves.toHaveLength(25);
    expect(await count('api_key_name = ?', 'test')).toBeGreaterThanOrEqual(25);
    expect(await count('workload_name LIKE ?', 'group-%')).toBe(25);
  });

  it('fails only the request whose rows fail, and keeps that request all-or-nothing', async () => {
    const taken = record('already-there');
    await writer.write([taken]);
    const good = writer.write([record('good-1'), record('good-2')]);
    const bad = writer.write([record('bad-1'), record('bad-2', taken.id)]);
    await expect(good).resolves.toBeUndefined();
    // Compared by outcome: the driver's error class may come from another Jest module registry.
    await expect(
      bad.then(
        () => 'stored',
        () => 'refused',
      ),
    ).resolves.toBe('refused');
    expect(await count('workload_name = ?', 'good-2')).toBe(1);
    expect(await count('workload_name = ?', 'bad-1')).toBe(0);
  });

  it('drains: resolves once every write handed in so far is committed', async () => {
    const writes = Array.from({ length: 10 }, (_, i) => writer.write([record(`drain-${i}`)]));
    let settled = 0;
    for (const w of writes) void w.then(() => settled++);
    await writer.drain();
    expect(await count('workload_name LIKE ?', 'drain-%')).toBe(10);
    await Promise.resolve();
    expect(settled).toBe(10);
    await writer.drain();
  });

  it('keeps a request written in several statements all-or-nothing', async () => {
    const taken = record('long-taken');
    await writer.write([taken]);
    const rows = Array.from({ length: 150 }, (_, i) => record(`long-${i}`));
    rows.push(record('long-clash', taken.id));
    await expect(
      writer.write(rows).then(
        () => 'stored',
        () => 'refused',
      ),
    ).resolves.toBe('refused');
    expect(await count('workload_name LIKE ?', 'long-%')).toBe(1);
  });

  it('writes a new answer template with the first records that name it, and not at all when they fail', async () => {
    const name = `templated ${database}`;
    const template = (id?: string): NewEvaluation => {
      const base = record(name, id);
      const json = Buffer.from(JSON.stringify(evaluate(loadDefaultMatrix(), workload({ name: '\u0000slot\u0000' }))));
      const [before, after] = json.toString('utf8').split('\\u0000slot\\u0000');
      return { ...base, evaluation: [Buffer.from(before), Buffer.from(name), Buffer.from(after)] };
    };
    const taken = record('template-taken');
    await writer.write([taken]);
    const templates = () =>
      t.app
        .get(DataSource)
        .query<{ n: number }[]>('SELECT COUNT(*) AS n FROM answer_templates')
        .then((r) => Number(r[0].n));
    const before = await templates();
    await expect(
      writer.write([template(), template(taken.id)]).then(
        () => 'stored',
        () => 'refused',
      ),
    ).resolves.toBe('refused');
    expect(await templates()).toBe(before);
    const stored = template();
    await writer.write([stored]);
    expect(await templates()).toBe(before + 1);
    const [row] = await t.app.get(EvaluationStore).answers([(await t.app.get(EvaluationStore).findBody(stored.id))!]);
    expect(JSON.parse(row.toString('utf8')).rationale.summary).toContain(name);
  });

  it(database === 'sqlite' ? 'gathers the writes that arrive during a commit into the next one (SQLite has one writer)' : 'lets a group commit while the previous one is still committing', async () => {
    const store = t.app.get(EvaluationStore);
    const sizes: number[] = [];
    const insert = store.insert.bind(store);
    const spy = jest.spyOn(store, 'insert').mockImplementation(async (rows, templates) => {
      sizes.push(rows.length);
      // Each commit takes a while, as a sync does: the writes below arrive during the first.
      await new Promise((resolve) => setTimeout(resolve, 30));
      return insert(rows, templates);
    });
    try {
      const first = writer.write([record('while-committing-0')]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const rest: Promise<void>[] = [];
      for (let i = 1; i <= 4; i++) {
        rest.push(writer.write([record(`while-committing-${i}`)]));
        await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all([first, ...rest]);
      expect(sizes).toEqual(database === 'sqlite' ? [1, 4] : [1, 1, 1, 1, 1]);
      expect(await count('workload_name LIKE ?', 'while-committing-%')).toBe(5);
    } finally {
      spy.mockRestore();
    }
  });
});
