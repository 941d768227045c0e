import { z } from 'zod';
import { formatPath, type ValidationProblem } from './errors.js';
import { CODE_TRUST, COMPLIANCE_REGIMES, COST_SENSITIVITY, GPU_NEEDS, GPU_SHARING, KERNEL_REQUIREMENTS, OPERATING_SYSTEMS, ORCHESTRATORS, PRIVILEGES, TENANCY, WORKLOAD_TYPES, peakInstances, type Workload } from './workload.js';

type FieldKind = { kind: 'enum'; values: readonly string[] } | { kind: 'set'; values: readonly string[] } | { kind: 'boolean' } | { kind: 'number' };

/** The workload attributes a condition may test, and what sort of value each holds. */
export const CONDITION_FIELDS = {
  codeTrust: { kind: 'enum', values: CODE_TRUST },
  tenancy: { kind: 'enum', values: TENANCY },
  compliance: { kind: 'set', values: COMPLIANCE_REGIMES },
  requiresHardwareIsolation: { kind: 'boolean' },
  os: { kind: 'enum', values: OPERATING_SYSTEMS },
  kernelRequirements: { kind: 'set', values: KERNEL_REQUIREMENTS },
  workloadType: { kind: 'enum', values: WORKLOAD_TYPES },
  legacy: { kind: 'boolean' },
  privileges: { kind: 'set', values: PRIVILEGES },
  gpu: { kind: 'enum', values: GPU_NEEDS },
  gpuSharing: { kind: 'enum', values: GPU_SHARING },
  nestedVirtualization: { kind: 'boolean' },
  dedicatedHosts: { kind: 'boolean' },
  windowsHosts: { kind: 'boolean' },
  confidentialComputing: { kind: 'boolean' },
  hostAgent: { kind: 'boolean' },
  'scale.instances': { kind: 'number' },
  'scale.peakInstances': { kind: 'number' },
  'scale.burstInstances': { kind: 'number' },
  'scale.scaleOutSeconds': { kind: 'number' },
  'scale.tenants': { kind: 'number' },
  /** The tenants of a workload weighed as one tenant's because they share its instances (from 2026.17, `weighPooledTenantsAsOne`); absent otherwise. */
  pooledTenants: { kind: 'number' },
  startupBudgetMs: { kind: 'number' },
  memoryMbPerInstance: { kind: 'number' },
  orchestration: { kind: 'enum', values: ORCHESTRATORS },
  costSensitivity: { kind: 'enum', values: COST_SENSITIVITY },
} as const satisfies Record<string, FieldKind>;

export type ConditionField = keyof typeof CONDITION_FIELDS;
const FIELD_NAMES = Object.keys(CONDITION_FIELDS) as [ConditionField, ...ConditionField[]];

const OPERATORS_BY_KIND = {
  enum: ['eq', 'ne', 'in'],
  set: ['contains', 'containsAny', 'isEmpty'],
  boolean: ['eq'],
  number: ['eq', 'lt', 'lte', 'gt', 'gte', 'exists'],
} as const;

const OPERATORS = ['eq', 'ne', 'in', 'contains', 'containsAny', 'isEmpty', 'lt', 'lte', 'gt', 'gte', 'exists'] as const;
type Operator = (typeof OPERATORS)[number];
type Scalar = string | number | boolean;

export interface Comparison {
  field: ConditionField;
  op: Operator;
  value: Scalar | Scalar[];
}
export type Condition = Comparison | { all: Condition[] } | { any: Condition[] } | { not: Condition };

const scalar = z.union([z.string(), z.number(), z.boolean()]);

type Problem = { path: (string | number)[]; message: string };

/**
 * What the schema alone cannot see in one comparison: that the operator suits the field
 * and each compared value is one the field can hold (a typo such as `multitenant` is an
 * error, not a rule that silently never matches).
 */
function comparisonProblems(c: Comparison): Problem[] {
  const spec: FieldKind = CONDITION_FIELDS[c.field];
  const allowedOps: readonly string[] = OPERATORS_BY_KIND[spec.kind];
  if (!allowedOps.includes(c.op)) {
    return [{ path: ['op'], message: `operator '${c.op}' does not apply to ${spec.kind} field '${c.field}'; use one of: ${allowedOps.join(', ')}` }];
  }
  const listOp = c.op === 'in' || c.op === 'containsAny';
  if (listOp !== Array.isArray(c.value)) {
    return [{ path: ['value'], message: listOp ? `operator '${c.op}' needs an array of values` : `operator '${c.op}' needs a single value` }];
  }
  const values = Array.isArray(c.value) ? c.value : [c.value];
  const problems: Problem[] = [];
  values.forEach((value, i) => {
    const at = Array.isArray(c.value) ? ['value', i] : ['value'];
    if (c.op === 'isEmpty' || c.op === 'exists') {
      if (typeof value !== 'boolean') problems.push({ path: at, message: `operator '${c.op}' takes true or false` });
    } else if (spec.kind === 'enum' || spec.kind === 'set') {
      if (typeof value !== 'string' || !spec.values.includes(value)) {
        problems.push({ path: at, message: `'${String(value)}' is not a value of '${c.field}'; allowed: ${spec.values.join(', ')}` });
      }
    } else if (spec.kind === 'boolean' && typeof value !== 'boolean') {
      problems.push({ path: at, message: `'${c.field}' is true or false` });
    } else if (spec.kind === 'number' && typeof value !== 'number') {
      problems.push({ path: at, message: `'${c.field}' is compared with a number` });
    }
  });
  return problems;
}

const comparisonSchema = z
  .object({ field: z.enum(FIELD_NAMES), op: z.enum(OPERATORS), value: z.union([scalar, z.array(scalar)]) })
  .strict()
  .superRefine((c, ctx) => {
    for (const p of comparisonProblems(c)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
  });

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([comparisonSchema, z.object({ all: z.array(conditionSchema).min(1) }).strict(), z.object({ any: z.array(conditionSchema).min(1) }).strict(), z.object({ not: conditionSchema }).strict()]),
);

/** How deep all/any/not may nest; the default matrix needs 2. */
export const MAX_CONDITION_DEPTH = 8;

function conditionDepthExceeds(input: unknown, limit: number): boolean {
  const stack: { node: unknown; depth: number }[] = [{ node: input, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    const { all, any, not } = node as { all?: unknown; any?: unknown; not?: unknown };
    for (const children of [all, any]) if (Array.isArray(children)) for (const child of children) stack.push({ node: child, depth: depth + 1 });
    if (not !== undefined) stack.push({ node: not, depth: depth + 1 });
  }
  return false;
}

/**
 * A condition as a matrix may hold it. The depth is checked without recursion before the
 * recursive schema runs, so a hostile document cannot exhaust the stack.
 */
export const boundedConditionSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    if (conditionDepthExceeds(value, MAX_CONDITION_DEPTH)) ctx.addIssue({ code: 'custom', message: `conditions may nest all/any/not at most ${MAX_CONDITION_DEPTH} levels deep` });
  })
  .pipe(conditionSchema);

/** Lists a condition's problems under `path`, nested conditions included. */
export function checkCondition(condition: Condition, path: string, problems: ValidationProblem[]): void {
  if ('all' in condition) return condition.all.forEach((c, i) => checkCondition(c, `${path}.all[${i}]`, problems));
  if ('any' in condition) return condition.any.forEach((c, i) => checkCondition(c, `${path}.any[${i}]`, problems));
  if ('not' in condition) return checkCondition(condition.not, `${path}.not`, problems);
  for (const p of comparisonProblems(condition)) problems.push({ path: formatPath([path, ...p.path]), message: p.message });
}

export type Predicate = (workload: Workload) => boolean;

/** Reads one condition field from a workload (dotted names reach into `scale`). */
export function fieldReader(field: ConditionField): (w: Workload) => unknown {
  switch (field) {
    case 'scale.instances':
      return (w) => w.scale.instances;
    case 'scale.peakInstances':
      return peakInstances;
    case 'scale.burstInstances':
      return (w) => w.scale.burstInstances;
    case 'scale.scaleOutSeconds':
      return (w) => w.scale.scaleOutSeconds;
    case 'scale.tenants':
      return (w) => w.scale.tenants;
    case 'pooledTenants':
      // Set only on the workload placement weighs, never on a request (see placedWorkload).
      return (w) => (w as { pooledTenants?: number }).pooledTenants;
    default:
      return (w) => w[field];
  }
}

/**
 * Turns a validated condition into a predicate once, when the matrix is loaded, so that
 * evaluation walks closures instead of re-reading the JSON tree. Nothing is run as code.
 */
export function compileCondition(condition: Condition): Predicate {
  // Loops rather than every/some: the what-if search runs these thousands of times per answer,
  // and a callback per call was a closure allocated each time.
  if ('all' in condition) {
    const parts = condition.all.map(compileCondition);
    return (w) => {
      for (const part of parts) if (!part(w)) return false;
      return true;
    };
  }
  if ('any' in condition) {
    const parts = condition.any.map(compileCondition);
    return (w) => {
      for (const part of parts) if (part(w)) return true;
      return false;
    };
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not);
    return (w) => !inner(w);
  }
  const read = fieldReader(condition.field);
  const { value } = condition;
  switch (condition.op) {
    case 'eq':
      return (w) => read(w) === value;
    case 'ne':
      return (w) => read(w) !== value;
    case 'in': {
      const set = new Set(value as Scalar[]);
      return (w) => set.has(read(w) as Scalar);
    }
    case 'contains':
      return (w) => (read(w) as Scalar[]).includes(value as Scalar);
    case 'containsAny': {
      const wanted = value as Scalar[];
      return (w) => {
        for (const v of read(w) as Scalar[]) if (wanted.includes(v)) return true;
        return false;
      };
    }
    case 'isEmpty':
      return (w) => ((read(w) as Scalar[]).length === 0) === value;
    case 'exists':
      return (w) => (read(w) !== undefined) === value;
    case 'lt':
      return numeric(read, (n) => n < (value as number));
    case 'lte':
      return numeric(read, (n) => n <= (value as number));
    case 'gt':
      return numeric(read, (n) => n > (value as number));
    case 'gte':
      return numeric(read, (n) => n >= (value as number));
  }
}

// An absent optional number (no start-up budget given) satisfies no comparison.
function numeric(read: (w: Workload) => unknown, test: (n: number) => boolean): Predicate {
  return (w) => {
    const n = read(w);
    return typeof n === 'number' && test(n);
  };
}

/** The workload fields a condition looks at, sorted: what the rationale says "set" an importance. */
export function conditionFields(condition: Condition): ConditionField[] {
  const out = new Set<ConditionField>();
  const walk = (c: Condition): void => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
    else out.add(c.field);
  };
  walk(condition);
  return [...out].sort();
}
