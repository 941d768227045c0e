import type { Evaluation, HardeningItem } from './evaluation.js';
import { PLACEMENT_OPTIONS, type PlacementOption } from './workload.js';

export interface MovedFactor {
  criterion: string;
  name: string;
  importanceBefore: number | null;
  importanceAfter: number | null;
  /**
   * How many points this criterion moved the contest between the new and the old winner:
   * (new winner - old winner) after, minus the same before. Positive favours the new winner.
   */
  swing: number;
}

export interface EvaluationComparison {
  recommendationChanged: boolean;
  from: PlacementOption | null;
  to: PlacementOption | null;
  scores: { option: PlacementOption; before: number | null; after: number | null; delta: number | null }[];
  eligibilityChanged: { option: PlacementOption; before: boolean; after: boolean }[];
  /** Options now scored and sized on another runtime. */
  runtimesChanged: { option: PlacementOption; before: string | null; after: string | null }[];
  movedFactors: MovedFactor[];
}

export interface ChecklistComparison {
  added: HardeningItem[];
  removed: HardeningItem[];
  /** Items on both lists whose level or text changed. */
  changed: { id: string; before: HardeningItem; after: HardeningItem }[];
}

/** What a comparison reads of an evaluation: a full Evaluation, or a decision without its explanation. */
export type Comparable = Pick<Evaluation, 'recommendation' | 'options'> & { rationale: Pick<Evaluation['rationale'], 'factors'> };

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * What changed between two evaluations of the same workload (typically under two matrix
 * versions): the recommendation, every score, eligibility, and the criteria that moved
 * the decision most.
 */
export function compareEvaluations(before: Comparable, after: Comparable, limit = 3): EvaluationComparison {
  const from = before.recommendation;
  const to = after.recommendation;
  const factorsBefore = new Map(before.rationale.factors.map((f) => [f.criterion, f]));
  const factorsAfter = new Map(after.rationale.factors.map((f) => [f.criterion, f]));
  const ids = [...new Set([...factorsBefore.keys(), ...factorsAfter.keys()])];
  const gap = (contributions: Record<PlacementOption, number> | undefined) => (contributions ? (to ? contributions[to] : 0) - (from ? contributions[from] : 0) : 0);

  const movedFactors = ids
    .map((criterion) => {
      const b = factorsBefore.get(criterion);
      const a = factorsAfter.get(criterion);
      return {
        criterion,
        name: (a ?? b)!.name,
        importanceBefore: b?.importance ?? null,
        importanceAfter: a?.importance ?? null,
        swing: round2(gap(a?.contributions) - gap(b?.contributions)),
      };
    })
    .filter((f) => Math.abs(f.swing) >= 0.01 || f.importanceBefore !== f.importanceAfter)
    .sort((x, y) => Math.abs(y.swing) - Math.abs(x.swing) || (x.criterion < y.criterion ? -1 : 1))
    .slice(0, limit);

  const option = (e: Comparable, o: PlacementOption) => e.options.find((x) => x.option === o)!;
  // Answers stored before options named their runtime have none to compare.
  const runtimeOf = (e: Comparable, o: PlacementOption) => option(e, o).runtime ?? null;
  return {
    recommendationChanged: from !== to,
    from,
    to,
    scores: PLACEMENT_OPTIONS.map((o) => {
      const b = option(before, o).score;
      const a = option(after, o).score;
      return { option: o, before: b, after: a, delta: a !== null && b !== null ? Math.round((a - b) * 10) / 10 : null };
    }),
    eligibilityChanged: PLACEMENT_OPTIONS.filter((o) => option(before, o).eligible !== option(after, o).eligible).map((o) => ({ option: o, before: option(before, o).eligible, after: option(after, o).eligible })),
    runtimesChanged: PLACEMENT_OPTIONS.filter((o) => runtimeOf(before, o) !== runtimeOf(after, o)).map((o) => ({ option: o, before: runtimeOf(before, o), after: runtimeOf(after, o) })),
    movedFactors,
  };
}

/** What the hardening checklist gained, lost and reworded between two evaluations, matching items by id. */
export function compareChecklists(before: HardeningItem[], after: HardeningItem[]): ChecklistComparison {
  const old = new Map(before.map((h) => [h.id, h]));
  const now = new Map(after.map((h) => [h.id, h]));
  return {
    added: after.filter((h) => !old.has(h.id)),
    removed: before.filter((h) => !now.has(h.id)),
    changed: after.flatMap((h) => {
      const was = old.get(h.id);
      return was && (was.level !== h.level || was.text !== h.text) ? [{ id: h.id, before: was, after: h }] : [];
    }),
  };
}
