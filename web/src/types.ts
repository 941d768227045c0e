/** The parts of the API's responses the page reads (see openapi.yaml for the whole). */
export type OptionId = string;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

export interface OptionResult {
  option: OptionId;
  label: string;
  eligible: boolean;
  score: number | null;
  rank: number | null;
  runtime?: string | null;
  exclusions: { constraint: string; reason: string }[];
}

export interface Factor {
  criterion: string;
  name: string;
  importance: number;
  setBy: { rule: string; reason: string; importance: number; fields: string[] }[];
  contributions: Record<OptionId, number>;
}

export interface Change {
  field: string;
  from: unknown;
  to: unknown;
}

export interface Counterfactual {
  kind: 'switch' | 'rule-out';
  option: OptionId;
  changes: Change[];
  margin: number;
}

export interface Evaluation {
  id?: string;
  createdAt?: string;
  workload: Record<string, unknown>;
  recommendation: OptionId | null;
  options: OptionResult[];
  runtimes?: { name: string; label: string; option: OptionId; fits: boolean; selected: boolean; score: number | null; reason: string }[];
  rationale: { summary: string; runnerUp: OptionId | null; margin: number | null; tie?: boolean; factors: Factor[] };
  hardening: { id: string; level: 'must' | 'should'; text: string }[];
  counterfactuals?: Counterfactual[];
  confidence?: { level: string; margin: number | null; stability: number; sensitiveTo: string[] };
  kubernetes?: { runtimeClass: Record<string, unknown> | null; podSpec: Record<string, unknown>; note: string };
  currentPlacement?: { option: OptionId; status: string; reason: string };
  estimates: {
    referenceHost: string;
    memorySource: string;
    options: {
      option: OptionId;
      runtime?: string | null;
      startupMs: { min: number; max: number };
      newTenantStartupMs?: { min: number; max: number };
      meetsStartupBudget: boolean | null;
      instancesPlanned: number;
      memoryMbPerInstance: number;
      memoryOverheadMbTotal: number;
      cpuOverheadPct: { min: number; max: number };
      hostsNeeded: number;
    }[];
  };
  matrix: { version: string; checksum: string };
}

export interface MatrixExample {
  id: string;
  description: string;
  workload: Record<string, unknown>;
  expected: string;
}

export interface MatrixView {
  version: string;
  status: string;
  active: boolean;
  checksum: string;
  document: { title?: string; options?: Record<OptionId, { label: string }>; examples?: MatrixExample[] };
}

export interface MatrixSummary {
  version: string;
  status: string;
  active: boolean;
  checksum: string;
}

export interface MatrixDiff {
  from: string;
  to: string;
  identical: boolean;
  summary: string;
  changes: { section: string; id: string; change: 'added' | 'removed' | 'changed'; fields?: { path: string; before?: unknown; after?: unknown }[] }[];
}

export interface ImpactReport {
  candidate: { version: string; checksum: string; status: string };
  window: { since: string | null; limit: number; evaluated: number; oldest: string | null; newest: string | null };
  changed: number;
  unchanged: number;
  transitions: { from: string; to: string; count: number }[];
  changes: { id: string; workload: string; matrixVersion: string; from: string | null; to: string | null; movedFactors: { name: string; swing: number }[] }[];
}
