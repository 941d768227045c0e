import type { ConditionField } from './conditions.js';
import type { PlacementOption } from './workload.js';

export interface Exclusion {
  constraint: string;
  reason: string;
}

export interface OptionResult {
  option: PlacementOption;
  label: string;
  eligible: boolean;
  /** 0-100, one decimal; null when a hard constraint excludes the option. */
  score: number | null;
  /** 1 is best among eligible options; null when excluded. */
  rank: number | null;
  /** The runtime the option was scored and sized on (its best fitting one); null when the matrix names no runtimes. */
  runtime: string | null;
  exclusions: Exclusion[];
}

/** One runtime of the matrix and whether it can serve this workload. */
export interface RuntimeFit {
  /** The runtime's id in the matrix, e.g. `kata-containers`. */
  name: string;
  label: string;
  option: PlacementOption;
  fits: boolean;
  /** The runtime its option was scored on. */
  selected: boolean;
  /** 0-100 on this workload's weights; null when it does not fit. */
  score: number | null;
  reason: string;
}

export interface ImportanceSource {
  rule: string;
  reason: string;
  importance: number;
  fields: ConditionField[];
}

export interface Factor {
  criterion: string;
  name: string;
  /** 0-10: the criterion's base importance raised by every matching rule (the highest wins). */
  importance: number;
  /** Matching rules, the one that set the importance first; empty when the base importance stands. */
  setBy: ImportanceSource[];
  /** Points each option earns on this criterion; an option's points over all factors add up to its score. */
  contributions: Record<PlacementOption, number>;
}

export interface Rationale {
  summary: string;
  runnerUp: PlacementOption | null;
  /** Points between the winner and the runner-up; null when fewer than two options are eligible. */
  margin: number | null;
  /** The two best scores are equal and the matrix's tie-break order chose between them. */
  tie: boolean;
  factors: Factor[];
}

export interface HardeningItem {
  id: string;
  level: 'must' | 'should';
  text: string;
}

export interface OptionEstimate {
  option: PlacementOption;
  /** The runtime these figures belong to; null when the matrix names no runtimes. */
  runtime: string | null;
  startupMs: { min: number; max: number };
  /** Hybrid only: the first instance of a new tenant waits for that tenant's VM to boot. */
  newTenantStartupMs?: { min: number; max: number };
  /** Hybrid, for a workload that states its tenants (where the matrix sizes per tenant): each tenant's VMs, added up. */
  tenantVmsPlanned?: number;
  /** null when the workload gave no start-up budget. */
  meetsStartupBudget: boolean | null;
  instancesPlanned: number;
  memoryMbPerInstance: number;
  memoryOverheadMbTotal: number;
  cpuOverheadPct: { min: number; max: number };
  /** 0 where the provider runs the hosts (`hostsRunByProvider`). */
  hostsNeeded: number;
  /** Present when the runtime's hosts are the provider's (AWS Fargate): the team runs none, and `hostsNeeded` is 0. */
  hostsRunByProvider?: true;
  /** Present when one instance with its overhead needs more memory than the reference host offers; `hostsNeeded` then counts one larger host per instance. */
  largerHostsNeeded?: true;
}

export interface Evaluation {
  recommendation: PlacementOption | null;
  options: OptionResult[];
  /** Every runtime the matrix names, whether it fits this workload and which one each option was scored on. */
  runtimes: RuntimeFit[];
  rationale: Rationale;
  hardening: HardeningItem[];
  /** For each other option, the smallest change that would make it the answer, and what would rule the answer out. */
  counterfactuals: Counterfactual[];
  confidence: Confidence;
  /** Present when the workload stated where it runs today. */
  currentPlacement?: CurrentPlacementVerdict;
  /** Present when the workload is deployed through Kubernetes and a runtime was chosen. */
  kubernetes?: KubernetesAdvice;
  estimates: {
    referenceHost: string;
    memorySource: 'workload' | 'matrix-default';
    options: OptionEstimate[];
  };
  matrix: { version: string; checksum: string };
}

/** One attribute changed: `field` in dot notation, `to` a value the request schema accepts. */
export type ChangeValue = string | number | boolean | string[] | null;

export interface WorkloadChange {
  field: string;
  /** null when the workload did not set the attribute. */
  from: ChangeValue;
  to: ChangeValue;
}

export interface Counterfactual {
  /** `switch`: the changes make `option` the recommendation. `rule-out`: they rule the current recommendation out and `option` takes its place. */
  kind: 'switch' | 'rule-out';
  option: PlacementOption;
  changes: WorkloadChange[];
  /** The new recommendation's lead after the changes. */
  margin: number;
}

export interface Confidence {
  level: 'high' | 'medium' | 'low';
  margin: number | null;
  /** Share of single neighbouring changes (next enum value, flipped flag, set member in or out, double or half a number) that keep the answer. */
  stability: number;
  /** The attributes whose neighbouring values most often change the answer, most sensitive first. */
  sensitiveTo: string[];
}

export interface CurrentPlacementVerdict {
  option: PlacementOption;
  /** `behind`: it trails by more than the tolerance only on criteria of fit, and contains the workload as well (matrices that mark criteria' concerns); `risk`: it trails otherwise. */
  status: 'acceptable' | 'behind' | 'risk' | 'ruled-out';
  reason: string;
}

/** What to apply on a Kubernetes cluster for the recommendation. */
export interface KubernetesAdvice {
  /** A node.k8s.io/v1 RuntimeClass for the runtime chosen; null when the answer is not a pod runtime (a VM). */
  runtimeClass: Record<string, unknown> | null;
  /** Pod spec fields to set: runtimeClassName, os.name when the runtime is tied to one OS, and the securityContext and container resources the hardening checklist asks for. */
  podSpec: Record<string, unknown>;
  note: string;
}
