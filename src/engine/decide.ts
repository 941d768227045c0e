import type { Exclusion, Factor, ImportanceSource, OptionResult, RuntimeFit } from './evaluation.js';
import { ownRatingsFor, ratingsFor, runtimeLabel, startupFor, type CompiledCurve, type CompiledRuntime, type LoadedMatrix } from './matrix.js';
import { placedWorkload } from './pooled-tenants.js';
import { tenantVmLayout } from './tenant-vms.js';
import { PLACEMENT_OPTIONS, type PlacementOption, type Workload } from './workload.js';

/**
 * The order matrix 2026.1 settles equal scores in: the stronger wall wins. Matrices may
 * state their own order (`tieBreak`); 2026.2 and later prefer the cheaper to run.
 */
export const TIE_BREAK_ORDER: readonly PlacementOption[] = ['vm', 'hybrid', 'microvm', 'container'];

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Piecewise-linear between the curve's points, flat beyond its ends; null when the workload lacks the number. */
function curveImportance(curve: CompiledCurve, workload: Workload): number | null {
  const value = curve.read(workload);
  if (typeof value !== 'number') return null;
  const x = curve.log ? Math.log10(value) : value;
  const { points } = curve;
  if (x <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i];
    if (x <= x1) {
      const [x0, y0] = points[i - 1];
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return points[points.length - 1][1];
}

function weighFactors(matrix: LoadedMatrix, workload: Workload): Factor[] {
  const matched = matrix.rules.map((rule) => rule.applies(workload));
  const factors: Factor[] = matrix.criteria.map((criterion) => {
    const setBy: ImportanceSource[] = [];
    let importance = criterion.baseImportance;
    for (const { rule, importance: value } of criterion.rules) {
      if (!matched[rule]) continue;
      const r = matrix.rules[rule];
      setBy.push({ rule: r.id, reason: r.reason, importance: value, fields: r.fields });
      if (value > importance) importance = value;
    }
    return { criterion: criterion.id, name: criterion.name, importance, setBy, contributions: { container: 0, microvm: 0, vm: 0, hybrid: 0 } };
  });
  for (const curve of matrix.curves) {
    const value = curveImportance(curve, workload);
    if (value === null || value <= 0) continue;
    const factor = factors[curve.criterion];
    factor.setBy.push({ rule: curve.id, reason: curve.reason, importance: round2(value), fields: [curve.field] });
    if (value > factor.importance) factor.importance = value;
  }
  for (const factor of factors) {
    if (factor.setBy.length > 1) factor.setBy.sort((a, b) => b.importance - a.importance || (a.rule < b.rule ? -1 : 1));
  }
  return factors;
}

/** Why a runtime cannot serve this workload, and whether one reason is that it serves other workloads (another OS's); null when it can. */
function runtimeMisfits(matrix: LoadedMatrix, runtime: CompiledRuntime, workload: Workload): { reasons: string[]; forOtherWorkloads: boolean } | null {
  const reasons: string[] = [];
  let forOtherWorkloads = false;
  for (const n of runtime.notFit) {
    if (!n.applies(workload)) continue;
    reasons.push(n.reason);
    if (n.forOtherWorkloads) forOtherWorkloads = true;
  }
  const fastest = startsTooSlowly(matrix, runtime, workload);
  if (fastest !== null) {
    reasons.push(`its fastest start, ${formatMs(fastest)}, is more than ${matrix.document.estimates.startupExclusionFactor!} times the ${formatStatedMs(workload.startupBudgetMs!, matrix.document.estimates.sentencesMatchEstimates)} start-up budget`);
  }
  return reasons.length > 0 ? { reasons, forOtherWorkloads } : null;
}

/** The runtime's fastest start where it is more than the matrix's exclusion factor times the workload's start-up budget; null where it may serve. */
function startsTooSlowly(matrix: LoadedMatrix, runtime: CompiledRuntime, workload: Workload): number | null {
  const factor = matrix.document.estimates.startupExclusionFactor;
  const budget = workload.startupBudgetMs;
  if (factor === undefined || budget === undefined) return null;
  const fastest = startupFor(runtime, workload).min;
  return fastest > budget * factor ? fastest : null;
}

/** How many tenant VMs a hybrid runtime plans for how many instances, and the ratings their fill costs it ("2 rather than 6 on density and cost"); null where its VMs are full enough or the matrix does not rate them by fill. */
export function tenantVmRatingNote(matrix: LoadedMatrix, runtime: CompiledRuntime, workload: Workload): { vms: number; planned: number; rated: string } | null {
  const tenantVm = runtime.figures.tenantVm;
  if (runtime.aloneRatings === null || tenantVm === undefined) return null;
  const own = ownRatingsFor(runtime, workload);
  const rated = ratingsFor(matrix, runtime, workload);
  const changed = matrix.criteria.flatMap((c, i) => (round1(rated[i]) === own[i] ? [] : [`${round1(rated[i])} rather than ${own[i]} on ${c.inlineName}`]));
  if (changed.length === 0) return null;
  // The layout the rating read: the walls between tenants and ports, not what makes a VM one node on one host.
  const { planned, vms } = tenantVmLayout(matrix.document.estimates, tenantVm, runtime.figures.memoryOverheadMb, workload, false);
  return { vms, planned, rated: sentence(changed) };
}

/**
 * "40 tenant VMs hold one instance each" (or "about one", or "2.5 instances each on average"), or
 * "one tenant VM holds 3 instances"; where `atLeast`, the fewest VMs the walls allow, which the
 * estimate may exceed to pack them: "needs 40 tenant VMs at least, which would hold one instance each".
 */
export function tenantVmsHold({ vms, planned }: { vms: number; planned: number }, atLeast = false): string {
  const held = vms === 1 ? (planned === 1 ? 'one instance' : `${planned} instances`) : planned === vms ? 'one instance each' : round1(planned / vms) === 1 ? 'about one instance each' : `${round1(planned / vms)} instances each on average`;
  const vmsSaid = vms === 1 ? 'one tenant VM' : `${vms} tenant VMs`;
  return atLeast ? `needs ${vmsSaid} at least, which would hold ${held}` : `${vmsSaid} ${vms === 1 ? 'holds' : 'hold'} ${held}`;
}

export const formatMs = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`);
/** A duration the caller stated, said as stated where `exact` (1,499 ms, not "1.5 s" beside a 1.5 s start it is weighed against); else as formatMs rounds it. */
export const formatStatedMs = (ms: number, exact: boolean | undefined) => (exact && ms >= 1000 && ms % 100 !== 0 ? `${ms.toLocaleString('en-US')} ms` : formatMs(ms));

/** The scoring half of an evaluation: what the insight search re-runs for each what-if. */
export interface Decision {
  options: OptionResult[];
  /** Eligible options, best first. */
  ranked: OptionResult[];
  factors: Factor[];
  runtimes: RuntimeFit[];
  selected: Record<PlacementOption, CompiledRuntime>;
  /** For each option no listed runtime fits, every runtime's reasons, kept apart for the summary to group. */
  misfits: Partial<Record<PlacementOption, RuntimeMisfit[]>>;
  margin: number | null;
}

export interface RuntimeMisfit {
  label: string;
  reasons: string[];
  /** The runtime serves other workloads (another operating system, or only confidential ones), so it was never a candidate for this workload. */
  forOtherWorkloads: boolean;
}

/**
 * Scores a workload: weights, runtime fits, exclusions, option scores and ranks, without the
 * prose, checklist, estimates and what-ifs that `evaluate` adds. Pure and deterministic.
 *
 * Each criterion weighs max(base importance, matching rules, importance curves). A runtime's
 * score is the weighted mean of its ratings on 0-100; an option scores as its best runtime
 * that fits the workload, and is excluded when a hard constraint applies or no runtime fits.
 * Equal scores are settled by the matrix's tie-break order. The workload scored is the one
 * placement weighs (`placedWorkload`): tenants who share instances are weighed as one.
 */
export function decide(matrix: LoadedMatrix, stated: Workload): Decision {
  const workload = placedWorkload(matrix, stated);
  const exclusions: Record<PlacementOption, Exclusion[]> = { container: [], microvm: [], vm: [], hybrid: [] };
  for (const constraint of matrix.constraints) {
    if (!constraint.applies(workload)) continue;
    for (const option of constraint.excludes) exclusions[option].push({ constraint: constraint.id, reason: constraint.reason });
  }

  const factors = weighFactors(matrix, workload);
  let total = 0;
  for (const f of factors) total += f.importance;
  const scales = factors.map((f) => (total > 0 ? (10 * f.importance) / total : 0));
  const scoreOf = (runtime: CompiledRuntime) => {
    const ratings = ratingsFor(matrix, runtime, workload);
    let raw = 0;
    for (let i = 0; i < scales.length; i++) raw += scales[i] * ratings[i];
    return raw;
  };

  const runtimes: RuntimeFit[] = [];
  const selected = {} as Record<PlacementOption, CompiledRuntime>;
  const misfitsOf: Decision['misfits'] = {};
  const raw = { container: 0, microvm: 0, vm: 0, hybrid: 0 };
  for (const option of PLACEMENT_OPTIONS) {
    let best: { runtime: CompiledRuntime; score: number } | undefined;
    const misfits: { runtime: CompiledRuntime; reasons: string[]; forOtherWorkloads: boolean }[] = [];
    const fits: RuntimeFit[] = [];
    const fillNotes: ReturnType<typeof tenantVmRatingNote>[] = [];
    for (const runtime of matrix.runtimes[option]) {
      const misfit = runtimeMisfits(matrix, runtime, workload);
      if (misfit) {
        misfits.push({ runtime, ...misfit });
        if (runtime.id !== null) runtimes.push({ name: runtime.id, label: runtimeLabel(runtime, workload), option, fits: false, selected: false, score: null, reason: sentence(misfit.reasons) });
        continue;
      }
      const score = scoreOf(runtime);
      if (!best || score > best.score) best = { runtime, score };
      if (runtime.id !== null) {
        const fit: RuntimeFit = { name: runtime.id, label: runtimeLabel(runtime, workload), option, fits: true, selected: false, score: round1(score), reason: '' };
        fits.push(fit);
        fillNotes.push(tenantVmRatingNote(matrix, runtime, workload));
        runtimes.push(fit);
      }
    }
    if (best) {
      selected[option] = best.runtime;
      raw[option] = best.score;
      for (const fit of fits) {
        fit.selected = fit.name === best.runtime.id;
        fit.reason = fit.selected
          ? fits.length > 1
            ? `fits, and scores best of the ${fits.length} ${option} runtimes that fit`
            : `fits, and is the only ${option} runtime that does`
          : fit.score === round1(best.score)
            ? `fits, and ties with ${runtimeLabel(best.runtime, workload)} at ${fit.score}; the matrix lists ${runtimeLabel(best.runtime, workload)} first`
            : `fits, but scores ${fit.score} against ${round1(best.score)} for ${runtimeLabel(best.runtime, workload)}`;
      }
      fits.forEach((fit, i) => {
        const note = fillNotes[i];
        if (note) fit.reason += matrix.document.estimates.sentencesMatchEstimates ? `; it ${tenantVmsHold(note, true)}, so it is rated ${note.rated}` : `; its ${tenantVmsHold(note)}, so it is rated ${note.rated}`;
      });
    } else {
      selected[option] = matrix.runtimes[option][0]!;
      for (const { runtime, reasons } of misfits) {
        exclusions[option].push({ constraint: runtime.id === null ? 'startup-budget' : `runtime:${runtime.id}`, reason: runtime.id === null ? sentence(reasons) : `${runtimeLabel(runtime, workload)}: ${sentence(reasons)}` });
      }
      // Each runtime's predicates ran once above; the summary reads what they found.
      const listed = misfits.filter((m) => m.runtime.id !== null).map(({ runtime, reasons, forOtherWorkloads }) => ({ label: runtimeLabel(runtime, workload), reasons, forOtherWorkloads }));
      if (listed.length > 0) misfitsOf[option] = listed;
    }
  }

  const selectedRatings = Object.fromEntries(PLACEMENT_OPTIONS.map((o) => [o, ratingsFor(matrix, selected[o], workload)])) as Record<PlacementOption, readonly number[]>;
  factors.forEach((factor, i) => {
    const scale = scales[i];
    factor.importance = round2(factor.importance);
    factor.contributions = {
      container: round2(scale * selectedRatings.container[i]),
      microvm: round2(scale * selectedRatings.microvm[i]),
      vm: round2(scale * selectedRatings.vm[i]),
      hybrid: round2(scale * selectedRatings.hybrid[i]),
    };
  });

  const options: OptionResult[] = PLACEMENT_OPTIONS.map((option) => {
    const eligible = exclusions[option].length === 0;
    return {
      option,
      label: matrix.document.options[option].label,
      eligible,
      score: eligible ? round1(raw[option]) : null,
      rank: null,
      runtime: matrix.listsRuntimes ? selected[option].id : null,
      exclusions: exclusions[option],
    };
  });

  const { rank: tieRank } = matrix.tieBreak;
  const ranked = options.filter((o) => o.eligible).sort((a, b) => b.score! - a.score! || tieRank[a.option] - tieRank[b.option]);
  ranked.forEach((o, i) => (o.rank = i + 1));
  const margin = ranked[0] && ranked[1] ? round1(ranked[0].score! - ranked[1].score!) : null;
  return { options, ranked, factors, runtimes, selected, misfits: misfitsOf, margin };
}

export const sentence = (reasons: string[]) => (reasons.length <= 1 ? (reasons[0] ?? '') : `${reasons.slice(0, -1).join('; ')}; and ${reasons[reasons.length - 1]}`);

/** What the what-if searches need from a decision: the answer, its lead and which options remain. */
export interface QuickDecision {
  winner: PlacementOption | null;
  margin: number | null;
  eligible: Record<PlacementOption, boolean>;
  /** Rounded as in `decide`; null when excluded. */
  scores: Record<PlacementOption, number | null>;
}

/**
 * The same answer `decide` gives, computed without building explanations: no reason strings,
 * no factor objects. The insight search runs it dozens of times per evaluation; a property
 * test keeps it equal to `decide`.
 */
export function quickDecide(matrix: LoadedMatrix, stated: Workload): QuickDecision {
  const workload = placedWorkload(matrix, stated);
  const n = matrix.criteria.length;
  const importance = new Array<number>(n);
  const matched = new Array<boolean>(matrix.rules.length);
  for (let r = 0; r < matrix.rules.length; r++) matched[r] = matrix.rules[r].applies(workload);
  for (let i = 0; i < n; i++) {
    const criterion = matrix.criteria[i];
    let value = criterion.baseImportance;
    for (const { rule, importance: v } of criterion.rules) if (matched[rule] && v > value) value = v;
    importance[i] = value;
  }
  for (const curve of matrix.curves) {
    const value = curveImportance(curve, workload);
    if (value !== null && value > 0 && value > importance[curve.criterion]) importance[curve.criterion] = value;
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += importance[i];
  const scales = importance.map((v) => (total > 0 ? (10 * v) / total : 0));

  const excluded = { container: false, microvm: false, vm: false, hybrid: false };
  for (const constraint of matrix.constraints) if (constraint.applies(workload)) for (const o of constraint.excludes) excluded[o] = true;
  const eligible = { container: false, microvm: false, vm: false, hybrid: false };
  const scores: Record<PlacementOption, number | null> = { container: null, microvm: null, vm: null, hybrid: null };
  for (const option of PLACEMENT_OPTIONS) {
    let best = -Infinity;
    for (const runtime of matrix.runtimes[option]) {
      if (startsTooSlowly(matrix, runtime, workload) !== null) continue;
      if (notFitAny(runtime, workload)) continue;
      const ratings = ratingsFor(matrix, runtime, workload);
      let raw = 0;
      for (let i = 0; i < n; i++) raw += scales[i] * ratings[i];
      if (raw > best) best = raw;
    }
    if (best === -Infinity || excluded[option]) continue;
    eligible[option] = true;
    scores[option] = round1(best);
  }
  const rank = matrix.tieBreak.rank;
  const ranked = PLACEMENT_OPTIONS.filter((o) => eligible[o]).sort((a, b) => scores[b]! - scores[a]! || rank[a] - rank[b]);
  const margin = ranked.length > 1 ? round1(scores[ranked[0]]! - scores[ranked[1]]!) : null;
  return { winner: ranked[0] ?? null, margin, eligible, scores };
}

function notFitAny(runtime: CompiledRuntime, workload: Workload): boolean {
  for (const n of runtime.notFit) if (n.applies(workload)) return true;
  return false;
}
