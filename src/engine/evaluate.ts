import { decide } from './decide.js';
import { estimateOptions, sizingHost } from './estimates.js';
import type { Evaluation, HardeningItem } from './evaluation.js';
import { assessConfidence, findCounterfactuals, judgeCurrentPlacement, whatIfs } from './insight.js';
import { kubernetesAdvice } from './kubernetes.js';
import type { LoadedMatrix } from './matrix.js';
import { placedWorkload } from './pooled-tenants.js';
import { writeSummary } from './rationale.js';
import type { Workload } from './workload.js';

/**
 * Scores a workload against a loaded matrix and explains the answer. Pure and deterministic:
 * the same matrix and workload always give the same Evaluation, and the explanation is
 * recorded while the score is computed, so the rationale cannot disagree with the numbers.
 * See `decide` for how scores are formed; this adds the summary, the hardening checklist,
 * estimates, what would change the answer, how sure it is, and Kubernetes objects.
 */
export function evaluate(matrix: LoadedMatrix, stated: Workload): Evaluation {
  // Scored, checked and sized as placement weighs it; the what-ifs change what was stated.
  const workload = placedWorkload(matrix, stated);
  const decision = decide(matrix, workload);
  const { options, ranked, factors, runtimes, selected, misfits, margin } = decision;
  const winner = ranked[0];
  const runnerUp = ranked[1];

  const hardening: HardeningItem[] = [];
  if (winner) {
    const runtime = selected[winner.option].id;
    // The runtimes the answer can send the workload to: they fit, and no constraint rules their option out.
    // Gathered only for an item that suggests a move; most answers have none.
    let open: ReadonlySet<string> | undefined;
    const canTake = (names: readonly string[]) => {
      open ??= new Set(runtimes.filter((r) => r.fits && options.some((o) => o.option === r.option && o.eligible)).map((r) => r.name));
      return names.some((name) => open!.has(name));
    };
    for (const h of matrix.hardening[winner.option]) {
      if (!h.applies(workload) || (h.runtimes !== null && (runtime === null || !h.runtimes.has(runtime)))) continue;
      if (h.suggests === null || canTake(h.suggests)) hardening.push({ id: h.id, level: h.level, text: h.textByOrchestration?.[workload.orchestration] ?? h.text });
    }
  }
  const estimates = estimateOptions(matrix, workload, selected);
  const tie = margin === 0;
  // One set of what-ifs for both searches: they share most of their single changes.
  const whatIf = whatIfs(matrix, stated);
  const counterfactuals = findCounterfactuals(matrix, stated, decision, whatIf);
  const confidence = assessConfidence(matrix, stated, decision, whatIf);
  const currentPlacement = judgeCurrentPlacement(matrix, stated, decision);
  const kubernetes = kubernetesAdvice(matrix, workload, winner?.option ?? null, winner && matrix.listsRuntimes ? selected[winner.option] : undefined, hardening);

  return {
    recommendation: winner?.option ?? null,
    options,
    runtimes,
    rationale: {
      summary: writeSummary({ matrix, workload, options, ranked, factors, estimates, tie, runtimes, misfits, counterfactuals, confidence, currentPlacement }),
      runnerUp: runnerUp?.option ?? null,
      margin,
      tie,
      factors,
    },
    hardening,
    counterfactuals,
    confidence,
    ...(currentPlacement ? { currentPlacement } : {}),
    ...(kubernetes ? { kubernetes } : {}),
    estimates: {
      referenceHost: sizingHost(matrix, workload).description,
      memorySource: workload.memoryMbPerInstance === undefined ? 'matrix-default' : 'workload',
      options: estimates,
    },
    matrix: { version: matrix.version, checksum: matrix.checksum },
  };
}
