import 'reflect-metadata';
import type { Type } from '@nestjs/common';
import { generateSchema } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import fc from 'fast-check';
import { AppError } from '../../common/app-error.js';
import { compileBodyValidators } from '../../common/compiled-body-validation.js';
import { MAX_SET_ITEMS } from '../../common/field-decorators.js';
import { createValidationPipe } from '../../common/validation.js';
import { CODE_TRUST, COMPLIANCE_REGIMES, COST_SENSITIVITY, GPU_NEEDS, GPU_SHARING, KERNEL_REQUIREMENTS, normalizeWorkload, OPERATING_SYSTEMS, ORCHESTRATORS, PLACEMENT_OPTIONS, PRIVILEGES, TENANCY, WORKLOAD_TYPES } from '../../engine/index.js';
import { BatchEvaluationDto } from './batch.dto.js';
import { WORKLOAD_MAXIMA, WorkloadDto } from './workload.dto.js';

/**
 * The compiled schema (the fast path) and class-validator must accept exactly the same bodies:
 * a body the schema wrongly accepts would skip a rule, one it wrongly refuses costs only speed but
 * means openapi.yaml says something the service does not do.
 *
 * One difference is by design. Before class-validator looks, Nest strips constructor, prototype and
 * __proto__, and class-transformer skips keys that name Object.prototype's methods (toString...),
 * so the class-validator path accepts a body with them, dropping them. The schema refuses them as
 * unknown fields; the pipe then falls back to class-validator, and the answer is the old one.
 */
const DROPPED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);
const hasDroppedKey = (value: unknown): boolean => value !== null && typeof value === 'object' && Object.entries(value).some(([key, v]) => (!Array.isArray(value) && DROPPED_KEYS.has(key)) || hasDroppedKey(v));
const compiled = compileBodyValidators([WorkloadDto, BatchEvaluationDto]);
const classValidatorPipe = createValidationPipe();
const fastPipe = createValidationPipe([WorkloadDto, BatchEvaluationDto]);

// Every value a field of either DTO accepts, to be put where it does not belong.
const ENUM_VALUES = [...CODE_TRUST, ...TENANCY, ...COMPLIANCE_REGIMES, ...OPERATING_SYSTEMS, ...KERNEL_REQUIREMENTS, ...WORKLOAD_TYPES, ...PRIVILEGES, ...GPU_NEEDS, ...GPU_SHARING, ...ORCHESTRATORS, ...COST_SENSITIVITY, ...PLACEMENT_OPTIONS];

const name = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  // Lengths at the bounds, counted in code points: emoji are two UTF-16 units, a variation selector is one code point of its own.
  fc.constantFrom('x', 'x'.repeat(200), '😀'.repeat(200), 'a\uFE0F'.repeat(100), '\uFE0F', 'Checkout microservices', 'ümlaut ß 東京', ' '),
);
const enumSet = (values: readonly string[]) => fc.oneof(fc.array(fc.constantFrom(...values), { maxLength: 6 }), fc.constant(Array.from({ length: MAX_SET_ITEMS }, (_, i) => values[i % values.length])));
const positiveInt = (max: number) => fc.oneof(fc.integer({ min: 1, max }), fc.constantFrom(1, max));
const scale = positiveInt(WORKLOAD_MAXIMA.instances).chain((instances) =>
  fc.record(
    {
      instances: fc.constant(instances),
      burstInstances: positiveInt(WORKLOAD_MAXIMA.instances).map((n) => Math.max(n, instances)),
      scaleOutSeconds: fc.oneof(fc.double({ min: 0, minExcluded: true, max: WORKLOAD_MAXIMA.scaleOutSeconds, noNaN: true }), fc.constantFrom(Number.MIN_VALUE, 0.5, WORKLOAD_MAXIMA.scaleOutSeconds)),
      tenants: positiveInt(WORKLOAD_MAXIMA.instances),
    },
    { requiredKeys: ['instances'] },
  ),
);

/** A valid workload; optional fields are present or absent, never undefined. */
const validWorkload: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    name,
    codeTrust: fc.constantFrom(...CODE_TRUST),
    tenancy: fc.constantFrom(...TENANCY),
    compliance: enumSet(COMPLIANCE_REGIMES),
    requiresHardwareIsolation: fc.boolean(),
    os: fc.constantFrom(...OPERATING_SYSTEMS),
    kernelRequirements: enumSet(KERNEL_REQUIREMENTS),
    workloadType: fc.constantFrom(...WORKLOAD_TYPES),
    legacy: fc.boolean(),
    privileges: enumSet(PRIVILEGES),
    gpu: fc.constantFrom(...GPU_NEEDS),
    gpuSharing: fc.constantFrom(...GPU_SHARING),
    nestedVirtualization: fc.boolean(),
    dedicatedHosts: fc.boolean(),
    windowsHosts: fc.boolean(),
    confidentialComputing: fc.boolean(),
    hostAgent: fc.boolean(),
    scale,
    startupBudgetMs: positiveInt(WORKLOAD_MAXIMA.startupBudgetMs),
    memoryMbPerInstance: positiveInt(WORKLOAD_MAXIMA.memoryMbPerInstance),
    orchestration: fc.constantFrom(...ORCHESTRATORS),
    costSensitivity: fc.constantFrom(...COST_SENSITIVITY),
    currentPlacement: fc.constantFrom(...PLACEMENT_OPTIONS),
  },
  { requiredKeys: ['name', 'codeTrust', 'tenancy'] },
);

const junk = fc.oneof(
  fc.constantFrom<unknown>(
    ...[null, true, false, 0, -0, -1, 0.5, 1.5, 2 ** 53, 1e308, Infinity, -Infinity, '', ' ', '1', 'true', 'null'],
    ...['x'.repeat(201), '😀'.repeat(201), 'a\uFE0F'.repeat(101), '\u0000', 'a\nb', '\u001b[31m', '\ud800', 'x\udc00', '\u0085'],
    ...['Linux', 'linux ', ' linux', 'LINUX', 'first party', 'root\u0000'],
    ...[WORKLOAD_MAXIMA.instances, WORKLOAD_MAXIMA.instances + 1, WORKLOAD_MAXIMA.startupBudgetMs + 1, WORKLOAD_MAXIMA.memoryMbPerInstance + 1, WORKLOAD_MAXIMA.scaleOutSeconds + 0.001, Number.MIN_VALUE, -Number.MIN_VALUE],
    ...[[], {}, [[]], [{}], [null], ['root', 'root'], Array.from({ length: MAX_SET_ITEMS + 1 }, () => 'root'), Array.from({ length: MAX_SET_ITEMS }, () => 'gdpr')],
    ...[{ instances: 1 }, [{ instances: 1 }], { instances: 5, burstInstances: 4 }, { instances: 1, extra: 1 }, { instances: 1, constructor: 1 }],
  ),
  fc.constantFrom(...ENUM_VALUES),
  fc.array(fc.constantFrom(...ENUM_VALUES, 'nope'), { maxLength: 4 }),
  fc.integer(),
  fc.double(),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.jsonValue({ maxDepth: 2 }),
  scale,
  validWorkload,
);

// Values just outside (and at) each field's rules: a rule one side misses shows up here first.
const enumMiss = (values: readonly string[]) =>
  fc.oneof(
    fc.constantFrom(...values).map((v) => v.toUpperCase()),
    fc.constantFrom(...values).map((v) => `${v} `),
    fc.constantFrom(...values).map((v) => [v]),
    fc.constantFrom(...ENUM_VALUES, null, ''),
  );
const setMiss = (values: readonly string[]) =>
  fc.oneof(
    fc.constant(Array.from({ length: MAX_SET_ITEMS + 1 }, (_, i) => values[i % values.length])),
    fc.array(fc.constantFrom(...values), { maxLength: 3 }).map((items) => [...items, 'nope']),
    fc.constantFrom(...values).map((v) => [[v]]),
    fc.constantFrom(...values, null, {}, [null]),
  );
const booleanMiss = fc.constantFrom<unknown>('true', 'false', 1, 0, null, [true], {});
const intMiss = (max: number) => fc.constantFrom<unknown>(0, -0, -1, max, max + 1, 1.5, max + 0.5, '1', null, Infinity, 2 ** 53 + 2, [1]);
const scaleMiss = fc.oneof(
  fc.integer({ min: 2, max: WORKLOAD_MAXIMA.instances }).map((n) => ({ instances: n, burstInstances: n - 1 })),
  scale.map((s) => [s]),
  scale.map((s) => ({ ...s, extra: 1 })),
  fc.constantFrom<unknown>([], {}, null, 'x', 1, { burstInstances: 2 }),
);
const NEAR_MISSES: Record<string, fc.Arbitrary<unknown>> = {
  name: fc.constantFrom<unknown>('', 'x'.repeat(201), '😀'.repeat(201), 'a\uFE0F'.repeat(101), '\uFE0F'.repeat(201), 'a\u0000b', 'tab\there', '\ud800', 'x\udc00', '\u0085', '\u200b', null, 1, ['x']),
  codeTrust: enumMiss(CODE_TRUST),
  tenancy: enumMiss(TENANCY),
  compliance: setMiss(COMPLIANCE_REGIMES),
  requiresHardwareIsolation: booleanMiss,
  os: enumMiss(OPERATING_SYSTEMS),
  kernelRequirements: setMiss(KERNEL_REQUIREMENTS),
  workloadType: enumMiss(WORKLOAD_TYPES),
  legacy: booleanMiss,
  privileges: setMiss(PRIVILEGES),
  gpu: enumMiss(GPU_NEEDS),
  gpuSharing: enumMiss(GPU_SHARING),
  nestedVirtualization: booleanMiss,
  dedicatedHosts: booleanMiss,
  windowsHosts: booleanMiss,
  confidentialComputing: booleanMiss,
  hostAgent: booleanMiss,
  scale: scaleMiss,
  startupBudgetMs: intMiss(WORKLOAD_MAXIMA.startupBudgetMs),
  memoryMbPerInstance: intMiss(WORKLOAD_MAXIMA.memoryMbPerInstance),
  orchestration: enumMiss(ORCHESTRATORS),
  costSensitivity: enumMiss(COST_SENSITIVITY),
  currentPlacement: enumMiss(PLACEMENT_OPTIONS),
  'scale.instances': intMiss(WORKLOAD_MAXIMA.instances),
  'scale.burstInstances': intMiss(WORKLOAD_MAXIMA.instances),
  'scale.tenants': intMiss(WORKLOAD_MAXIMA.instances),
  'scale.scaleOutSeconds': fc.constantFrom<unknown>(0, -0, -Number.MIN_VALUE, Number.MIN_VALUE, WORKLOAD_MAXIMA.scaleOutSeconds, WORKLOAD_MAXIMA.scaleOutSeconds + 0.001, Infinity, '30', null, [30]),
};
const FIELDS = Object.keys(NEAR_MISSES);
const UNKNOWN_FIELDS = ['extra', 'Name', 'code_trust', 'toString', 'hasOwnProperty', 'constructor', 'prototype', '__proto__', 'scale.extra', 'scale.constructor', 'scale.__proto__'];

type Change = { path: string; value?: unknown; drop?: true };
const change: fc.Arbitrary<Change> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FIELDS).chain((path) => NEAR_MISSES[path].map((value) => ({ path, value }))) },
  { weight: 2, arbitrary: fc.record({ path: fc.constantFrom(...FIELDS, ...UNKNOWN_FIELDS), value: junk }) },
  { weight: 1, arbitrary: fc.record({ path: fc.constantFrom(...FIELDS), drop: fc.constant(true as const) }) },
);

/** Own properties only, even for __proto__, as JSON.parse makes them. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function applyChanges(workload: Record<string, unknown>, changes: Change[]): Record<string, unknown> {
  const body = structuredClone(workload);
  for (const { path, value, drop } of changes) {
    const [head, tail] = path.split('.');
    if (!tail) {
      if (drop) delete body[head];
      else put(body, head, value);
      continue;
    }
    const parent = body[head];
    if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) {
      if (!drop) put(body, head, Object.fromEntries([[tail, value]]));
    } else if (drop) delete (parent as Record<string, unknown>)[tail];
    else put(parent as Record<string, unknown>, tail, value);
  }
  return body;
}

const changedWorkload = fc.tuple(validWorkload, fc.array(change, { minLength: 1, maxLength: 3 })).map(([w, changes]) => applyChanges(w, changes));
const notAnObject = fc.constantFrom<unknown>(null, [], 'x', 1, true, [{ name: 'x', codeTrust: 'untrusted', tenancy: 'multi-tenant' }]);
const workloadBody = fc.oneof({ weight: 2, arbitrary: validWorkload }, { weight: 6, arbitrary: changedWorkload }, { weight: 1, arbitrary: notAnObject });

const batchItem = fc.oneof({ weight: 3, arbitrary: validWorkload }, { weight: 1, arbitrary: changedWorkload }, { weight: 1, arbitrary: junk });
const batchBody = fc.oneof(
  fc.array(validWorkload, { minLength: 1, maxLength: 4 }).map((workloads) => ({ workloads })),
  fc.array(batchItem, { maxLength: 4 }).map((workloads) => ({ workloads })),
  fc.tuple(fc.array(validWorkload, { minLength: 1, maxLength: 3 }), fc.constantFrom('workloads', 'extra', 'constructor', 'prototype', 'Workloads'), fc.oneof(junk, fc.constant(undefined))).map(([workloads, key, value]) => {
    const body: Record<string, unknown> = { workloads };
    if (value === undefined) delete body.workloads;
    else put(body, key, value);
    return body;
  }),
  fc.array(validWorkload, { minLength: 1, maxLength: 3 }).map((workloads) => ({ workloads: [workloads] })),
  notAnObject,
);

/** As the service receives it: JSON text parsed, where 1e999 is Infinity and -0 stays negative. */
function asJsonText(body: unknown): string {
  return JSON.stringify(body, (_key, value: unknown) => (value === Infinity ? '§inf' : value === -Infinity ? '§-inf' : Object.is(value, -0) ? '§-0' : value))
    .replaceAll('"§inf"', '1e999')
    .replaceAll('"§-inf"', '-1e999')
    .replaceAll('"§-0"', '-0');
}

async function throughPipe(pipe: ReturnType<typeof createValidationPipe>, text: string, metatype: Type): Promise<{ accepted: true; value: unknown } | { accepted: false; errors: unknown }> {
  try {
    return { accepted: true, value: await pipe.transform(JSON.parse(text), { type: 'body', metatype }) };
  } catch (error) {
    if (error instanceof AppError) return { accepted: false, errors: error.errors };
    throw error;
  }
}

const normalized = (input: unknown) => {
  try {
    return normalizeWorkload(input);
  } catch (error) {
    return (error as Error).message;
  }
};

describe.each([
  { dto: WorkloadDto as Type, bodies: workloadBody, runs: 3000, workloadsOf: (value: unknown) => [value] },
  { dto: BatchEvaluationDto as Type, bodies: batchBody, runs: 400, workloadsOf: (value: unknown) => (value as { workloads: unknown[] }).workloads },
])('the compiled schema of $dto.name and class-validator', ({ dto, bodies, runs, workloadsOf }) => {
  const schemaAccepts = compiled.get(dto)!;
  const seen = { accepted: 0, refused: 0 };

  it('accept and refuse the same bodies, and the fast pipe answers as the class-validator pipe does', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, async (generated) => {
        const text = asJsonText(generated);
        const parsed: unknown = JSON.parse(text);
        const bySchema = schemaAccepts(parsed);
        const byClassValidator = await throughPipe(classValidatorPipe, text, dto);
        seen[byClassValidator.accepted ? 'accepted' : 'refused']++;
        expect({ text, accepted: bySchema }).toEqual({ text, accepted: byClassValidator.accepted && !hasDroppedKey(parsed) });

        const byFastPipe = await throughPipe(fastPipe, text, dto);
        if (!byClassValidator.accepted) return expect(byFastPipe).toEqual(byClassValidator);
        // Accepted: the engine must see the same workloads, and refuse none of them.
        if (!byFastPipe.accepted) throw new Error(`the fast pipe refused ${text}`);
        // The schema's yes means the fast path answered, with the parsed body itself rather than a DTO instance.
        if (bySchema) expect(Object.getPrototypeOf(byFastPipe.value)).toBe(Object.prototype);
        const fast = workloadsOf(byFastPipe.value).map(normalized);
        const slow = workloadsOf(byClassValidator.value).map(normalized);
        expect(fast).toEqual(slow);
        expect(slow.filter((w) => typeof w === 'string')).toEqual([]);
      }),
      { numRuns: runs },
    );
  });

  it('saw both accepted and refused bodies in numbers', () => {
    expect(seen.accepted).toBeGreaterThan(runs / 10);
    expect(seen.refused).toBeGreaterThan(runs / 10);
  });
});

it('the batch bound: both accept 1000 workloads and refuse 1001', async () => {
  const workload = { name: 'x', codeTrust: 'untrusted', tenancy: 'multi-tenant' };
  for (const n of [1000, 1001]) {
    const text = JSON.stringify({ workloads: Array.from({ length: n }, () => workload) });
    expect([n, compiled.get(BatchEvaluationDto)!(JSON.parse(text))]).toEqual([n, (await throughPipe(classValidatorPipe, text, BatchEvaluationDto)).accepted]);
  }
});

it('compiles the schemas openapi.yaml publishes', () => {
  const published = parseYaml(readFileSync(new URL('../../../openapi.yaml', import.meta.url), 'utf8')).components.schemas;
  const { schemas } = generateSchema(BatchEvaluationDto);
  expect(Object.keys(schemas).sort()).toEqual(['BatchEvaluationDto', 'ScaleDto', 'WorkloadDto']);
  for (const [name, schema] of Object.entries(schemas)) expect({ name, schema: JSON.parse(JSON.stringify(schema)) }).toEqual({ name, schema: published[name] });
});
