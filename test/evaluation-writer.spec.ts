import { getRepositoryToken } from '@nestjs/typeorm';
import { Like, type Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { evaluate } from '../src/engine/index.js';
import { EvaluationRecord } from '../src/evaluations/evaluation-record.entity.js';
import { EvaluationWriter } from '../src/evaluations/evaluation-writer.js';
import { loadDefaultMatrix, workload } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let writer: EvaluationWriter;
let records: Repository<EvaluationRecord>;
beforeAll(async () => {
  t = await startTestApp();
  writer = t.app.get(EvaluationWriter);
  records = t.app.get(getRepositoryToken(EvaluationRecord));
});
afterAll(async () => {
  await t.close();
});

function record(name: string, id = uuidv7()): EvaluationRecord {
  const w = workload({ name });
  const result = evaluate(loadDefaultMatrix(), w);
  return Object.assign(new EvaluationRecord(), {
    id,
    createdAt: new Date().toISOString(),
    workloadName: name,
    workload: w,
    matrixVersion: result.matrix.version,
    matrixChecksum: result.matrix.checksum,
    recommendation: result.recommendation,
    result,
    apiKeyName: 'test',
  });
}

describe('EvaluationWriter (group commit)', () => {
  it('stores the writes of one event-loop turn together and answers each', async () => {
    const writes = Array.from({ length: 25 }, (_, i) => writer.write([record(`group-${i}`)]));
    await expect(Promise.all(writes)).resolves.toHaveLength(25);
    expect(await records.countBy({ apiKeyName: 'test' })).toBe(25);
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
    expect(await records.countBy({ workloadName: 'good-2' })).toBe(1);
    expect(await records.countBy({ workloadName: 'bad-1' })).toBe(0);
  });

  it('drains: resolves once every write handed in so far is committed', async () => {
    const writes = Array.from({ length: 10 }, (_, i) => writer.write([record(`drain-${i}`)]));
    let settled = 0;
    for (const w of writes) void w.then(() => settled++);
    await writer.drain();
    expect(await records.countBy({ workloadName: Like('drain-%') })).toBe(10);
    await Promise.resolve();
    expect(settled).toBe(10);
    await writer.drain();
  });
});
