import { quickDecide, type Decision, type QuickDecision } from './decide.js';
import type { ChangeValue, Confidence, Counterfactual, CurrentPlacementVerdict, WorkloadChange } from './evaluation.js';
import { startupFor, type ChangeableField, type LoadedMatrix } from './matrix.js';
import {
  CODE_TRUST,
  COMPLIANCE_REGIMES,
  COST_SENSITIVITY,
  GPU_NEEDS,
  GPU_SHARING,
  KERNEL_REQUIREMENTS,
  OPERATING_SYSTEMS,
  ORCHESTRATORS,
  PRIVILEGES,
  settleDependentFields,
  TENANCY,
  WORKLOAD_TYPES,
  type PlacementOption,
  type Workload,
} from './workload.js';

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;

type Value = Exclude<ChangeValue, null>;

/** Every attribute the neighbourhood and what-if searches know how to vary, with its kind. */
const ENUMS: Record<string, readonly string[]> = {
  codeTrust: CODE_TRUST,
  tenancy: TENANCY,
  os: OPERATING_SYSTEMS,
  workloadType: WORKLOAD_TYPES,
  gpu: GPU_NEEDS,
  gpuSharing: GPU_SHARING,
  orchestration: ORCHESTRATORS,
  costSensitivity: COST_SENSITIVITY,
};
const SETS: Record<string, readonly string[]> = { compliance: COMPLIANCE_REGIMES, kernelRequirements: KERNEL_REQUIREMENTS, privileges: PRIVILEGES };
const BOOLEANS = ['requiresHardwareIsolation', 'legacy', 'nestedVirtualization', 'dedicatedHosts', 'windowsHosts', 'confidentialComputing', 'hostAgent'] as const;

function read(w: Workload, field: string): Value | undefined {
  if (field === 'scale.instances') return w.scale.instances;
  return (w as unknown as Record<string, Value | undefined>)[field];
}

/** A copy of the workload with the changes applied, exactly as applying them to the request body would. */
export function applyChanges(w: Workload, changes: readonly WorkloadChange[]): Workload {
  const next = { ...w, scale: { ...w.scale } } as Workload & Record<string, unknown>;
  for (const { field, to } of changes) {
    if (field === 'scale.instances') {
      next.scale.instances = to as number;
      if (next.scale.burstInstances !== undefined && next.scale.burstInstances < next.scale.instances) next.scale.burstInstances = next.scale.instances;
    } else next[field] = Array.isArray(to) ? [...to].sort() : to;
  }
  return settleDependentFields(next);
}

const change = (w: Workload, field: string, to: Value): WorkloadChange => ({ field, from: read(w, field) ?? null, to });

/** The decision for the workload with some changes applied. */
export type WhatIf = (changes: readonly WorkloadChange[]) => QuickDecision;

/**
 * What-ifs for one workload, single changes remembered: the confidence search's neighbours are
 * mostly among the what-if search's single changes (the next enum value, a set member or flag
 * taken back), and a decision depends only on the field and its new value.
 */
export function whatIfs(matrix: LoadedMatrix, w: Workload): WhatIf {
  const singles = new Map<string, QuickDecision>();
  return (changes) => {
    if (changes.length !== 1) return quickDecide(matrix, applyChanges(w, changes));
    const key = `${changes[0].field}=${JSON.stringify(changes[0].to)}`;
    let decision = singles.get(key);
    if (!decision) singles.set(key, (decision = quickDecide(matrix, applyChanges(w, changes))));
    return decision;
  };
}

/** Single changes of one changeable attribute that a team could make. */
function candidateChanges(matrix: LoadedMatrix, w: Workload, fields: readonly ChangeableField[]): WorkloadChange[] {
  const out: WorkloadChange[] = [];
  for (const field of fields) {
    const current = read(w, field);
    if (field in ENUMS) {
      if (field === 'gpuSharing' && w.gpu !== 'shared') continue;
      for (const value of ENUMS[field]) if (value !== current) out.push(change(w, field, value));
    } else if (field in SETS) {
      const present = (current as string[]) ?? [];
      // A team can drop a need it has; adding one is not a way to a cheaper answer.
      for (const value of present)
        out.push(
          change(
            w,
            field,
            present.filter((v) => v !== value),
          ),
        );
    } else if (field === 'startupBudgetMs') {
      if (typeof current !== 'number') continue;
      const budgets = new Set<number>([current * 2, Math.max(1, Math.floor(current / 2))]);
      const factor = matrix.document.estimates.startupExclusionFactor;
      // The smallest budget each runtime can meet within the hard limit: where the answer can jump.
      if (factor) for (const rs of Object.values(matrix.runtimes)) for (const r of rs) budgets.add(Math.ceil(startupFor(r, w).min / factor));
      for (const b of [...budgets].sort((x, y) => x - y)) if (b !== current && b > 0) out.push(change(w, field, b));
    } else {
      out.push(change(w, field, !current));
    }
  }
  return out;
}

/**
 * The neighbouring values of what the caller stated: the next value either side of each
 * enum, double and half of each number, and each stated set member or flag taken back.
 * Adding a fact nobody stated (a new regime, a mandate) is a different workload, not doubt
 * about this one, so it is not a neighbour.
 */
function neighbours(w: Workload): WorkloadChange[] {
  const out: WorkloadChange[] = [];
  for (const [field, values] of Object.entries(ENUMS)) {
    if (field === 'gpuSharing' && w.gpu !== 'shared') continue;
    const at = values.indexOf(read(w, field) as string);
    for (const i of [at - 1, at + 1]) if (i >= 0 && i < values.length) out.push(change(w, field, values[i]));
  }
  for (const field of Object.keys(SETS)) {
    const present = read(w, field) as string[];
    for (const value of present)
      out.push(
        change(
          w,
          field,
          present.filter((v) => v !== value),
        ),
      );
  }
  for (const field of BOOLEANS) if (read(w, field) === true) out.push(change(w, field, false));
  out.push(change(w, 'scale.instances', w.scale.instances * 2));
  if (w.scale.instances > 1) out.push(change(w, 'scale.instances', Math.max(1, Math.floor(w.scale.instances / 2))));
  if (w.startupBudgetMs !== undefined) {
    out.push(change(w, 'startupBudgetMs', w.startupBudgetMs * 2));
    if (w.startupBudgetMs > 1) out.push(change(w, 'startupBudgetMs', Math.floor(w.startupBudgetMs / 2)));
  }
  return out;
}

/** How far `option` leads the best other eligible option (negative when behind; -Infinity when excluded). */
function lead(d: QuickDecision, option: PlacementOption): number {
  const mine = d.scores[option];
  if (mine === null) return -Infinity;
  let best = -Infinity;
  for (const [o, score] of Object.entries(d.scores)) if (o !== option && score !== null && score > best) best = score;
  return best === -Infinity ? Infinity : mine - best;
}

/**
 * For each option other than the recommendation, the smallest change of changeable attributes
 * (one, else two) that makes it the recommendation, and the single changes that would rule
 * the recommendation out. When no option fits, the changes that would let each one be the
 * answer. Each is true by construction: the search evaluates it.
 */
export function findCounterfactuals(matrix: LoadedMatrix, w: Workload, base: Decision, whatIf: WhatIf = whatIfs(matrix, w)): Counterfactual[] {
  const fields = matrix.document.insight?.changeable;
  const winner = base.ranked[0]?.option ?? null;
  // With no answer at all, what would let some option fit is the one thing worth saying.
  if (!fields) return [];
  const baseQuick = quickDecide(matrix, w);
  const singles = candidateChanges(matrix, w, fields).map((c) => ({ change: c, decision: whatIf([c]) }));
  const out: Counterfactual[] = [];
  // A change that rules the answer out is a rule-out, said below; a switch is won while the answer still fits.
  const onMerit = (d: QuickDecision) => !(matrix.document.insight?.switchesOnMerit && winner) || d.eligible[winner];
  for (const option of ['container', 'microvm', 'vm', 'hybrid'] as const) {
    if (option === winner) continue;
    let wins = singles.filter((s) => s.decision.winner === option && onMerit(s.decision));
    if (matrix.document.insight?.switchesMildestPerField) {
      // A win by the tie-break alone is a tie: named only where no change wins outright.
      const outright = wins.filter((s) => (s.decision.margin ?? 0) > 0);
      wins = mildestNumbers(outright.length > 0 ? outright : wins);
    }
    if (wins.length > 0) {
      const best = wins.reduce((a, b) => ((b.decision.margin ?? 0) > (a.decision.margin ?? 0) ? b : a));
      out.push({ kind: 'switch', option, changes: [best.change], margin: best.decision.margin ?? 0 });
      continue;
    }
    // Two changes: pair up the single changes that each brought this option closer, closest first.
    const before = lead(baseQuick, option);
    const promising = singles
      .filter((s) => lead(s.decision, option) > before)
      .sort((a, b) => lead(b.decision, option) - lead(a.decision, option))
      .slice(0, 5);
    let best: { changes: WorkloadChange[]; margin: number } | undefined;
    for (let i = 0; i < promising.length; i++) {
      for (let j = i + 1; j < promising.length; j++) {
        const [a, b] = [promising[i].change, promising[j].change];
        if (a.field === b.field) continue;
        const d = whatIf([a, b]);
        if (d.winner === option && onMerit(d) && (!best || (d.margin ?? 0) > best.margin)) best = { changes: [a, b], margin: d.margin ?? 0 };
      }
    }
    if (best) out.push({ kind: 'switch', option, ...best });
  }
  if (!winner) return out;
  // What would take the current answer away.
  let ruleOuts = singles.filter((s) => !s.decision.eligible[winner] && s.decision.winner !== null);
  if (matrix.document.insight?.ruleOutsOnePerField) ruleOuts = mildestPerField(ruleOuts);
  ruleOuts = ruleOuts.slice(0, 3);
  for (const s of ruleOuts) out.push({ kind: 'rule-out', option: s.decision.winner!, changes: [s.change], margin: s.decision.margin ?? 0 });
  return out;
}

/** Margin plus stability under neighbouring values, graded by the matrix's thresholds. */
export function assessConfidence(matrix: LoadedMatrix, w: Workload, base: Decision, whatIf: WhatIf = whatIfs(matrix, w)): Confidence {
  const winner = base.ranked[0]?.option ?? null;
  const changes = neighbours(w);
  const flips = new Map<string, number>();
  let kept = 0;
  for (const c of changes) {
    if (whatIf([c]).winner === winner) kept++;
    else flips.set(c.field, (flips.get(c.field) ?? 0) + 1);
  }
  const stability = changes.length === 0 ? 1 : round2(kept / changes.length);
  const margin = base.margin;
  const thresholds = matrix.document.insight?.confidence ?? { high: { margin: 10, stability: 0.85 }, medium: { margin: 3, stability: 0.6 } };
  const meets = (t: { margin: number; stability: number }) => (margin === null || margin >= t.margin) && stability >= t.stability;
  const level = winner === null ? 'low' : meets(thresholds.high) ? 'high' : meets(thresholds.medium) ? 'medium' : 'low';
  const sensitiveTo = [...flips]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 3)
    .map(([field]) => field);
  return { level, margin, stability, sensitiveTo };
}

/** Shared kernel, sandbox kernel, hypervisor: the kinds of wall a runtime puts between a workload and the host and other workloads (a hybrid's is the tenant's VM), weakest first. */
const WALL_STRENGTH = { 'shared-kernel': 0, 'user-space-kernel': 1, hardware: 2 } as const;
const WALL_NAME = { 'shared-kernel': 'the host kernel it shares', 'user-space-kernel': 'a sandbox kernel', hardware: 'a hypervisor' } as const;

/** Whether where the workload runs today is acceptable, safe but behind, a risk, or ruled out, and why. */
export function judgeCurrentPlacement(matrix: LoadedMatrix, w: Workload, base: Decision): CurrentPlacementVerdict | null {
  if (!w.currentPlacement) return null;
  const current = base.options.find((o) => o.option === w.currentPlacement)!;
  const winner = base.ranked[0];
  if (!current.eligible) {
    return { option: current.option, status: 'ruled-out', reason: `${current.label} is ruled out for this workload: ${current.exclusions.map((e) => e.reason).join('; ')}.` };
  }
  const behind = winner ? round1(winner.score! - current.score!) : 0;
  const tolerance = matrix.document.insight?.currentPlacementTolerance ?? 3;
  if (!winner || winner.option === current.option) return { option: current.option, status: 'acceptable', reason: `${current.label} is the recommendation.` };
  if (behind <= tolerance) {
    return { option: current.option, status: 'acceptable', reason: `${current.label} is ${behind} points behind ${winner.label}, within the matrix's tolerance of ${tolerance}.` };
  }
  const isolation = matrix.document.criteria.flatMap((c, i) => (c.concern === 'isolation' ? [i] : []));
  // A matrix that does not say which criteria are about isolation cannot tell exposure from cost.
  if (isolation.length === 0) return { option: current.option, status: 'risk', reason: `${current.label} fits but is ${behind} points behind ${winner.label}; plan a move or record why it stays.` };
  const lead = (i: number) => base.factors[i].contributions[winner.option] - base.factors[i].contributions[current.option];
  // Half a point is the smallest gap the rationale names; below it, the two contain the workload alike.
  const leads = (indexes: number[]) =>
    indexes
      .map((i) => ({ name: matrix.criteria[i].inlineName, gap: round1(lead(i)) }))
      .filter((l) => l.gap >= 0.5)
      .sort((a, b) => b.gap - a.gap)
      .slice(0, 2)
      .map((l) => `${l.name} (+${l.gap})`)
      // Criterion names such as "density and cost" carry their own "and".
      .join(' as well as ');
  const exposure = leads(isolation);
  const [currentWall, winnerWall] = [base.selected[current.option].isolation, base.selected[winner.option].isolation];
  // A matrix that names no runtimes for an option cannot tell one wall from another.
  const weakerWall = !matrix.document.insight?.riskNeedsWeakerWall || currentWall === null || winnerWall === null || WALL_STRENGTH[currentWall] < WALL_STRENGTH[winnerWall];
  if (exposure !== '' && weakerWall) {
    return { option: current.option, status: 'risk', reason: `${current.label} fits but is ${behind} points behind ${winner.label}, which contains the workload better on ${exposure}; plan a move or record why it stays.` };
  }
  const trails = leads(base.factors.map((_, i) => i));
  // Behind a wall as strong as the answer's, it may still trail on isolation ratings: say what it holds, not that it contains as well.
  const holds = exposure === '' ? `contains this workload at least as well as ${winner.label}` : `keeps ${WALL_NAME[currentWall!]} between this workload and the host and other workloads, as ${winner.label} does,`;
  return {
    option: current.option,
    status: 'behind',
    reason: `${current.label} ${holds} but is ${behind} points behind it${trails ? `, on ${trails}` : ''}; nothing is exposed, so move when it pays or record why it stays.`,
  };
}

/** Of the changes to a number (a start-up budget), only the one nearest the stated value; changes to other fields are kept, to be weighed by their margins. */
function mildestNumbers<T extends { change: WorkloadChange }>(changes: T[]): T[] {
  const numeric = changes.filter((c) => typeof c.change.to === 'number');
  if (numeric.length <= 1) return changes;
  const mildest = new Set(mildestPerField(numeric));
  return changes.filter((c) => typeof c.change.to !== 'number' || mildest.has(c));
}

/** One change per field, the one nearest the stated value: three start-up budgets that all rule the answer out say one thing three times. */
function mildestPerField<T extends { change: WorkloadChange }>(changes: T[]): T[] {
  const distance = (c: WorkloadChange) => (typeof c.to === 'number' && typeof c.from === 'number' && c.from > 0 && c.to > 0 ? Math.abs(Math.log(c.to / c.from)) : 0);
  const kept = new Map<string, T>();
  for (const candidate of changes) {
    const held = kept.get(candidate.change.field);
    if (!held || distance(candidate.change) < distance(held.change)) kept.set(candidate.change.field, candidate);
  }
  return changes.filter((c) => kept.get(c.change.field) === c);
}
