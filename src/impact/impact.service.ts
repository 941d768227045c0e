import { Injectable } from '@nestjs/common';
import type { AuthenticatedKey } from '../auth/auth.decorators.js';
import { AppError } from '../common/app-error.js';
import { compareEvaluations, decide, type Comparable, type Evaluation, type MovedFactor, type PlacementOption, type Workload } from '../engine/index.js';
import { EvaluationStore, type StoredInput } from '../evaluations/evaluation-store.js';
import { unpackResponse } from '../evaluations/stored-response.js';
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
      const { name: _name, ...attributes } = workload;
      const key = JSON.stringify(attributes);
      let comparable = decided.get(key);
      if (!comparable) {
        const d = decide(candidate, workload);
        comparable = { recommendation: d.ranked[0]?.option ?? null, options: d.options, rationale: { factors: d.factors } };
        decided.set(key, comparable);
      }
      return comparable;
    };
    const counts = new Map<string, number>();
    const changed: { record: StoredInput; after: Comparable }[] = [];
    for (const record of stored) {
      const after = decideOnce(record.workload);
      const transition = `${record.recommendation ?? 'none'}>${after.recommendation ?? 'none'}`;
      counts.set(transition, (counts.get(transition) ?? 0) + 1);
      if (after.recommendation !== record.recommendation) changed.push({ record, after });
    }

    const results = new Map<string, Evaluation>();
    for (let i = 0; i < changed.length; i += RESULT_CHUNK) {
      for (const [id, body] of await this.store.bodies(changed.slice(i, i + RESULT_CHUNK).map((c) => c.record.id))) results.set(id, JSON.parse(unpackResponse(body)) as Evaluation);
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
      changes: changed.map(({ record, after }) => ({
        id: record.id,
        workload: record.workloadName,
        createdAt: record.createdAt,
        matrixVersion: record.matrixVersion,
        from: record.recommendation as PlacementOption | null,
        to: after.recommendation,
        movedFactors: compareEvaluations(results.get(record.id)!, after).movedFactors,
      })),
    };
  }
}
