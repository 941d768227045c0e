import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';
import { z } from 'zod';
import { boundedConditionSchema, compileCondition, conditionFields, type ConditionField, type Predicate } from './conditions.js';
import { EngineError, formatPath, type ValidationProblem } from './errors.js';
import { PLACEMENT_OPTIONS, workloadSchema, type PlacementOption } from './workload.js';

// Ids key plain objects in the engine; 'constructor' or 'prototype' would read Object.prototype instead.
const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes')
  .max(80)
  .refine((value) => value !== 'constructor' && value !== 'prototype', 'is a reserved word');
const text = z.string().min(1).max(2000);
const rating = z.number().min(0).max(10);
const importance = z.number().min(0).max(10);
const perOption = <T extends z.ZodType>(value: T) =>
  z.object({ container: value, microvm: value, vm: value, hybrid: value }).strict();
const range = z
  .object({ min: z.number().nonnegative(), max: z.number().nonnegative() })
  .strict()
  .refine((r) => r.max >= r.min, { message: 'max must be at least min', path: ['max'] });

export const MATRIX_VERSION_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export const matrixSchema = z
  .object({
    version: z.string().regex(MATRIX_VERSION_PATTERN, 'must be 1-64 letters, digits, dots, dashes or underscores'),
    title: text,
    description: text.optional(),
    options: perOption(z.object({ label: z.string().min(1).max(60), description: text }).strict()),
    criteria: z
      .array(z.object({ id, name: z.string().min(1).max(120), description: text, baseImportance: importance, ratings: perOption(rating), source: text }).strict())
      .min(1),
    importanceRules: z.array(
      z.object({ id, when: boundedConditionSchema, importance: z.record(z.string(), importance), reason: text }).strict(),
    ),
    constraints: z.array(
      z.object({ id, when: boundedConditionSchema, excludes: z.array(z.enum(PLACEMENT_OPTIONS)).min(1), reason: text }).strict(),
    ),
    estimates: z
      .object({
        referenceHost: z.object({ description: text, memoryMb: z.number().int().positive(), usableMemoryFraction: z.number().gt(0).max(1) }).strict(),
        defaultMemoryMbPerInstance: z.number().int().positive(),
        profiles: perOption(
          z
            .object({
              startupMs: range,
              memoryOverheadMb: z.number().nonnegative(),
              cpuOverheadPct: range,
              instancesPerHost: z.number().int().positive(),
              source: text,
            })
            .strict(),
        ),
      })
      .strict(),
    hardening: z.array(
      z
        .object({ id, options: z.array(z.enum(PLACEMENT_OPTIONS)).min(1), level: z.enum(['must', 'should']), text, when: boundedConditionSchema.optional() })
        .strict(),
    ),
    examples: z
      .array(
        z
          .object({ id, description: text, workload: z.unknown(), expected: z.enum(PLACEMENT_OPTIONS), source: text.optional() })
          .strict()
          // Checked here rather than typed as a workload, so the stored document keeps the example exactly as written.
          .superRefine((example, ctx) => {
            const result = workloadSchema.safeParse(example.workload);
            if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', path: ['workload', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: issue.message });
          }),
      )
      .min(1),
  })
  .strict();

export type MatrixDocument = z.infer<typeof matrixSchema>;
export type Criterion = MatrixDocument['criteria'][number];

export interface CompiledRule {
  id: string;
  applies: Predicate;
  reason: string;
  fields: ConditionField[];
}

export interface CompiledCriterion {
  id: string;
  name: string;
  /** The name as it reads mid-sentence: "Fit with orchestration" becomes "fit with orchestration"; "OS freedom" stays. */
  inlineName: string;
  baseImportance: number;
  ratings: Record<PlacementOption, number>;
  /** Indexes into `rules` of the rules that set this criterion, with the importance each sets. */
  rules: readonly { rule: number; importance: number }[];
}

export interface CompiledHardening {
  id: string;
  level: 'must' | 'should';
  text: string;
  applies: Predicate;
}

/**
 * A validated matrix with its checksum, its conditions compiled and its tables arranged
 * for evaluation (work done once per version instead of once per request). What `evaluate` takes.
 */
export interface LoadedMatrix {
  readonly version: string;
  readonly checksum: string;
  readonly document: MatrixDocument;
  readonly criteria: readonly CompiledCriterion[];
  readonly rules: readonly CompiledRule[];
  readonly constraints: readonly { id: string; applies: Predicate; excludes: readonly PlacementOption[]; reason: string }[];
  /** Per option, its checklist items with every "must" before every "should", matrix order otherwise. */
  readonly hardening: Readonly<Record<PlacementOption, readonly CompiledHardening[]>>;
}

/** sha256 over the canonical JSON (keys sorted, no whitespace) of a matrix document. */
export function matrixChecksum(document: unknown): string {
  return createHash('sha256').update(stringify(document) ?? '').digest('hex');
}

/**
 * Lists every problem in a matrix document, each with its path (`criteria[2].ratings.vm`).
 * Problems inside one item (ratings, conditions, example workloads) are all reported at
 * once; checks across items (duplicate ids, rules naming unknown criteria) follow once
 * every item is well-formed. An empty list means `loadMatrix` will accept it.
 */
export function validateMatrix(input: unknown): ValidationProblem[] {
  return parseMatrix(input).problems;
}

function parseMatrix(input: unknown): { document: MatrixDocument; problems: [] } | { document?: undefined; problems: ValidationProblem[] } {
  const parsed = matrixSchema.safeParse(input);
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })) };
  }
  const doc = parsed.data;
  const problems: ValidationProblem[] = [];
  const unique = (section: string, items: { id: string }[]) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id)) problems.push({ path: `${section}[${i}].id`, message: `duplicate id '${item.id}'` });
      seen.add(item.id);
    });
  };
  unique('criteria', doc.criteria);
  unique('importanceRules', doc.importanceRules);
  unique('constraints', doc.constraints);
  unique('hardening', doc.hardening);
  unique('examples', doc.examples);

  const criterionIds = new Set(doc.criteria.map((c) => c.id));
  doc.importanceRules.forEach((rule, i) => {
    const targets = Object.keys(rule.importance);
    if (targets.length === 0) problems.push({ path: `importanceRules[${i}].importance`, message: 'names no criterion' });
    for (const target of targets) {
      if (!criterionIds.has(target)) problems.push({ path: `importanceRules[${i}].importance.${target}`, message: `unknown criterion '${target}'` });
    }
  });
  return problems.length > 0 ? { problems } : { document: doc, problems: [] };
}

/**
 * Validates a matrix document and prepares it for evaluation.
 * @throws EngineError with code MATRIX_INVALID listing every problem and its path
 */
export function loadMatrix(input: unknown): LoadedMatrix {
  const { document, problems } = parseMatrix(input);
  if (!document) {
    const first = problems.slice(0, 5).map((p) => `${p.path}: ${p.message}`).join('; ');
    throw new EngineError('MATRIX_INVALID', `Matrix is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${first}`, problems);
  }
  const always = () => true;
  const hardening = document.hardening
    .map((h) => ({ options: h.options, item: { id: h.id, level: h.level, text: h.text, applies: h.when ? compileCondition(h.when) : always } }))
    .sort((a, b) => (a.item.level === b.item.level ? 0 : a.item.level === 'must' ? -1 : 1));
  return {
    version: document.version,
    checksum: matrixChecksum(document),
    document,
    criteria: document.criteria.map((c) => ({
      id: c.id,
      name: c.name,
      inlineName: /^[A-Z][a-z]/.test(c.name) ? c.name[0]!.toLowerCase() + c.name.slice(1) : c.name,
      baseImportance: c.baseImportance,
      ratings: c.ratings,
      rules: document.importanceRules.flatMap((r, rule) => (r.importance[c.id] === undefined ? [] : [{ rule, importance: r.importance[c.id]! }])),
    })),
    rules: document.importanceRules.map((r) => ({ id: r.id, applies: compileCondition(r.when), reason: r.reason, fields: conditionFields(r.when) })),
    constraints: document.constraints.map((c) => ({ id: c.id, applies: compileCondition(c.when), excludes: c.excludes, reason: c.reason })),
    hardening: Object.fromEntries(PLACEMENT_OPTIONS.map((o) => [o, hardening.filter((h) => h.options.includes(o)).map((h) => h.item)])) as unknown as LoadedMatrix['hardening'],
  };
}
