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
  exclusions: Exclusion[];
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
  factors: Factor[];
}

export interface HardeningItem {
  id: string;
  level: 'must' | 'should';
  text: string;
}

export interface OptionEstimate {
  option: PlacementOption;
  startupMs: { min: number; max: number };
  /** null when the workload gave no start-up budget. */
  meetsStartupBudget: boolean | null;
  instancesPlanned: number;
  memoryMbPerInstance: number;
  memoryOverheadMbTotal: number;
  cpuOverheadPct: { min: number; max: number };
  hostsNeeded: number;
}

export interface Evaluation {
  recommendation: PlacementOption | null;
  options: OptionResult[];
  rationale: Rationale;
  hardening: HardeningItem[];
  estimates: {
    referenceHost: string;
    memorySource: 'workload' | 'matrix-default';
    options: OptionEstimate[];
  };
  matrix: { version: string; checksum: string };
}

