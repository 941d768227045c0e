import fc from 'fast-check';
import { workloadArb } from '../../test/support/arbitraries.js';
import { normalizeBySchema, normalizeWellFormed, normalizeWorkload, workloadSchema } from './workload.js';

/** What the schema makes of an input: the workload as JSON (key order included), or its failure. */
function bySchema(input: unknown): string {
  try {
    return JSON.stringify(normalizeBySchema(input));
  } catch {
    return 'invalid';
  }
}

const FIELDS = Object.keys(workloadSchema.shape);
const NUMBERS = [0, -1, 1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, 2 ** 53 - 1, -0, '5'];
/** Values near every edge the schema draws, per field: bounds, non-finite and unsafe numbers, duplicates, holes, unknown members. */
const EDGES: Record<string, unknown[]> = {
  name: ['', 'x', 'x'.repeat(200), 'x'.repeat(201), '\u{1F680}'.repeat(100), '\u{1F680}'.repeat(101), 5],
  scale: [
    { instances: 5, burstInstances: 4 },
    { instances: 5, burstInstances: 5 },
    { instances: 1, scaleOutSeconds: Infinity },
    { instances: 1, scaleOutSeconds: NaN },
    { instances: 1, scaleOutSeconds: 0.5 },
    { instances: 1, scaleOutSeconds: 0 },
    { instances: 0 },
    { instances: 1.5 },
    { instances: 2 ** 53 },
    { instances: 1, extra: 1 },
    { burstInstances: 2 },
    { instances: 2, burstInstances: 2.5 },
    { instances: 2, tenants: 0 },
    { instances: 2, tenants: 3 },
    { instances: 2, tenants: '3' },
    [],
  ],
  startupBudgetMs: NUMBERS,
  memoryMbPerInstance: NUMBERS,
  compliance: [['soc2', 'soc2', 'gdpr'], ['gdpr', 'soc2', 'hipaa'], ['soc2', 'unknown'], [undefined], new Array(2), 'soc2'],
  privileges: [['root', 'root'], ['sys-admin', 'privileged', 'root'], ['Root'], [null]],
  gpu: ['shared', 'dedicated', 'none', 'Shared'],
  gpuSharing: ['mig', 'vgpu', 'time-slicing', 'none'],
  os: ['windows', 'other', 'Linux'],
  currentPlacement: ['vm', 'hybrid', 'bare-metal'],
};
const GENERIC = [undefined, null, true, false, '', 'linux', 0, 1, [], {}];
const change = fc.oneof(
  // Fields with edges of their own are picked more often, and mostly given one of them.
  {
    weight: 4,
    arbitrary: fc
      .oneof(fc.constantFrom(...Object.keys(EDGES)), fc.constantFrom(...FIELDS))
      .chain((key) => fc.tuple(fc.constant(key), fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...(EDGES[key] ?? GENERIC)) }, fc.constantFrom(...GENERIC), fc.anything()), fc.boolean())),
  },
  { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.constantFrom('extra', 'constructor', '__proto__', 'toString'), fc.string()), fc.anything(), fc.constant(false)) },
);
const mutated = fc.tuple(workloadArb, fc.array(change, { minLength: 1, maxLength: 3 })).map(([w, changes]) => {
  const input: Record<string, unknown> = { ...w };
  for (const [key, value, remove] of changes) {
    if (remove) delete input[key];
    else Object.defineProperty(input, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return input;
});

describe('normalizeWorkload fast path (a plainly valid workload built without the schema)', () => {
  it('takes every valid workload, and gives exactly what the schema gives, key order included', () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const fast = normalizeWellFormed(input);
        expect(fast).toBeDefined();
        expect(JSON.stringify(fast)).toBe(bySchema(input));
      }),
      { numRuns: 500 },
    );
  });

  it('never accepts what the schema refuses, nor differs from it, on inputs near every edge', () => {
    let taken = 0;
    let left = 0;
    fc.assert(
      fc.property(mutated, (input) => {
        const fast = normalizeWellFormed(input);
        if (fast === undefined) {
          left++;
          // Left to the schema: normalizeWorkload then answers exactly as the schema does.
          const expected = bySchema(input);
          if (expected === 'invalid') expect(() => normalizeWorkload(input)).toThrow(/Workload is invalid/);
          else expect(JSON.stringify(normalizeWorkload(input))).toBe(expected);
          return;
        }
        taken++;
        expect(JSON.stringify(fast)).toBe(bySchema(input));
      }),
      { numRuns: 3000 },
    );
    // Both branches were exercised: the property says something about each.
    expect(taken).toBeGreaterThan(100);
    expect(left).toBeGreaterThan(100);
  });
});
