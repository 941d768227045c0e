import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { FindOptionsWhere, Repository } from 'typeorm';
import { pageByIdDesc } from '../common/cursor-page.js';
import { AppError } from '../common/app-error.js';
import { compareEvaluations, evaluate, normalizeWorkload, PLACEMENT_OPTIONS, renderAdr, type Evaluation, type EvaluationComparison, type Workload } from '../engine/index.js';
import type { AuthenticatedKey } from '../auth/auth.decorators.js';
import { WindowCounter } from '../auth/rate-limiter.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { MatrixCatalogService, type ResolvedMatrix } from '../matrices/matrix-catalog.service.js';
import { EvaluationRecord } from './evaluation-record.entity.js';
import { EvaluationWriter } from './evaluation-writer.js';
import type { WorkloadDto } from './dto/workload.dto.js';
import type { EvaluateQueryDto, ListEvaluationsQueryDto } from './dto/evaluation-query.dto.js';

export type EvaluationView = { id?: string; createdAt?: string; workload: Workload } & Evaluation;
export type RecommendationCounts = Record<(typeof PLACEMENT_OPTIONS)[number] | 'none', number> & { total: number };

/** A stored record as the API shows it; a dry run's record was never stored, so it has no id. */
export function toView(record: EvaluationRecord, stored = true): EvaluationView {
  return stored ? { id: record.id, createdAt: record.createdAt, workload: record.workload, ...record.result } : { workload: record.workload, ...record.result };
}

@Injectable()
export class EvaluationsService {
  constructor(
    @InjectRepository(EvaluationRecord) private readonly records: Repository<EvaluationRecord>,
    private readonly writer: EvaluationWriter,
    private readonly catalog: MatrixCatalogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.stored = new WindowCounter(config.limits.storedEvaluationsPerKeyPerHour, 3_600_000);
  }

  private readonly stored: WindowCounter;

  /** A storage quota: one key cannot fill the disk, whatever its request rate. */
  private chargeStorage(key: AuthenticatedKey, records: number): void {
    const wait = this.stored.take(key.id, records);
    if (wait) {
      throw new AppError('STORAGE_QUOTA_EXCEEDED', `Key '${key.name}' may store ${this.config.limits.storedEvaluationsPerKeyPerHour} evaluations an hour; these ${records} would go over it. Retry after ${wait} s, or use dryRun=true.`, undefined, {
        retryAfter: wait,
      });
    }
  }

  async evaluateOne(input: WorkloadDto, query: EvaluateQueryDto, key: AuthenticatedKey): Promise<EvaluationView> {
    const resolved = await this.resolveMatrix(query, key);
    const record = this.decide(resolved, normalizeWorkload(input), key);
    if (!query.dryRun) {
      this.chargeStorage(key, 1);
      await this.writer.write([record]);
    }
    return toView(record, !query.dryRun);
  }

  async evaluateBatch(inputs: WorkloadDto[], query: EvaluateQueryDto, key: AuthenticatedKey): Promise<{ items: EvaluationView[]; summary: RecommendationCounts }> {
    const resolved = await this.resolveMatrix(query, key);
    const records = inputs.map((input) => this.decide(resolved, normalizeWorkload(input), key));
    // All or nothing: a portfolio review must not see half a batch.
    if (!query.dryRun) {
      this.chargeStorage(key, records.length);
      await this.writer.write(records);
    }
    const summary: RecommendationCounts = { container: 0, microvm: 0, vm: 0, hybrid: 0, none: 0, total: records.length };
    for (const r of records) summary[(r.recommendation as keyof RecommendationCounts | null) ?? 'none']++;
    return { items: records.map((r) => toView(r, !query.dryRun)), summary };
  }

  async get(id: string, key: AuthenticatedKey): Promise<EvaluationView> {
    return toView(await this.findVisible(id, key));
  }

  /** The stored decision as an architecture decision record (MADR) in Markdown. */
  async adr(id: string, key: AuthenticatedKey): Promise<string> {
    const record = await this.findVisible(id, key);
    return renderAdr({ id: record.id, createdAt: record.createdAt, workload: record.workload, evaluation: record.result });
  }

  async list(query: ListEvaluationsQueryDto, key: AuthenticatedKey): Promise<{ items: EvaluationView[]; nextCursor: string | null }> {
    const where: FindOptionsWhere<EvaluationRecord> = {};
    if (query.workload !== undefined) where.workloadName = query.workload;
    if (query.recommendation !== undefined) where.recommendation = query.recommendation;
    if (query.matrixVersion !== undefined) where.matrixVersion = query.matrixVersion;
    if (key.role !== 'admin') where.apiKeyId = key.id;
    const page = await pageByIdDesc(this.records, where, { limit: query.limit ?? 20, cursor: query.cursor });
    return { items: page.items.map((r) => toView(r)), nextCursor: page.nextCursor };
  }

  /** The stored input under another version, side by side with the stored answer. Stores nothing. */
  async replay(id: string, query: { matrixVersion?: string }, key: AuthenticatedKey): Promise<{ evaluationId: string; workload: Workload; before: Evaluation; after: Evaluation; changes: EvaluationComparison }> {
    const record = await this.findVisible(id, key);
    const { matrix } = await this.resolveMatrix({ matrixVersion: query.matrixVersion, dryRun: true }, key);
    const after = evaluate(matrix, record.workload);
    return { evaluationId: record.id, workload: record.workload, before: record.result, after, changes: compareEvaluations(record.result, after) };
  }

  /** A record the key may see: evaluators see their own, admins all. Others look absent. */
  async findVisible(id: string, key: AuthenticatedKey): Promise<EvaluationRecord> {
    const record = await this.records.findOneBy({ id });
    if (!record || (key.role !== 'admin' && record.apiKeyId !== key.id)) {
      throw new AppError('EVALUATION_NOT_FOUND', `No evaluation '${id}' is visible to this key.`);
    }
    return record;
  }

  /** Drafts can still change, so only an admin's dry run may use one: no stored record points at a moving target. */
  async resolveMatrix(query: EvaluateQueryDto, key: AuthenticatedKey): Promise<ResolvedMatrix> {
    const resolved = await this.catalog.resolve(query.matrixVersion);
    // To an evaluator a draft does not exist, exactly like an unknown version: not even its name leaks.
    if (resolved.row.status === 'draft' && key.role !== 'admin') {
      throw new AppError('MATRIX_VERSION_UNKNOWN', `Matrix version '${query.matrixVersion}' does not exist.`, [{ path: 'matrixVersion', message: `matrixVersion '${query.matrixVersion}' does not exist` }]);
    }
    if (resolved.row.status === 'draft' && !query.dryRun) {
      throw new AppError('MATRIX_DRAFT_NEEDS_DRY_RUN', `Matrix version '${resolved.row.version}' is a draft; only an admin may evaluate against it, and only with dryRun=true.`);
    }
    return resolved;
  }

  private decide({ memo }: ResolvedMatrix, workload: Workload, key: AuthenticatedKey): EvaluationRecord {
    const { evaluation: result } = memo.evaluate(workload);
    return Object.assign(new EvaluationRecord(), {
      id: uuidv7(),
      createdAt: new Date().toISOString(),
      workloadName: workload.name,
      workload,
      matrixVersion: result.matrix.version,
      matrixChecksum: result.matrix.checksum,
      recommendation: result.recommendation,
      result,
      apiKeyName: key.name,
      apiKeyId: key.id,
    });
  }
}
