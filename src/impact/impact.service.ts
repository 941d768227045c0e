import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThanOrEqual, type FindOptionsWhere, type Repository } from 'typeorm';
import type { AuthenticatedKey } from '../auth/auth.decorators.js';
import { AppError } from '../common/app-error.js';
import { compareEvaluations, evaluate, type MovedFactor, type PlacementOption } from '../engine/index.js';
import { EvaluationRecord } from '../evaluations/evaluation-record.entity.js';
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
    @InjectRepository(EvaluationRecord) private readonly records: Repository<EvaluationRecord>,
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
    const where: FindOptionsWhere<EvaluationRecord> = since !== undefined ? { createdAt: MoreThanOrEqual(new Date(since).toISOString()) } : {};
    // The stored result is only needed for decisions that change, so it is fetched later.
    const stored = await this.records.find({
      select: { id: true, createdAt: true, workloadName: true, workload: true, matrixVersion: true, recommendation: true },
      where,
      order: { id: 'DESC' },
      take: limit,
    });

    const counts = new Map<string, number>();
    const changed: { record: EvaluationRecord; after: ReturnType<typeof evaluate> }[] = [];
    for (const record of stored) {
      const after = evaluate(candidate, record.workload);
      const transition = `${record.recommendation ?? 'none'}>${after.recommendation ?? 'none'}`;
      counts.set(transition, (counts.get(transition) ?? 0) + 1);
      if (after.recommendation !== record.recommendation) changed.push({ record, after });
    }

    const results = new Map<string, EvaluationRecord['result']>();
    for (let i = 0; i < changed.length; i += RESULT_CHUNK) {
      const ids = changed.slice(i, i + RESULT_CHUNK).map((c) => c.record.id);
      for (const r of await this.records.find({ select: { id: true, result: true }, where: { id: In(ids) } })) results.set(r.id, r.result);
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
