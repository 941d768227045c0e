import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { createEvaluationMemo, loadMatrix, type EvaluationMemo, type LoadedMatrix } from '../engine/index.js';
import { AppError } from '../common/app-error.js';
import type { AuthenticatedKey } from '../auth/auth.decorators.js';
import { MatrixChangeFeed } from './matrix-change-feed.js';
import { MatrixVersion } from './matrix-version.entity.js';
import { DEFAULT_MATRIX_VERSION, SHIPPED_MATRIX_VERSIONS, readShippedMatrix } from './shipped-matrices.js';

const VERSION_ORDER = new Intl.Collator('en', { numeric: true });

/**
 * Newest first. Shipped versions are stored at start-up in no useful order (the default first, and
 * a database may have gained 2026.20 long after 2026.1), so their time says nothing: they come in
 * descending version order (numeric: 2026.10 above 2026.9), before every version created over the
 * API, which are newest first by creation time (then by version, descending).
 */
const SHIPPED = new Set<string>(SHIPPED_MATRIX_VERSIONS);
const isShipped = (row: Pick<MatrixVersion, 'version' | 'createdBy'>) => row.createdBy === 'system' && SHIPPED.has(row.version);
export function newestFirst(a: Pick<MatrixVersion, 'version' | 'createdAt' | 'createdBy'>, b: Pick<MatrixVersion, 'version' | 'createdAt' | 'createdBy'>): number {
  if (isShipped(a) !== isShipped(b)) return isShipped(a) ? 1 : -1;
  if (!isShipped(a) && a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return VERSION_ORDER.compare(b.version, a.version);
}

const cacheKey = (row: Pick<MatrixVersion, 'revision' | 'checksum'>) => `${row.revision}:${row.checksum}`;

export interface ResolvedMatrix {
  /** The version's metadata; the document itself lives in `matrix`. */
  row: Omit<MatrixVersion, 'document'>;
  matrix: LoadedMatrix;
  /** Remembers this version's recent answers (see createEvaluationMemo). */
  memo: EvaluationMemo;
}

/** Distinct workloads whose answers each compiled version remembers: about 20 KB each. */
const MEMO_CAPACITY = 1000;

/**
 * Reads matrix versions and keeps each one's compiled form, so an evaluation costs a
 * lookup, not a parse. Drafts are cached by revision, so an edit is never served stale.
 */
@Injectable()
export class MatrixCatalogService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Matrices');
  private readonly compiled = new Map<string, { key: string; matrix: LoadedMatrix; memo: EvaluationMemo }>();
  /** Resolved versions by name ('' for the active one), valid while the change feed's generation stands. */
  private readonly resolved = new Map<string, { generation: number; resolved: ResolvedMatrix }>();

  constructor(
    @InjectRepository(MatrixVersion) private readonly versions: Repository<MatrixVersion>,
    readonly changes: MatrixChangeFeed,
  ) {}

  /**
   * Every shipped version is stored as published if it is missing, so 2026.1 stays replayable
   * next to newer ones. Only an empty database gets the default made active: on an existing
   * one, activating a newly shipped version is an admin's decision (its impact can be checked first).
   */
  async onApplicationBootstrap(): Promise<void> {
    const empty = (await this.versions.count()) === 0;
    // The default goes in first: an instance that finds the table non-empty then also finds it active.
    for (const version of [DEFAULT_MATRIX_VERSION, ...SHIPPED_MATRIX_VERSIONS.filter((v) => v !== DEFAULT_MATRIX_VERSION)]) {
      const matrix = loadMatrix(readShippedMatrix(version));
      const now = new Date().toISOString();
      // Several instances may start on one empty database; whichever inserts first wins.
      await this.versions
        .createQueryBuilder()
        .insert()
        .values(
          Object.assign(new MatrixVersion(), {
            version: matrix.version,
            status: 'published',
            checksum: matrix.checksum,
            document: matrix.document,
            active: empty && version === DEFAULT_MATRIX_VERSION,
            revision: 1,
            createdAt: now,
            updatedAt: now,
            publishedAt: now,
            createdBy: 'system',
          }) as QueryDeepPartialEntity<MatrixVersion>,
        )
        .orIgnore()
        .execute();
    }
    const active = await this.versions.findOne({ select: { version: true }, where: { active: true } });
    this.logger.log(`Shipped matrices ${SHIPPED_MATRIX_VERSIONS.join(', ')} are stored; the active version is ${active?.version ?? 'none'}.`);
  }

  /** Evaluators see published and deprecated versions; drafts are an admin's work in progress. */
  async list(key?: AuthenticatedKey): Promise<MatrixVersion[]> {
    const rows = (await this.versions.find()).sort(newestFirst);
    return key?.role === 'admin' ? rows : rows.filter((r) => r.status !== 'draft');
  }

  async find(version: string): Promise<MatrixVersion | null> {
    return this.versions.findOneBy({ version });
  }

  async get(version: string, key?: AuthenticatedKey): Promise<MatrixVersion> {
    const row = await this.find(version);
    if (!row || (key && key.role !== 'admin' && row.status === 'draft')) throw new AppError('MATRIX_NOT_FOUND', `Matrix version '${version}' does not exist.`);
    return row;
  }

  async getActive(): Promise<MatrixVersion> {
    const row = await this.versions.findOneBy({ active: true });
    if (!row) throw new AppError('NO_ACTIVE_MATRIX', 'No matrix version is active; an admin must activate a published version.');
    return row;
  }

  /**
   * The active version, or a pinned one; a pinned unknown version is the caller's mistake
   * (422). Served from memory while no version has changed anywhere (MatrixChangeFeed);
   * otherwise the row's metadata is read, and the document is fetched and compiled once
   * per revision.
   */
  async resolve(version?: string): Promise<ResolvedMatrix> {
    // Taken before the read: a change committed during the read makes this entry stale at once.
    const generation = this.changes.current();
    const cached = this.resolved.get(version ?? '');
    if (cached?.generation === generation) return cached.resolved;
    const select = { version: true, status: true, checksum: true, revision: true, active: true, createdAt: true, updatedAt: true, publishedAt: true, createdBy: true } as const;
    const row = await this.versions.findOne({ select, where: version === undefined ? { active: true } : { version } });
    if (!row && version === undefined) throw new AppError('NO_ACTIVE_MATRIX', 'No matrix version is active; an admin must activate a published version.');
    if (!row) throw new AppError('MATRIX_VERSION_UNKNOWN', `Matrix version '${version}' does not exist.`, [{ path: 'matrixVersion', message: `matrixVersion '${version}' does not exist` }]);
    const entry = this.compiled.get(row.version);
    const { matrix, memo } = entry?.key === cacheKey(row) ? entry : this.compileEntry(await this.get(row.version));
    const resolved = { row, matrix, memo };
    this.resolved.set(version ?? '', { generation, resolved });
    return resolved;
  }

  compile(row: MatrixVersion): LoadedMatrix {
    return this.compileEntry(row).matrix;
  }

  /** The compiled version with its memo, made once per revision. */
  private compileEntry(row: MatrixVersion): { matrix: LoadedMatrix; memo: EvaluationMemo } {
    const key = cacheKey(row);
    const cached = this.compiled.get(row.version);
    if (cached?.key === key) return cached;
    const matrix = loadMatrix(row.document);
    const entry = { key, matrix, memo: createEvaluationMemo(matrix, MEMO_CAPACITY) };
    this.compiled.set(row.version, entry);
    return entry;
  }

  forget(version: string): void {
    this.compiled.delete(version);
  }
}
