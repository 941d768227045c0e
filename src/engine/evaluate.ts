import { estimateOptions } from './estimates.js';
import type { Evaluation, Exclusion, Factor, HardeningItem, ImportanceSource, OptionResult } from './evaluation.js';
import type { LoadedMatrix } from './matrix.js';
import { writeSummary } from './rationale.js';
import { PLACEMENT_OPTIONS, type PlacementOption, type Workload } from './workload.js';

/**
 * Equal scores go to the option with the stronger wall between workloads: a tie is no
 * reason to accept a weaker boundary.
 */
export const TIE_BREAK_ORDER: readonly PlacementOption[] = ['vm', 'hybrid', 'microvm', 'container'];
const TIE_RANK = Object.fromEntries(TIE_BREAK_ORDER.map((o, i) => [o, i])) as Record<PlacementOption, number>;

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;

function computeFactors(matrix: LoadedMatrix, workload: Workload): { factors: Factor[]; raw: Record<PlacementOption, number> } {
  const matched = matrix.rules.map((rule) => rule.applies(workload));
  let total = 0;
  const factors: Factor[] = matrix.criteria.map((criterion) => {
    const setBy: ImportanceSource[] = [];
    let importance = criterion.baseImportance;
    for (const { rule, importance: value } of criterion.rules) {
      if (!matched[rule]) continue;
      const r = matrix.rules[rule]!;
      setBy.push({ rule: r.id, reason: r.reason, importance: value, fields: r.fields });
      if (value > importance) importance = value;
    }
    if (setBy.length > 1) setBy.sort((a, b) => b.importance - a.importance || (a.rule < b.rule ? -1 : 1));
    total += importance;
    return { criterion: criterion.id, name: criterion.name, importance, setBy, contributions: { container: 0, microvm: 0, vm: 0, hybrid: 0 } };
  });
  const raw = { container: 0, microvm: 0, vm: 0, hybrid: 0 };
  if (total > 0) {
    matrix.criteria.forEach((criterion, i) => {
      const factor = factors[i]!;
      const scale = (10 * factor.importance) / total;
      const { container, microvm, vm, hybrid } = criterion.ratings;
      // Written out per option: this loop runs for every criterion of every request.
      raw.container += scale * container;
      raw.microvm += scale * microvm;
      raw.vm += scale * vm;
      raw.hybrid += scale * hybrid;
      factor.contributions = { container: round2(scale * container), microvm: round2(scale * microvm), vm: round2(scale * vm), hybrid: round2(scale * hybrid) };
    });
  }
  return { factors, raw };
}

/**
 * Scores a workload against a loaded matrix. Pure and deterministic: the same matrix and
 * workload always give the same Evaluation, and the explanation is recorded while the
 * score is computed, so the rationale cannot disagree with the numbers.
 *
 * Score of an option = sum over criteria of importance x rating, scaled to 0-100.
 * Hard constraints remove options before ranking; ties follow TIE_BREAK_ORDER.
 */
export function evaluate(matrix: LoadedMatrix, workload: Workload): Evaluation {
  const exclusions: Record<PlacementOption, Exclusion[]> = { container: [], microvm: [], vm: [], hybrid: [] };
  for (const constraint of matrix.constraints) {
    if (!constraint.applies(workload)) continue;
    for (const option of constraint.excludes) exclusions[option].push({ constraint: constraint.id, reason: constraint.reason });
  }

  const { factors, raw } = computeFactors(matrix, workload);
  const options: OptionResult[] = PLACEMENT_OPTIONS.map((option) => {
    const eligible = exclusions[option].length === 0;
    return { option, label: matrix.document.options[option].label, eligible, score: eligible ? round1(raw[option]) : null, rank: null, exclusions: exclusions[option] };
  });

  const ranked = options.filter((o) => o.eligible).sort((a, b) => b.score! - a.score! || TIE_RANK[a.option] - TIE_RANK[b.option]);
  ranked.forEach((o, i) => (o.rank = i + 1));
  const winner = ranked[0];
  const runnerUp = ranked[1];

  const hardening: HardeningItem[] = [];
  if (winner) {
    for (const h of matrix.hardening[winner.option]) if (h.applies(workload)) hardening.push({ id: h.id, level: h.level, text: h.text });
  }
  const estimates = estimateOptions(matrix, workload);

  return {
    recommendation: winner?.option ?? null,
    options,
    rationale: {
      summary: writeSummary({ matrix, workload, options, ranked, factors, estimates }),
      runnerUp: runnerUp?.option ?? null,
      margin: winner && runnerUp ? round1(winner.score! - runnerUp.score!) : null,
      factors,
    },
    hardening,
    estimates: {
      referenceHost: matrix.document.estimates.referenceHost.description,
      memorySource: workload.memoryMbPerInstance === undefined ? 'matrix-default' : 'workload',
      options: estimates,
    },
    matrix: { version: matrix.version, checksum: matrix.checksum },
  };
}
