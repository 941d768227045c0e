import fc from 'fast-check';
import { ReadCoalescer } from './read-coalescer.js';

describe('ReadCoalescer', () => {
  it('answers the reads of one turn with one query per batch, each with its own row or undefined', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'missing', 'e', 'f'), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 5 }), async (keys, batchSize) => {
        const queries: string[][] = [];
        const coalescer = new ReadCoalescer<string>(async (asked) => {
          queries.push(asked);
          return new Map(asked.filter((k) => k !== 'missing').map((k) => [k, `row ${k}`]));
        }, batchSize);
        const rows = await Promise.all(keys.map((k) => coalescer.load(k)));
        expect(rows).toEqual(keys.map((k) => (k === 'missing' ? undefined : `row ${k}`)));
        // Each distinct key asked for once, in batches of at most batchSize.
        const distinct = [...new Set(keys)];
        expect(queries.flat().sort()).toEqual([...distinct].sort());
        expect(queries.length).toBe(Math.ceil(distinct.length / batchSize));
        expect(queries.every((q) => q.length <= batchSize)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('reads again in a later turn, and fails only the reads a failed query carried', async () => {
    let calls = 0;
    const coalescer = new ReadCoalescer<string>(async (asked) => {
      calls++;
      if (asked.includes('bad')) throw new Error('the query failed');
      return new Map(asked.map((k) => [k, k.toUpperCase()]));
    }, 2);
    await expect(coalescer.load('x')).resolves.toBe('X');
    await expect(coalescer.load('x')).resolves.toBe('X');
    expect(calls).toBe(2);
    // Batches of two: ['bad', 'y'] fails, ['z'] does not.
    const results = await Promise.allSettled([coalescer.load('bad'), coalescer.load('y'), coalescer.load('z')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((results[0] as PromiseRejectedResult).reason).toEqual(new Error('the query failed'));
    expect((results[2] as PromiseFulfilledResult<string>).value).toBe('Z');
  });
});
