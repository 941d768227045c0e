import { Injectable } from '@nestjs/common';
import type { AuthenticatedKey } from '../auth/auth.decorators.js';
import { AppError } from '../common/app-error.js';
import { compareEvaluations, decide, type Comparable, type Evaluation, type MovedFactor, type PlacementOption, type Workload } from '../engine/index.js';
import { EvaluationStore, type StoredInput } from '../evaluations/evaluation-store.js';
import { MatrixCatalogService } from '../matrices/matrix-catalog.service.js';

export interface ImpactReport {
  candidate: { version: string; checksum: string; status: string };
  window: { since: string | null; limit: number; evaluated: number; oldest: string | null; newest: string | null };
  changed: number;
  unchanged: number;
  transitions: { from: PlacementOption | 'none'; to: PlacementOption | 'none'; count: number }[];
  changes: {
    id: string;
    workload: string;
    createdAt: string;
    matrixVersion: string;
    from: PlacementOption | null;
    to: PlacementOption | null;
    movedFactors: MovedFactor[];
  }[];
}

const RESULT_CHUNK = 500;

/** A workload's attributes without its name, as a key: the decision does not depend on the name. */
const attributesOf = ({ name: _name, ...attributes }: Workload): string => JSON.stringify(attributes);

@Injectable()
export class ImpactService {
  constructor(
    private readonly store: EvaluationStore,
    private readonly catalog: MatrixCatalogService,
  ) {}

  /** Re-decides stored inputs under a candidate version. Reads only; stores nothing. */
  async impact(version: string, window: { since?: string; limit?: number }, key: AuthenticatedKey): Promise<ImpactReport> {
    const row = await this.catalog.get(version, key);
    const candidate = this.catalog.compile(row);
    const limit = window.limit ?? 10_000;
    const since = window.since === undefined ? undefined : Date.parse(window.since);
    // ISO 8601 also has week and ordinal dates (2026-W05), which Date cannot read.
    if (since !== undefined && !Number.isFinite(since))
      throw new AppError('VALIDATION_FAILED', 'since must be a date or date-time such as 2026-02-01T00:00:00Z', [{ path: 'since', message: 'since must be a date or date-time such as 2026-02-01T00:00:00Z' }]);
    // The stored answer is only needed for decisions that change, so it is fetched later.
    const stored = await this.store.inputs(since === undefined ? undefined : new Date(since).toISOString(), limit);

    // Only the decision is needed, not its explanation: `decide` costs a tenth of `evaluate`
    // (no what-if search), and workloads that differ only by name are decided once.
    const decided = new Map<string, Comparable>();
    const decideOnce = (workload: Workload): Comparable => {
      const key = attributesOf(workload);
      let comparable = decided.get(key);
      if (!comparable) {
        const d = decide(candidate, workload);
        comparable = { recommendation: d.ranked[0]?.option ?? null, options: d.options, rationale: { factors: d.factors } };
        decided.set(key, comparable);
      }
      return comparable;
    };
    const counts = new Map<string, number>();
    const changed: { record: StoredInput; after: Comparable; group: string }[] = [];
    // Records of the same version, recommendation and attributes hold the same factors (only the
    // name differs), so one stored answer per group is read and compared: unpacking and parsing
    // every changed answer was most of an impact run.
    const groups = new Map<string, { id: string; after: Comparable; movedFactors?: MovedFactor[] }>();
    for (const record of stored) {
      const after = decideOnce(record.workload);
      const transition = `${record.recommendation ?? 'none'}>${after.recommendation ?? 'none'}`;
      counts.set(transition, (counts.get(transition) ?? 0) + 1);
      if (after.recommendation === record.recommendation) continue;
      const group = `${record.matrixVersion}\u0000${record.recommendation}\u0000${attributesOf(record.workload)}`;
      if (!groups.has(group)) groups.set(group, { id: record.id, after });
      changed.push({ record, after, group });
    }
    const representatives = [...groups.values()];
    for (let i = 0; i < representatives.length; i += RESULT_CHUNK) {
      const chunk = representatives.slice(i, i + RESULT_CHUNK);
      const answers = await this.store.answersById(chunk.map((g) => g.id));
      for (const g of chunk) g.movedFactors = compareEvaluations(JSON.parse(answers.get(g.id)!.toString('utf8')) as Evaluation, g.after).movedFactors;
    }

    return {
      candidate: { version: row.version, checksum: row.checksum, status: row.status },
      window: { since: window.since ?? null, limit, evaluated: stored.length, oldest: stored.at(-1)?.createdAt ?? null, newest: stored[0]?.createdAt ?? null },
      changed: changed.length,
      unchanged: stored.length - changed.length,
      transitions: [...counts]
        .map(([key, count]) => {
          const [from, to] = key.split('>') as [PlacementOption | 'none', PlacementOption | 'none'];
          return { from, to, count };
        })
        .sort((a, b) => b.count - a.count || (a.from + a.to < b.from + b.to ? -1 : 1)),
      changes: changed.map(({ record, after, group }) => ({
        id: record.id,
        workload: record.workloadName,
        createdAt: record.createdAt,
        matrixVersion: record.matrixVersion,
        from: record.recommendation as PlacementOption | null,
        to: after.recommendation,
        movedFactors: groups.get(group)!.movedFactors!,
      })),
    };
  }
}
