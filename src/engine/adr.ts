import type { Evaluation, Factor, OptionResult } from './evaluation.js';
import type { Workload } from './workload.js';
import { byPoints, changePhrase, fieldWords, hostsOf, labelOn, memory, startupPhrase } from './rationale.js';

export interface AdrInput {
  id: string;
  createdAt: string;
  workload: Workload;
  evaluation: Evaluation;
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');
const listOr = (items: string[], none: string) => (items.length > 0 ? items.join(', ') : none);
// Markdown must not be broken by a workload name or a reason that happens to hold markup.
const escape = (text: string) => text.replace(/([\\`*_[\]<>#|])/g, '\\$1');

function context(w: Workload): string[] {
  const scale = w.scale.burstInstances ? `${w.scale.instances} instances, bursting to ${w.scale.burstInstances}` : `${w.scale.instances} instance${w.scale.instances === 1 ? '' : 's'}`;
  return [
    `"${escape(w.name)}" is a ${w.workloadType} whose code is ${w.codeTrust === 'first-party' ? 'written in-house' : w.codeTrust === 'vetted-third-party' ? 'vetted third-party code' : 'untrusted'}, ${w.tenancy === 'multi-tenant' ? "with different customers' workloads sharing its hosts" : 'serving a single tenant'}.`,
    '',
    `- Operating system: ${w.os}${w.os === 'windows' ? ` (Windows hosts in the fleet: ${yesNo(w.windowsHosts)})` : ''}; kernel needs: ${listOr(w.kernelRequirements, 'none')}; dedicated hosts: ${yesNo(w.dedicatedHosts)}`,
    `- Compliance: ${listOr(w.compliance, 'none')}; hardware isolation mandated: ${yesNo(w.requiresHardwareIsolation)}; confidential computing: ${yesNo(w.confidentialComputing)}`,
    `- Privileges: ${listOr(w.privileges, 'none')}; host agent: ${yesNo(w.hostAgent)}; legacy software: ${yesNo(w.legacy)}`,
    `- GPU: ${w.gpu}${w.gpuSharing ? ` (${w.gpuSharing})` : ''}; nested virtualisation: ${yesNo(w.nestedVirtualization)}`,
    `- Scale: ${scale}${w.scale.tenants ? ` of ${w.scale.tenants === 1 ? 'one tenant' : `${w.scale.tenants} tenants`}` : ''}${w.scale.scaleOutSeconds ? `, scaling out within ${w.scale.scaleOutSeconds} s` : ''}; start-up budget: ${w.startupBudgetMs === undefined ? 'none stated' : `${w.startupBudgetMs} ms`}`,
    `- Orchestration: ${w.orchestration}; cost sensitivity: ${w.costSensitivity}${w.currentPlacement ? `; runs today as: ${w.currentPlacement}` : ''}`,
  ];
}

function drivers(factors: Factor[]): string[] {
  const weighing = factors.filter((f) => f.importance > 0).sort((a, b) => b.importance - a.importance);
  return weighing.map((f) => `- ${escape(f.name)} (importance ${f.importance}/10)${f.setBy.length > 0 ? `: ${escape(f.setBy[0].reason)}` : ': weighs for every workload'}`);
}

/** An option with the runtime it was scored on, by the runtime's label: "Virtual machine (on KubeVirt)". A ruled-out option has none of its own. */
function named(option: OptionResult, e: Evaluation): string {
  if (!option.eligible || !option.runtime) return option.label;
  return labelOn(option.label, e.runtimes.find((r) => r.name === option.runtime)?.label ?? option.runtime);
}

function prosAndCons(option: OptionResult, e: Evaluation): string[] {
  const lines = [`### ${named(option, e)}`, ''];
  if (!option.eligible) {
    lines.push(...option.exclusions.map((x) => `- Bad, because it is ruled out: ${escape(x.reason)}`));
    return lines;
  }
  const winner = e.recommendation;
  lines.push(`- Score ${option.score}/100, rank ${option.rank}.`);
  const other = winner === option.option ? e.rationale.runnerUp : winner;
  if (other) {
    const otherLabel = e.options.find((o) => o.option === other)!.label;
    for (const f of e.rationale.factors) {
      const gap = Math.round((f.contributions[option.option] - f.contributions[other]) * 10) / 10;
      if (gap >= 0.5) lines.push(`- Good, because it beats ${otherLabel} on ${escape(f.name.toLowerCase())} (+${gap})`);
      else if (gap <= -0.5) lines.push(`- Bad, because it trails ${otherLabel} on ${escape(f.name.toLowerCase())} (${gap})`);
    }
  }
  const est = e.estimates.options.find((x) => x.option === option.option);
  if (est) {
    const hosts = est.largerHostsNeeded ? `${est.hostsNeeded} larger host${est.hostsNeeded === 1 ? '' : 's'} (one instance outgrows the ${escape(e.estimates.referenceHost)})` : hostsOf(est);
    const tenantVms = est.tenantVmsPlanned === undefined ? '' : ` across ${est.tenantVmsPlanned} tenant VM${est.tenantVmsPlanned === 1 ? '' : 's'}`;
    lines.push(`- Starts in ${startupPhrase(est.startupMs)}, ${memory(est.memoryOverheadMbTotal)} of overhead in total${tenantVms}, ${hosts}.`);
  }
  return lines;
}

/**
 * Renders a stored decision as an architecture decision record in the MADR layout, ready to
 * paste into a repository's decision log. Every statement comes from the evaluation itself.
 */
export function renderAdr({ id, createdAt, workload, evaluation }: AdrInput): string {
  // Records stored before runtimes, confidence and counterfactuals existed lack them; say so rather than fail.
  const e: Evaluation = {
    ...evaluation,
    runtimes: evaluation.runtimes ?? [],
    counterfactuals: evaluation.counterfactuals ?? [],
    confidence: evaluation.confidence ?? { level: 'low', margin: evaluation.rationale.margin, stability: 0, sensitiveTo: [] },
  };
  const labelOf = (option: string | null) => e.options.find((o) => o.option === option)?.label ?? String(option);
  const confidenceText = evaluation.confidence
    ? `Confidence: ${e.confidence.level} (margin ${e.confidence.margin ?? 'n/a'}, stability ${e.confidence.stability}${e.confidence.sensitiveTo.length > 0 ? `, most sensitive to ${e.confidence.sensitiveTo.map(fieldWords).join(', ')}` : ''}).`
    : 'Confidence: not recorded (the decision predates confidence in its matrix engine).';
  const chosen = e.options.find((o) => o.option === e.recommendation);
  const title = chosen ? `Run "${escape(workload.name)}" as ${chosen.label}` : `No placement fits "${escape(workload.name)}"`;
  const runtime = chosen?.runtime ? e.runtimes.find((r) => r.name === chosen.runtime) : undefined;
  const lines: string[] = [
    `# ${title}`,
    '',
    `- Status: proposed`,
    `- Date: ${createdAt.slice(0, 10)}`,
    `- Decided by: placement decision service, matrix ${e.matrix.version}`,
    '',
    '## Context and Problem Statement',
    '',
    ...context(workload),
    '',
    '## Decision Drivers',
    '',
    ...(drivers(e.rationale.factors).length > 0 ? drivers(e.rationale.factors) : ['- No criterion weighs for this workload.']),
    '',
    '## Considered Options',
    '',
    ...e.options.map((o) => `- ${named(o, e)}: ${o.eligible ? `${o.score}/100` : 'ruled out'}`),
    '',
    '## Decision Outcome',
    '',
    chosen
      ? `Chosen option: "${chosen.label}"${runtime ? `, run on ${runtime.label}` : ''}, scoring ${chosen.score}/100${e.rationale.margin !== null ? `, ${e.rationale.margin} points ahead of the runner-up` : ''}. ${confidenceText}`
      : 'Every option is ruled out by a hard constraint; relax a requirement or extend the matrix.',
    '',
    escape(e.rationale.summary),
    '',
    '### Consequences',
    '',
    ...(e.hardening.length > 0 ? e.hardening.map((h) => `- ${h.level === 'must' ? 'Must' : 'Should'}: ${escape(h.text)}`) : ['- No hardening items apply.']),
    ...(e.kubernetes?.runtimeClass
      ? [`- Apply RuntimeClass \`${String((e.kubernetes.runtimeClass as { metadata: { name: string } }).metadata.name)}\` (handler \`${String(e.kubernetes.runtimeClass.handler)}\`) and set \`runtimeClassName\` in the pod template.`]
      : []),
    '',
    '### What would change this decision',
    '',
    ...(e.counterfactuals.length > 0
      ? e.counterfactuals.map(
          (c) =>
            `- ${c.kind === 'switch' ? `${labelOf(c.option)} would be recommended${byPoints(c.margin)}` : `${labelOf(e.recommendation)} would be ruled out, leaving ${labelOf(c.option)},`} if ${escape(c.changes.map(changePhrase).join(' and '))}.`,
        )
      : ['- No change of one or two attributes a team controls would change it.']),
    '',
    '## Pros and Cons of the Options',
    '',
    ...e.options.flatMap((o) => [...prosAndCons(o, e), '']),
    '## More Information',
    '',
    `- Decision record: ${id} (replay it with \`POST /v1/evaluations/${id}/replay\`)`,
    `- Matrix: ${e.matrix.version}, sha256 ${e.matrix.checksum}`,
    `- Estimates on: ${escape(e.estimates.referenceHost)}`,
    '',
  ];
  return lines.join('\n');
}
