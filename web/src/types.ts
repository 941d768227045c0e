/** The parts of the API's responses the page reads (see openapi.yaml for the whole). */
import type { components } from '../../client/schema.js';

export type OptionId = string;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

// Evaluation shapes come from the types generated from openapi.yaml (client/schema.ts), so
// the page and the API cannot drift apart; only what the page needs beyond them is written here.
type Schemas = components['schemas'];
export type OptionResult = Schemas['OptionResultDto'];
export type Factor = Schemas['FactorDto'];
export type Change = Schemas['WorkloadChangeDto'];
export type Counterfactual = Schemas['CounterfactualDto'];
export type Evaluation = Schemas['EvaluationResponseDto'];

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
