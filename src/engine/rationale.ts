import type { Confidence, Counterfactual, CurrentPlacementVerdict, Factor, OptionEstimate, OptionResult, RuntimeFit, WorkloadChange } from './evaluation.js';
import { formatMs, formatStatedMs, sentence, tenantVmRatingNote, tenantVmsHold, type Decision, type RuntimeMisfit } from './decide.js';
import { sizingHost } from './estimates.js';
import { tenantVmLayout } from './tenant-vms.js';
import type { LoadedMatrix } from './matrix.js';
import { canPoolTenants, type PlacedWorkload } from './pooled-tenants.js';
import { CODE_TRUST, PLACEMENT_OPTIONS, peakInstances, type PlacementOption, type Workload } from './workload.js';

interface SummaryInput {
  matrix: LoadedMatrix;
  workload: PlacedWorkload;
  options: OptionResult[];
  ranked: OptionResult[];
  factors: Factor[];
  estimates: OptionEstimate[];
  tie: boolean;
  runtimes: RuntimeFit[];
  misfits: Decision['misfits'];
  counterfactuals: Counterfactual[];
  confidence: Confidence;
  currentPlacement: CurrentPlacementVerdict | null;
}

/** Set members and field values as a sentence says them ("privileged mode", "Amazon ECS"), not as the API spells them. */
const WORDS: Record<string, string> = {
  root: 'root',
  privileged: 'privileged mode',
  'host-network': 'the host network',
  'host-mounts': 'host mounts',
  'host-devices': 'host devices',
  'docker-socket': 'the Docker socket',
  'sys-admin': 'CAP_SYS_ADMIN',
  'custom-kernel': 'a custom kernel',
  'kernel-modules': 'kernel modules',
  'specific-version': 'a specific kernel version',
  'kernel-tuning': 'kernel tuning',
  realtime: 'real-time scheduling',
  kubernetes: 'Kubernetes',
  nomad: 'Nomad',
  ecs: 'Amazon ECS',
  'time-slicing': 'time-slicing',
  mig: 'MIG partitions',
  vgpu: 'vGPU',
};
const word = (value: unknown) => WORDS[String(value)] ?? String(value);

/** Tenants to an instance, whole from ten up and to a tenth below. */
const perInstance = (ratio: number) => String(ratio >= 10 ? Math.round(ratio) : Math.round(ratio * 10) / 10);

/** Workload fields as a sentence names them ("it is most sensitive to trust in the code"). */
const FIELD_WORDS: Record<string, string> = {
  codeTrust: 'trust in the code',
  tenancy: 'tenancy',
  compliance: 'compliance regimes',
  requiresHardwareIsolation: 'a hardware-isolation mandate',
  os: 'the operating system',
  kernelRequirements: 'kernel needs',
  workloadType: 'the kind of workload',
  legacy: 'legacy needs',
  privileges: 'privileges',
  gpu: 'GPU needs',
  gpuSharing: 'how the GPU is shared',
  nestedVirtualization: 'nested virtualisation',
  dedicatedHosts: 'dedicated hosts',
  windowsHosts: 'Windows hosts',
  confidentialComputing: 'confidential computing',
  hostAgent: 'being a host agent',
  'scale.instances': 'the instance count',
  startupBudgetMs: 'the start-up budget',
  orchestration: 'the orchestrator',
  costSensitivity: 'cost sensitivity',
};
export const fieldWords = (field: string) => FIELD_WORDS[field] ?? field;

/** A change as the end of "X would be recommended if ...". */
export function changePhrase(c: WorkloadChange): string {
  const removed = Array.isArray(c.from) && Array.isArray(c.to) ? c.from.filter((v) => !(c.to as string[]).includes(v)) : [];
  const words = (values: readonly unknown[]) => list(values.map(word));
  switch (c.field) {
    case 'codeTrust':
      return c.to === 'first-party' ? 'the code were written in-house' : c.to === 'vetted-third-party' ? 'the code were vetted third-party code' : 'the code were untrusted';
    case 'tenancy':
      return c.to === 'single-tenant' ? 'it served a single tenant' : "different customers' workloads shared its hosts";
    case 'privileges':
      return removed.length > 0 ? `it did without ${words(removed)}` : `it asked for ${words((c.to as string[]) ?? [])}`;
    case 'kernelRequirements':
      return removed.length > 0 ? `it did without ${words(removed)}` : `it needed ${words((c.to as string[]) ?? [])}`;
    case 'startupBudgetMs':
      return `the start-up budget were ${formatMs(c.to as number)}`;
    case 'dedicatedHosts':
      return c.to ? 'it had hosts of its own' : 'it shared hosts with other workloads';
    case 'windowsHosts':
      return c.to ? 'the fleet had Windows Server hosts' : 'the fleet had no Windows hosts';
    case 'orchestration':
      return c.to === 'none' ? 'it ran without an orchestrator' : `it were deployed through ${word(c.to)}`;
    case 'costSensitivity':
      return `its owners' cost sensitivity were ${String(c.to)}`;
    case 'legacy':
      return c.to ? 'it were legacy software needing a full OS' : 'it no longer needed a full OS and init system';
    case 'gpuSharing':
      return c.to === 'mig' ? 'its GPU were split into MIG partitions' : `its GPU were shared by ${word(c.to)}`;
    case 'scale.instances':
      return `it ran ${String(c.to)} instances`;
    default:
      return `${fieldWords(c.field)} were ${word(c.to)}`;
  }
}

// Names such as "density and cost" carry their own "and"; "as well as" keeps two of them apart.
const list = (items: string[]) => {
  if (items.length <= 1) return items[0] ?? '';
  const joiner = items.some((item) => item.includes(' and ')) ? ' as well as ' : ' and ';
  return `${items.slice(0, -1).join(', ')}${joiner}${items[items.length - 1]}`;
};

/** Clauses joined as prose: "A and B", ", and" once a clause has commas or "and" of its own, "; and" once one has a semicolon. */
function clauses(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  const [rest, last] = [items.slice(0, -1), items[items.length - 1]];
  if (items.some((item) => item.includes(';'))) return `${rest.join('; ')}; and ${last}`;
  if (items.length > 2 || items.some((item) => item.includes(',') || item.includes(' and '))) return `${rest.join(', ')}, and ${last}`;
  return `${rest[0]} and ${last}`;
}

/**
 * How far a change is one a team makes: 0 for acting on the workload (a need dropped, the code
 * trusted more, one tenant, hosts or Windows hosts of its own, legacy retired, a looser budget),
 * 1 for another way to run it (orchestrator, cost stance, GPU sharing), 2 for facts made worse
 * (code trusted less, tenants sharing hosts, hosts taken away, legacy added, a tighter budget).
 */
function changeDistance({ field, from, to }: WorkloadChange): 0 | 1 | 2 {
  switch (field) {
    case 'codeTrust':
      return CODE_TRUST.indexOf(to as Workload['codeTrust']) > CODE_TRUST.indexOf(from as Workload['codeTrust']) ? 2 : 0;
    case 'tenancy':
      return to === 'multi-tenant' ? 2 : 0;
    case 'dedicatedHosts':
    case 'windowsHosts':
      return to === false ? 2 : 0;
    case 'legacy':
      return to === true ? 2 : 0;
    case 'startupBudgetMs':
      return typeof to === 'number' && typeof from === 'number' && to < from ? 2 : 0;
    case 'privileges':
    case 'kernelRequirements':
      return 0;
    default:
      return 1;
  }
}

/** ", by 2.5 points," for a counterfactual's margin; nothing for 0, which is a tie settled for the option or the only option left. */
export const byPoints = (margin: number) => (margin > 0 ? `, by ${margin} point${margin === 1 ? '' : 's'},` : '');

/** An option with the runtime it runs on: "Virtual machine (on KubeVirt)"; a label already ending in a parenthesis takes it without another. */
export const labelOn = (label: string, runtimeLabel: string) => (label.endsWith(')') ? `${label} on ${runtimeLabel}` : `${label} (on ${runtimeLabel})`);

export const startupPhrase = ({ min, max }: { min: number; max: number }) => (min === max ? `about ${formatMs(max)}` : `${formatMs(min)} to ${formatMs(max)}`);
const hosts = (n: number) => `${n} host${n === 1 ? '' : 's'}`;
/** The hosts an estimate asks the team for: none where a provider runs them; where `sayLarger`, hosts larger than the reference host said so. */
export const hostsOf = (estimate: Pick<OptionEstimate, 'hostsNeeded' | 'hostsRunByProvider' | 'largerHostsNeeded'>, sayLarger = false) =>
  estimate.hostsRunByProvider ? 'no hosts of its own (the provider runs them)' : sayLarger && estimate.largerHostsNeeded ? (estimate.hostsNeeded === 1 ? 'one larger host' : `${estimate.hostsNeeded} larger hosts`) : hosts(estimate.hostsNeeded);
export const memory = (mb: number) => (mb >= 1024 * 1024 ? `${Math.round(mb / 104857.6) / 10} TB` : mb >= 1024 ? `${Math.round(mb / 102.4) / 10} GB` : `${mb} MB`);

/**
 * Up to `limit` criteria on which `a` beats `b` by half a point or more, largest weighted
 * gap first (criterion id breaks ties): the reasons a reviewer needs, not the whole table.
 */
function advantages(factors: Factor[], a: PlacementOption, b: PlacementOption, limit: number): number[] {
  const picked: number[] = [];
  const gaps: number[] = [];
  factors.forEach((f, i) => {
    const gap = f.contributions[a] - f.contributions[b];
    if (gap < 0.5) return;
    let at = picked.length;
    while (at > 0 && (gaps[at - 1] < gap || (gaps[at - 1] === gap && factors[picked[at - 1]].criterion > f.criterion))) at--;
    if (at >= limit) return;
    picked.splice(at, 0, i);
    gaps.splice(at, 0, gap);
    if (picked.length > limit) {
      picked.pop();
      gaps.pop();
    }
  });
  return picked;
}

/**
 * Why none of an option's runtimes fits, as one clause. Runtimes for other workloads (another OS,
 * the confidential stack) are left out while one for this workload is there to explain (Hyper-V isolation says
 * nothing about a Linux workload). A reason every runtime shares (a host agent fits no guest)
 * is said once; so is a reason several share (an orchestrator that starts none of them), for
 * each of them; the rest are listed by runtime after it.
 */
function misfitClause(all: RuntimeMisfit[] | undefined): string | null {
  if (!all || all.length === 0) return null;
  const candidates = all.filter((m) => !m.forOtherWorkloads);
  const misfits = candidates.length > 0 ? candidates : all;
  const each = (m: RuntimeMisfit, reasons = m.reasons) => `${m.label}: ${sentence(reasons)}`;
  if (all.length === 1) return `its one runtime does not fit (${each(misfits[0])})`;
  if (misfits.length === 1) return `none of its runtimes fits (${each(misfits[0])})`;
  const shared = misfits[0].reasons.filter((reason) => misfits.every((m) => m.reasons.includes(reason)));
  const rest = misfits.map((m) => ({ ...m, reasons: m.reasons.filter((reason) => !shared.includes(reason)) })).filter((m) => m.reasons.length > 0);
  // Reasons held by the same runtimes are said together, once; the widest-held first.
  const byHolders = new Map<string, { labels: string[]; reasons: string[] }>();
  for (const reason of new Set(rest.flatMap((m) => m.reasons))) {
    const labels = rest.filter((m) => m.reasons.includes(reason)).map((m) => m.label);
    if (labels.length < 2) continue;
    const group = byHolders.get(labels.join('\n')) ?? { labels, reasons: [] };
    group.reasons.push(reason);
    byHolders.set(labels.join('\n'), group);
  }
  const groups = [...byHolders.values()].sort((a, b) => b.labels.length - a.labels.length);
  const grouped = new Set(groups.flatMap((g) => g.reasons));
  const own = (m: RuntimeMisfit) => m.reasons.filter((reason) => !grouped.has(reason));
  const listed = [...groups.map((g) => `each of ${list(g.labels)}: ${sentence(g.reasons)}`), ...rest.filter((m) => own(m).length > 0).map((m) => each(m, own(m)))];
  if (shared.length === 0) return `none of its runtimes fits (${listed.join('; ')})`;
  return `none of its runtimes fits, since ${sentence(shared)}${listed.length > 0 ? ` (besides, ${listed.join('; ')})` : ''}`;
}

/** One sentence per distinct set of reasons, so two options excluded for the same reason share it. */
function exclusionSentences(excluded: OptionResult[], misfits: Decision['misfits']): string[] {
  if (excluded.length === 0) return [];
  const groups: { reasons: string; labels: string[] }[] = [];
  for (const o of excluded) {
    const distinct: string[] = [];
    for (const e of o.exclusions) if (!e.constraint.startsWith('runtime:') && !distinct.includes(e.reason)) distinct.push(e.reason);
    const clause = misfitClause(misfits[o.option]);
    if (clause) distinct.push(clause);
    const reasons = clauses(distinct);
    const group = groups.find((g) => g.reasons === reasons);
    if (group) group.labels.push(o.label);
    else groups.push({ reasons, labels: [o.label] });
  }
  return groups.map(({ reasons, labels }) => (labels.length === 1 ? `${labels[0]} is ruled out because ${reasons}.` : `${list(labels)} are ruled out because ${reasons.replaceAll('none of its runtimes', 'none of their runtimes')}.`));
}

function compare(what: string, theirs: string, ours: string): string {
  return theirs === ours ? `${what} the same ${ours}` : `${what} ${theirs} instead of ${ours}`;
}

/**
 * Two figures' words for `compare`: as `words` rounds them, or, where `precisely` (the matrix calls figures
 * the same only when they are equal) and unequal figures would read alike, as `precise` words them, so that they differ.
 */
function wordsFor<T>(a: T, b: T, equal: boolean, precisely: boolean, words: (x: T) => string, precise: (x: T, y: T) => readonly [string, string]): readonly [string, string] {
  const rounded = [words(a), words(b)] as const;
  return precisely && !equal && rounded[0] === rounded[1] ? precise(a, b) : rounded;
}

/** A memory figure to `digits` decimals of its unit (MB exact). */
const memoryTo = (mb: number, digits: number) => {
  const [unit, size] = mb >= 1024 * 1024 ? ['TB', 1024 * 1024] : mb >= 1024 ? ['GB', 1024] : ['MB', 1];
  if (size === 1) return `${mb} MB`;
  const scale = 10 ** digits;
  return `${Math.round((mb / size) * scale) / scale} ${unit}`;
};

/** Two unequal memory figures worded so that they differ: to more decimals (1.002 GB and 1 GB), else in MB. */
function distinctMemory(a: number, b: number): readonly [string, string] {
  for (let digits = 2; digits <= 3; digits++) {
    const [x, y] = [memoryTo(a, digits), memoryTo(b, digits)];
    if (x !== y) return [x, y];
  }
  return [`${a.toLocaleString('en-US')} MB`, `${b.toLocaleString('en-US')} MB`];
}

/** Two unequal start-up ranges in milliseconds, as estimated. */
const exactStartups = (a: { min: number; max: number }, b: { min: number; max: number }) => {
  const ms = (n: number) => `${n.toLocaleString('en-US')} ms`;
  const phrase = ({ min, max }: { min: number; max: number }) => (min === max ? `about ${ms(max)}` : `${ms(min)} to ${ms(max)}`);
  return [phrase(a), phrase(b)] as const;
};

/** The paragraph a reviewer pastes into a design document. */
/** Criteria with the points by which `a` leads `b` on each: "density and cost (+8.3)". */
function gapNames(matrix: LoadedMatrix, factors: Factor[], indexes: number[], a: PlacementOption, b: PlacementOption): string {
  return list(indexes.map((i) => `${matrix.criteria[i].inlineName} (+${Math.round((factors[i].contributions[a] - factors[i].contributions[b]) * 10) / 10})`));
}

export function writeSummary({ matrix, workload, options, ranked, factors, estimates, tie, runtimes, misfits, counterfactuals, confidence, currentPlacement }: SummaryInput): string {
  const names = (indexes: number[]) => list(indexes.map((i) => matrix.criteria[i].inlineName));
  // One mandate often raises several criteria; say its reason once for all of them.
  const groupByReason = (indexes: number[]) => {
    const groups: { reason: string | undefined; names: string[] }[] = [];
    for (const i of indexes) {
      const factor = factors[i];
      const top = factor.setBy[0];
      const reason = top && top.importance >= factor.importance ? top.reason : undefined;
      const group = reason === undefined ? undefined : groups.find((g) => g.reason === reason);
      if (group) group.names.push(matrix.criteria[i].inlineName);
      else groups.push({ reason, names: [matrix.criteria[i].inlineName] });
    }
    return groups.map(({ reason, names }) => (reason === undefined ? list(names) : `${list(names)} (${names.length === 2 ? 'both because ' : names.length > 2 ? 'all because ' : ''}${reason})`));
  };
  const estimateOf = (o: PlacementOption) => estimates[PLACEMENT_OPTIONS.indexOf(o)];
  const excluded = options.filter((o) => !o.eligible);
  const exclusionText = exclusionSentences(excluded, misfits);

  const winner = ranked[0];
  if (!winner) {
    // The fewest changes first, then the cheaper option to run (the tie-break order is cheapest first).
    const order = matrix.tieBreak.order;
    const [easiest] = counterfactuals.filter((c) => c.kind === 'switch').sort((a, b) => a.changes.length - b.changes.length || order.indexOf(a.option) - order.indexOf(b.option) || b.margin - a.margin);
    // A margin of 0 means the option would tie or be the only one left; "by 0 points" would say neither.
    const by = easiest ? byPoints(easiest.margin) : '';
    const remedy = easiest
      ? `${options.find((o) => o.option === easiest.option)!.label} would be recommended${by} if ${list(easiest.changes.map(changePhrase))}; otherwise relax another of these requirements or extend the matrix with an option that meets them.`
      : 'Relax one of these requirements or extend the matrix with an option that meets them.';
    return [`No placement fits "${workload.name}": every option is excluded by a hard constraint.`, ...exclusionText, remedy].join(' ');
  }

  const parts: string[] = [];
  const runnerUp = ranked[1];
  const margin = runnerUp ? Math.round((winner.score! - runnerUp.score!) * 10) / 10 : 0;
  // "Container (on runc / crun)": the answer names the runtime it was scored on when the option has more than one.
  const named = (o: OptionResult) => (!o.runtime || matrix.runtimes[o.option].length <= 1 ? o.label : labelOn(o.label, runtimes.find((r) => r.name === o.runtime)?.label ?? o.runtime));
  if (!runnerUp) parts.push(`${named(winner)} is recommended for "${workload.name}" with ${winner.score}/100; it is the only option left.`);
  else if (tie) {
    const rule = matrix.tieBreak.reason ?? 'the stronger wall between workloads wins';
    parts.push(`${named(winner)} and ${named(runnerUp)} tie at ${winner.score}/100 for "${workload.name}"; the matrix settles ties by its stated rule (${rule}), so ${winner.label} is recommended.`);
  } else parts.push(`${named(winner)} is recommended for "${workload.name}" with ${winner.score}/100, ${margin} point${margin === 1 ? '' : 's'} ahead of ${named(runnerUp)} at ${runnerUp.score}.`);

  const others = runtimes.filter((r) => r.option === winner.option && r.fits && !r.selected).sort((a, b) => b.score! - a.score!);
  if (others.length > 0) {
    const kind = winner.label.replace(/^[A-Z][a-z]/, (head) => head.toLowerCase());
    parts.push(`Of the other ${kind} runtimes that fit, ${list(others.slice(0, 2).map((r) => `${r.label} scores ${r.score}`))}.`);
  }

  // Said only when a few always-on criteria carry the decision; a long list would tell a reviewer nothing.
  const weighing = factors.filter((f) => f.importance > 0);
  if (weighing.length > 0 && weighing.length <= 3 && weighing.every((f) => f.setBy.length === 0)) {
    parts.push(`Nothing in the workload raises a criterion above its baseline, so only ${names(factors.flatMap((f, i) => (f.importance > 0 ? [i] : [])))} weigh.`);
  }

  const heaviest: number[] = [];
  factors.forEach((f, i) => f.importance >= 7 && heaviest.push(i));
  if (heaviest.length > 0) {
    heaviest.sort((a, b) => factors[b].importance - factors[a].importance || (factors[a].criterion < factors[b].criterion ? -1 : 1));
    parts.push(`What matters most here: ${list(groupByReason(heaviest.slice(0, 3)))}.`);
  }
  parts.push(...exclusionText);

  // When the option that is best on the heaviest criterion still lost, a reviewer needs to know what outweighed it.
  let explainedAgainst: PlacementOption | null = null;
  const top = factors.reduce<number>((best, f, i) => (f.importance > (factors[best]?.importance ?? 0) ? i : best), -1);
  if (top >= 0 && ranked.length > 1) {
    const topFactor = factors[top];
    const bestOnTop = ranked.reduce((b, o) => (topFactor.contributions[o.option] > topFactor.contributions[b.option] ? o : b), ranked[0]);
    if (bestOnTop.option !== winner.option && topFactor.contributions[bestOnTop.option] - topFactor.contributions[winner.option] >= 0.5) {
      const outweigh = advantages(factors, winner.option, bestOnTop.option, 2);
      if (outweigh.length > 0) {
        explainedAgainst = bestOnTop.option;
        parts.push(`${bestOnTop.label} is strongest on ${matrix.criteria[top].inlineName}, the heaviest criterion here, but ${winner.label} makes up for it on ${gapNames(matrix, factors, outweigh, winner.option, bestOnTop.option)}.`);
      }
    }
  }

  if (runnerUp) {
    const wins = advantages(factors, winner.option, runnerUp.option, 2);
    const losses = advantages(factors, runnerUp.option, winner.option, 2);
    if (wins.length > 0 && !tie && explainedAgainst !== runnerUp.option) parts.push(`Against ${runnerUp.label}, ${winner.label} gains most on ${gapNames(matrix, factors, wins, winner.option, runnerUp.option)}.`);
    const w = estimateOf(winner.option);
    const r = estimateOf(runnerUp.option);
    const gain = losses.length > 0 ? ` would do better on ${gapNames(matrix, factors, losses, runnerUp.option, winner.option)}, and` : '';
    const instances = (n: number) => `${n} instance${n === 1 ? '' : 's'}`;
    // Hosts larger than the reference host are other hardware, never "the same" as reference hosts.
    const exact = matrix.document.estimates.sentencesMatchEstimates;
    // Where the two plan different counts (a wall per tenant against pooled instances), each overhead is across its own.
    // Where the matrix says so, "the same" only of equal figures; unequal ones that round alike are said precisely enough to differ.
    const sameOnlyWhenEqual = matrix.document.estimates.sameOnlyWhenEqual === true;
    const [rMemory, wMemory] = wordsFor(r.memoryOverheadMbTotal, w.memoryOverheadMbTotal, r.memoryOverheadMbTotal === w.memoryOverheadMbTotal, sameOnlyWhenEqual, memory, distinctMemory);
    const [rStart, wStart] = wordsFor(r.startupMs, w.startupMs, r.startupMs.min === w.startupMs.min && r.startupMs.max === w.startupMs.max, sameOnlyWhenEqual, startupPhrase, exactStartups);
    const hostsEqual = r.hostsNeeded === w.hostsNeeded && r.largerHostsNeeded === w.largerHostsNeeded && r.hostsRunByProvider === w.hostsRunByProvider;
    const [rHosts, wHosts] = wordsFor(
      r,
      w,
      hostsEqual,
      sameOnlyWhenEqual,
      (e) => hostsOf(e, exact),
      (x, y) => [hostsOf(x, true), hostsOf(y, true)],
    );
    const overhead =
      matrix.document.estimates.overheadAcrossOwnPlan && r.instancesPlanned !== w.instancesPlanned
        ? `carry ${rMemory} of memory overhead across its ${instances(r.instancesPlanned)} instead of ${wMemory} across ${instances(w.instancesPlanned)}`
        : `${compare('carry', rMemory, wMemory)} of memory overhead across ${instances(w.instancesPlanned)}`;
    parts.push(`${runnerUp.label}${gain} would ${compare('start in', rStart, wStart)}, ${overhead}, and ${compare('need', rHosts, wHosts)}.`);
    if (!tie && margin < 3) {
      const swing = losses.length > 0 ? `; more weight on ${matrix.criteria[losses[0]].inlineName} would tip it to ${runnerUp.label}` : '';
      parts.push(`This is a close call at ${margin} point${margin === 1 ? '' : 's'}${swing}, so a reviewer should treat ${runnerUp.label} as defensible too.`);
    }
  }

  // The what-if a reviewer asks first: what would let a cheaper option do (the tie-break order is cheapest first), else the nearest other answer.
  const rank = matrix.tieBreak.order;
  const cheaper = (o: PlacementOption) => (rank.indexOf(o) < rank.indexOf(winner.option) ? 0 : 1);
  // Where the matrix says so, a change a team can make comes first, then another way to run it, then facts made worse.
  const worse = (c: Counterfactual) => (matrix.document.insight?.switchesThatActFirst ? Math.max(...c.changes.map(changeDistance)) : 0);
  const switches = counterfactuals
    .filter((c) => c.kind === 'switch')
    .sort((a, b) => worse(a) - worse(b) || cheaper(a.option) - cheaper(b.option) || a.changes.length - b.changes.length || (a.option === runnerUp?.option ? -1 : 0) - (b.option === runnerUp?.option ? -1 : 0) || b.margin - a.margin);
  const easiest = switches[0];
  if (easiest) {
    const label = options.find((o) => o.option === easiest.option)!.label;
    // A margin of 0 means a tie the matrix settles for it, or the only option left; "by 0 points" would say neither.
    const by = byPoints(easiest.margin);
    const changes = easiest.changes.map(changePhrase);
    parts.push(`${label} would be recommended instead${by} if ${matrix.document.insight?.changesJoinedAsClauses ? clauses(changes) : list(changes)}.`);
  } else if (ranked.length > 0 && matrix.document.insight) {
    // Only a matrix that names changeable attributes was searched; without it, silence is the honest answer.
    const ruleOut = counterfactuals.find((c) => c.kind === 'rule-out');
    if (ruleOut) {
      const label = options.find((o) => o.option === ruleOut.option)!.label;
      parts.push(`No change of one or two attributes a team controls would make another option win while ${winner.label} fits; ${label} would take its place only if ${list(ruleOut.changes.map(changePhrase))}, which rules ${winner.label} out.`);
    } else parts.push('No change of one or two attributes a team controls would make another option the answer.');
  }
  const sensitive = confidence.sensitiveTo.length > 0 ? `; it is most sensitive to ${list(confidence.sensitiveTo.map(fieldWords))}` : '';
  parts.push(`Confidence is ${confidence.level}: ${Math.round(confidence.stability * 100)}% of single neighbouring changes keep the answer${sensitive}.`);
  if (currentPlacement) {
    const words = { acceptable: 'acceptable', behind: 'safe but behind', risk: 'a risk', 'ruled-out': 'ruled out' }[currentPlacement.status];
    const label = options.find((o) => o.option === currentPlacement.option)!.label;
    // A ruled-out option's reasons are already a sentence of this summary (every excluded option has one): repeating every runtime's misfits would double it.
    parts.push(currentPlacement.status === 'ruled-out' ? `Today it runs as ${label}, which is ruled out for the reasons above.` : `Today it runs as ${label}, which is ${words}: ${currentPlacement.reason}`);
  }

  const chosen = estimateOf(winner.option);
  const stated = (ms: number) => formatStatedMs(ms, matrix.document.estimates.sentencesMatchEstimates);
  if (chosen.meetsStartupBudget === false) {
    const budget = workload.startupBudgetMs!;
    // Where even the fastest start misses, "up to" the slowest would understate it: no cold start meets the budget.
    parts.push(
      chosen.startupMs.min > budget
        ? `Caution: even at its fastest, ${formatMs(chosen.startupMs.min)}, ${winner.label} starts beyond the ${stated(budget)} budget, so only instances started ahead of demand meet it; keep warm capacity or revisit the budget.`
        : `Caution: ${winner.label} can take up to ${formatMs(chosen.startupMs.max)} to start, beyond the ${stated(budget)} budget; keep warm capacity or revisit the budget.`,
    );
  }
  const burstWindow = scaleOutWindowMissed(matrix, workload, chosen);
  if (burstWindow) {
    const { burst, windowMs } = burstWindow;
    const within = burst === undefined ? `the ${stated(windowMs)} in which it must scale out` : `the ${stated(windowMs)} in which the burst to ${burst} instances must be reached`;
    parts.push(
      chosen.startupMs.min > windowMs
        ? `Caution: even at its fastest, ${formatMs(chosen.startupMs.min)}, ${winner.label} starts an instance after ${within}, so ${burst === undefined ? 'only instances started ahead of time meet the window' : 'the burst is met only by instances started ahead of it'}; keep warm capacity for it or widen the window.`
        : `Caution: ${winner.label} can take up to ${formatMs(chosen.startupMs.max)} to start an instance, longer than ${within}; keep warm capacity for it or widen the window.`,
    );
  }
  if (chosen.largerHostsNeeded) {
    parts.push(
      `Sizing: one instance with its overhead needs more memory than the reference host (${sizingHost(matrix, workload).description}) offers, so count ${chosen.hostsNeeded === 1 ? 'one larger host' : `${chosen.hostsNeeded} larger hosts, one per instance`}.`,
    );
  }
  if (chosen.hostsRunByProvider) {
    parts.push(`Sizing: ${runtimes.find((r) => r.name === winner.runtime)?.label ?? winner.label} starts each instance on a machine of the provider's, so the team runs no hosts for it and pays per instance instead.`);
  }
  // A host agent's tenant VMs, where a VM is a node, are the nodes it serves: it runs a copy in each.
  const agentInNodes = matrix.document.estimates.tenantVmIsOneNode === true && workload.hostAgent;
  if (chosen.tenantVmsPlanned !== undefined && workload.scale.tenants !== undefined && agentInNodes) {
    const vms = chosen.tenantVmsPlanned === 1 ? 'its one tenant VM' : `the ${chosen.tenantVmsPlanned} VMs of its ${workload.scale.tenants === 1 ? 'one tenant' : `${workload.scale.tenants} tenants`}`;
    const where = chosen.tenantVmsPlanned === 1 && matrix.document.estimates.sentencesMatchEstimates ? 'in its one tenant VM, the node it serves' : `in each of ${vms}, the nodes it serves`;
    parts.push(`It runs a copy ${where}, so the estimate counts ${memory(chosen.memoryOverheadMbTotal)} of memory overhead in all.`);
  } else if (chosen.tenantVmsPlanned !== undefined && workload.scale.tenants !== undefined) {
    const vms = chosen.tenantVmsPlanned === 1 ? 'one VM' : `${chosen.tenantVmsPlanned} VMs`;
    const who = workload.scale.tenants === 1 ? 'Its one tenant gets' : `Its ${workload.scale.tenants} tenants get`;
    parts.push(`${who} ${vms} of ${workload.scale.tenants === 1 ? 'its' : 'their'} own, so the estimate counts ${memory(chosen.memoryOverheadMbTotal)} of memory overhead in all.`);
  }
  // The runtime a hybrid answer was scored and sized on.
  const hybridRuntime = winner.option === 'hybrid' ? (matrix.runtimes.hybrid.find((r) => r.id === winner.runtime) ?? matrix.runtimes.hybrid[0]) : undefined;
  if (matrix.document.estimates.statePooledTenants && workload.tenancy === 'multi-tenant' && workload.scale.tenants === undefined && winner.option !== 'container') {
    // Sized without a tenant count, the answer holds only for as many tenants as the plan has walls; say how many.
    const tenantVm = hybridRuntime?.figures.tenantVm;
    // Where tenants that outnumber the instances would be weighed as sharing them, stating the count is how to have that design weighed.
    const sharedInstances = canPoolTenants(matrix, workload) ? ', or, if its instances each serve several tenants, to have that weighed' : '';
    if (tenantVm) {
      // The VMs the estimate planned, where it states them (packed VMs can be more than the fewest that hold the instances).
      const vms = chosen.tenantVmsPlanned ?? tenantVmLayout(matrix.document.estimates, tenantVm, hybridRuntime.figures.memoryOverheadMb, workload).vms;
      parts.push(
        `No tenant count was given, so the estimate pools the instances into ${vms === 1 ? 'one tenant VM' : `${vms} tenant VMs`}, enough for at most ${vms === 1 ? 'one tenant' : `${vms} tenants`}; state scale.tenants to size a set of VMs for each${sharedInstances}.`,
      );
    } else if (!(matrix.document.estimates.idleTenantsHoldNoInstance && (workload.workloadType === 'function' || workload.workloadType === 'batch'))) {
      // A function's or batch job's idle tenants hold no instance, so its plan holds for any number of them.
      parts.push(
        `No tenant count was given, so the estimate plans ${chosen.instancesPlanned} ${chosen.instancesPlanned === 1 ? 'instance' : 'instances'}, enough for at most ${chosen.instancesPlanned === 1 ? 'one tenant' : `${chosen.instancesPlanned} tenants`} with one each; state scale.tenants if there are more, since each needs instances of its own${sharedInstances}.`,
      );
    }
  }
  const fill = hybridRuntime ? tenantVmRatingNote(matrix, hybridRuntime, workload) : null;
  // The rating reads the fewest VMs the walls allow; where the estimate packs more, the sentence says "at least".
  if (fill) parts.push(matrix.document.estimates.sentencesMatchEstimates ? `It ${tenantVmsHold(fill, true)}, so hybrid is rated ${fill.rated}.` : `Its ${tenantVmsHold(fill)}, so hybrid is rated ${fill.rated}.`);
  if (chosen.newTenantStartupMs && workload.tenancy === 'multi-tenant') {
    parts.push(`A new tenant's first instance waits ${startupPhrase(chosen.newTenantStartupMs)} for its VM to boot; pre-provision tenant VMs if that matters.`);
  }
  if (workload.pooledTenants !== undefined) {
    // Said second, after the headline: it is why separation between tenants weighs nothing here.
    const { instances } = workload.scale;
    const peak = peakInstances(workload);
    const shared = instances === 1 ? 'one instance' : `${instances} instances, about ${perInstance(workload.pooledTenants / instances)} to an instance`;
    parts.splice(
      1,
      0,
      `Its ${workload.pooledTenants} tenants share its ${shared}${peak > instances ? ` (${peak} at peak)` : ''}, so no sandbox or VM around an instance would keep them apart: it is weighed as one tenant's workload, with its tenants kept apart in the application, and a wall between tenants would take instances of their own for each, ${workload.pooledTenants} at least (state that design's instances to have it weighed).`,
    );
  }
  // "Per-tenant" reads oddly when there is one tenant: say what the VMs are for then.
  const exactWording = matrix.document.estimates.sentencesMatchEstimates === true;
  // Tenants that share its instances are weighed as one tenant's, not as a single tenant.
  if (winner.option === 'hybrid' && workload.tenancy === 'single-tenant' && agentInNodes && !(exactWording && workload.pooledTenants !== undefined)) {
    parts.push(
      exactWording && chosen.instancesPlanned === 1
        ? 'With a single tenant, its one VM is the node it serves: it runs a copy there, beside the containers it acts on, with the hypervisor under them as the hardware boundary.'
        : 'With a single tenant, the VMs are the nodes it serves: it runs a copy in each, beside the containers it acts on, with the hypervisor under them as the hardware boundary.',
    );
  } else if (winner.option === 'hybrid' && workload.tenancy === 'single-tenant' && workload.pooledTenants === undefined) {
    parts.push("With a single tenant, the VMs are the wall around this workload's own trust zone: its containers share a kernel only with each other, in VMs no other workload uses.");
  }
  return parts.join(' ');
}

/**
 * The burst a workload must reach within its scale-out window, where the matrix judges start-up
 * against that window too and the answer's start can exceed it; null where it cannot, or where the
 * start-up budget's caution already covers it (a budget no longer than the window).
 */
function scaleOutWindowMissed(matrix: LoadedMatrix, workload: Workload, chosen: OptionEstimate): { burst: number | undefined; windowMs: number } | null {
  const { burstInstances, instances, scaleOutSeconds } = workload.scale;
  const burst = burstInstances !== undefined && burstInstances > instances ? burstInstances : undefined;
  if (!matrix.document.estimates.cautionOnScaleOutWindow || scaleOutSeconds === undefined) return null;
  // Without a burst, the window is still the time to add an instance, where the matrix judges it so.
  if (burst === undefined && !matrix.document.estimates.cautionOnScaleOutWithoutBurst) return null;
  const windowMs = scaleOutSeconds * 1000;
  if (chosen.startupMs.max <= windowMs) return null;
  if (chosen.meetsStartupBudget === false && workload.startupBudgetMs! <= windowMs) return null;
  return { burst, windowMs };
}
