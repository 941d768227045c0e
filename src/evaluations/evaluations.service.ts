import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import type { PreSerialized } from '../common/pre-serialized.js';
import { DECISIONS, type WithDecisions } from '../observability/evaluation-telemetry.js';
import { compareChecklists, compareEvaluations, evaluate, normalizeWorkload, PLACEMENT_OPTIONS, renderAdr, type ChecklistComparison, type Evaluation, type EvaluationComparison, type Workload } from '../engine/index.js';
import type { AuthenticatedKey } from '../auth/auth.decorators.js';
import { WindowCounter } from '../auth/rate-limiter.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { MatrixCatalogService, type ResolvedMatrix } from '../matrices/matrix-catalog.service.js';
import { newEvaluationId } from './evaluation-ids.js';
import { EvaluationStore } from './evaluation-store.js';
import { EvaluationWriter, type NewEvaluation } from './evaluation-writer.js';
import { decisionJson, summaryJson } from './evaluation-summary.js';
import { answerPieces } from './stored-response.js';
import type { WorkloadDto } from './dto/workload.dto.js';
import type { EvaluateQueryDto, ListEvaluationsQueryDto } from './dto/evaluation-query.dto.js';

export type EvaluationView = { id?: string; createdAt?: string; workload: Workload } & Evaluation;
export type RecommendationCounts = Record<(typeof PLACEMENT_OPTIONS)[number] | 'none', number> & { total: number };

/** `full`: the whole answer; `minimal` (Prefer: return=minimal): the decision and the record's id. Either way the full answer is stored. */
export type AnswerView = 'full' | 'minimal';

/** An answer as the bytes sent (for a full answer, exactly what is stored), with what it decided (for telemetry). */
export interface EvaluationAnswer extends PreSerialized, WithDecisions {
  id?: string;
}

const COMMA = Buffer.from(',');
/** `{"<key>":[items...],` + tail, in pieces, from items that are JSON already (whole, or in pieces). */
function jsonList(key: string, items: (Uint8Array | readonly Uint8Array[])[], tail: string): Uint8Array[] {
  const parts: Uint8Array[] = [Buffer.from(`{"${key}":[`)];
  items.forEach((item, i) => {
    if (i > 0) parts.push(COMMA);
    if (item instanceof Uint8Array) parts.push(item);
    else parts.push(...item);
  });
  parts.push(Buffer.from(`],${tail}}`));
  return parts;
}

@Injectable()
export class EvaluationsService {
  constructor(
    private readonly store: EvaluationStore,
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

  async evaluateOne(input: WorkloadDto, query: EvaluateQueryDto, key: AuthenticatedKey, view: AnswerView = 'full'): Promise<EvaluationAnswer> {
    const resolved = await this.resolveMatrix(query, key);
    const record = this.decide(resolved, normalizeWorkload(input), key, !query.dryRun);
    if (!query.dryRun) {
      this.chargeStorage(key, 1);
      await this.writer.write([record]);
    }
    return { id: query.dryRun ? undefined : record.id, body: view === 'minimal' ? record.minimal() : Buffer.concat(record.answer()), [DECISIONS]: [record] };
  }

  async evaluateBatch(inputs: WorkloadDto[], query: EvaluateQueryDto, key: AuthenticatedKey, view: AnswerView = 'full'): Promise<EvaluationAnswer> {
    const resolved = await this.resolveMatrix(query, key);
    const records = inputs.map((input) => this.decide(resolved, normalizeWorkload(input), key, !query.dryRun));
    // All or nothing: a portfolio review must not see half a batch.
    let written: Promise<void> | undefined;
    if (!query.dryRun) {
      this.chargeStorage(key, records.length);
      written = this.writer.write(records);
      // Awaited below; a commit failing during the wait must not count as an unhandled rejection.
      written.catch(() => undefined);
      // One turn of the event loop lets the writer hand the records to its commit (on SQLite,
      // to its thread), so the answer below is gathered while they are inserted and synced.
      // It is sent only after the commit, as before.
      await new Promise(setImmediate);
    }
    const summary: RecommendationCounts = { container: 0, microvm: 0, vm: 0, hybrid: 0, none: 0, total: records.length };
    for (const r of records) summary[(r.recommendation as keyof RecommendationCounts | null) ?? 'none']++;
    // In pieces, handed to the socket as it takes them, never joined (12 MB for 1,000 full answers).
    const body = jsonList(
      'items',
      records.map((r) => (view === 'minimal' ? r.minimal() : r.answer())),
      `"summary":${JSON.stringify(summary)}`,
    );
    await written;
    return { body, [DECISIONS]: records };
  }

  /** The stored answer, byte for byte as it was first sent. */
  async get(id: string, key: AuthenticatedKey): Promise<PreSerialized> {
    return { body: await this.findVisible(id, key) };
  }

  /** The stored decision as an architecture decision record (MADR) in Markdown. */
  async adr(id: string, key: AuthenticatedKey): Promise<string> {
    const { workload, id: _id, createdAt, ...evaluation } = JSON.parse((await this.findVisible(id, key)).toString('utf8')) as Required<EvaluationView>;
    return renderAdr({ id, createdAt, workload, evaluation });
  }

  async list(query: ListEvaluationsQueryDto, key: AuthenticatedKey, view: AnswerView = 'full'): Promise<PreSerialized> {
    const limit = query.limit ?? 20;
    const filter = { workloadName: query.workload, recommendation: query.recommendation, matrixVersion: query.matrixVersion, apiKeyId: key.role === 'admin' ? undefined : key.id };
    const page = async <T extends { id: string }>(rows: T[], bodies: (items: T[]) => Promise<(Uint8Array | Uint8Array[])[]>): Promise<PreSerialized> => {
      const items = rows.slice(0, limit);
      const nextCursor = rows.length > limit ? items[items.length - 1].id : null;
      return { body: jsonList('items', await bodies(items), `"nextCursor":${JSON.stringify(nextCursor)}`) };
    };
    if (view === 'minimal') return page(await this.store.decisionPage(filter, limit + 1, query.cursor), (items) => this.store.summaries(items));
    // A page of 20 answers (240 KB) is streamed from the answers' pieces, as a batch's is.
    return page(await this.store.page(filter, limit + 1, query.cursor), (items) => this.store.answerPieces(items));
  }

  /** The stored input under another version, side by side with the stored answer. Stores nothing. */
  async replay(id: string, query: { matrixVersion?: string }, key: AuthenticatedKey): Promise<{ evaluationId: string; workload: Workload; before: Evaluation; after: Evaluation; changes: EvaluationComparison & { hardening: ChecklistComparison } }> {
    const { workload, id: _id, createdAt: _createdAt, ...before } = JSON.parse((await this.findVisible(id, key)).toString('utf8')) as Required<EvaluationView>;
    const { matrix } = await this.resolveMatrix({ matrixVersion: query.matrixVersion, dryRun: true }, key);
    const after = evaluate(matrix, workload);
    return { evaluationId: id, workload, before, after, changes: { ...compareEvaluations(before, after), hardening: compareChecklists(before.hardening, after.hardening) } };
  }

  /** The stored answer's bytes, if the key may see it: evaluators see their own, admins all. Others look absent. */
  private async findVisible(id: string, key: AuthenticatedKey): Promise<Buffer> {
    const row = await this.store.findBody(id);
    if (!row || (key.role !== 'admin' && row.apiKeyId !== key.id)) {
      throw new AppError('EVALUATION_NOT_FOUND', `No evaluation '${id}' is visible to this key.`);
    }
    const [answer] = await this.store.answers([row]);
    return answer;
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

  private decide({ memo }: ResolvedMatrix, workload: Workload, key: AuthenticatedKey, stored: boolean): NewEvaluation & { answer: () => Uint8Array[]; minimal: () => Buffer } {
    // The workload's JSON once (the memo makes it for its key): the answer and the record's workload column are the same text.
    const { headline, utf8, workloadJson } = memo.evaluate(workload);
    // A dry run makes no record, so it needs no id.
    const id = stored ? newEvaluationId() : '';
    const createdAt = new Date().toISOString();
    return {
      id,
      createdAt,
      workloadName: workload.name,
      workloadJson,
      matrixVersion: headline.matrix.version,
      matrixChecksum: headline.matrix.checksum,
      recommendation: headline.recommendation,
      apiKeyName: key.name,
      apiKeyId: key.id,
      evaluation: utf8,
      answer: () => answerPieces(stored ? { id, createdAt } : undefined, workloadJson, utf8),
      // Built only for callers that asked for it (Prefer: return=minimal).
      minimal: () => summaryJson(stored ? { id, createdAt } : undefined, workload.name, decisionJson(headline)),
    };
  }
}
