import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedKey } from '../auth/auth.decorators.js';
import { AppError } from '../common/app-error.js';
import { assertReachableName } from '../common/reserved-names.js';
import { Transactions } from '../database/transactions.js';
import { diffMatrices, loadMatrix, runExamples, type MatrixDiff } from '../engine/index.js';
import { MatrixCatalogService } from './matrix-catalog.service.js';
import { MatrixVersion } from './matrix-version.entity.js';

/**
 * A strong validator that changes with every write to a draft. A published version's
 * document never changes, but its status, active flag and updatedAt do, and a cached copy
 * must not outlive them (If-None-Match); a draft's change only with its revision.
 */
export const etagOf = (row: MatrixVersion) =>
  row.status === 'draft' ? `"r${row.revision}-${row.checksum.slice(0, 16)}"` : `"r${row.revision}-${row.checksum.slice(0, 16)}-${row.status}-${row.active ? 'active' : 'inactive'}-${Date.parse(row.updatedAt).toString(36)}"`;

function matches(ifMatch: string, row: MatrixVersion): boolean {
  const current = etagOf(row);
  return ifMatch
    .split(',')
    .map((t) => t.trim())
    .some((tag) => tag === '*' || tag === current);
}

/** Words a route under /v1/matrices/ already uses as its own segment. */
export const RESERVED_MATRIX_VERSIONS = ['active'] as const;

/**
 * Draft -> published -> (active) -> deprecated. Every write is one transaction holding
 * the change and its audit entry; state changes are conditional updates, so two racing
 * requests cannot both win.
 */
@Injectable()
export class MatrixLifecycleService {
  constructor(
    private readonly catalog: MatrixCatalogService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  async create(document: unknown, key: AuthenticatedKey): Promise<MatrixVersion> {
    // Checked for new versions only: a stored one keeps loading whatever its name.
    assertReachableName('version', (document as { version?: unknown } | null)?.version, RESERVED_MATRIX_VERSIONS);
    const matrix = loadMatrix(document); // the engine's own validation; its error lists every problem (422)
    const now = new Date().toISOString();
    const row = Object.assign(new MatrixVersion(), {
      version: matrix.version,
      status: 'draft',
      checksum: matrix.checksum,
      document: matrix.document,
      active: false,
      revision: 1,
      createdAt: now,
      updatedAt: now,
      publishedAt: null,
      createdBy: key.name,
    });
    return this.write(async (manager) => {
      if (await manager.existsBy(MatrixVersion, { version: matrix.version })) {
        throw new AppError('MATRIX_VERSION_EXISTS', `Matrix version '${matrix.version}' already exists; versions are never reused. Name the new document's version differently.`);
      }
      await manager.insert(MatrixVersion, row as QueryDeepPartialEntity<MatrixVersion>);
      await this.audit.record(manager, { version: row.version, action: 'create', apiKeyName: key.name, apiKeyId: key.id, checksum: row.checksum });
      return row;
    });
  }

  async replace(version: string, document: unknown, ifMatch: string | undefined, key: AuthenticatedKey): Promise<MatrixVersion> {
    const matrix = loadMatrix(document); // the engine's own validation; its error lists every problem (422)
    if (matrix.version !== version) {
      throw new AppError('MATRIX_VERSION_MISMATCH', `The document names version '${matrix.version}' but the URL names '${version}'.`, [{ path: 'version', message: `must be '${version}'` }]);
    }
    return this.write(async (manager) => {
      const row = await this.draftForWrite(manager, version, ifMatch);
      const now = new Date().toISOString();
      const result = await manager
        .createQueryBuilder()
        .update(MatrixVersion)
        .set({ document: matrix.document as never, checksum: matrix.checksum, revision: row.revision + 1, updatedAt: now })
        .where('version = :version AND status = :status AND revision = :revision', { version, status: 'draft', revision: row.revision })
        .execute();
      if (result.affected !== 1) throw new AppError('PRECONDITION_FAILED', `Draft '${version}' changed while this update was being applied.`);
      await this.audit.record(manager, { version, action: 'update', apiKeyName: key.name, apiKeyId: key.id, checksum: matrix.checksum });
      this.catalog.forget(version);
      return Object.assign(row, { document: matrix.document, checksum: matrix.checksum, revision: row.revision + 1, updatedAt: now });
    });
  }

  async remove(version: string, ifMatch: string | undefined, key: AuthenticatedKey): Promise<void> {
    await this.write(async (manager) => {
      const row = await this.draftForWrite(manager, version, ifMatch, { ifMatchRequired: false });
      const result = await manager.delete(MatrixVersion, { version, status: 'draft', revision: row.revision });
      if (result.affected !== 1) throw new AppError('PRECONDITION_FAILED', `Draft '${version}' changed while it was being deleted.`);
      await this.audit.record(manager, { version, action: 'delete', apiKeyName: key.name, apiKeyId: key.id, checksum: row.checksum });
      this.catalog.forget(version);
    });
  }

  /** Publishes only a draft whose own examples all pass. */
  async publish(version: string, key: AuthenticatedKey): Promise<MatrixVersion> {
    const draft = await this.catalog.get(version);
    if (draft.status !== 'draft') throw new AppError('MATRIX_NOT_DRAFT', `Matrix version '${version}' is already ${draft.status}.`);
    const outcomes = runExamples(this.catalog.compile(draft));
    const failures = outcomes.filter((o) => !o.passed);
    if (failures.length > 0) {
      throw new AppError(
        'MATRIX_EXAMPLES_FAILED',
        `${failures.length} of ${outcomes.length} examples do not give their expected recommendation: ${failures.map((f) => `${f.id} expected ${f.expected}, got ${f.got ?? 'nothing'}`).join('; ')}.`,
        failures.map((f) => ({ path: `examples[${draft.document.examples.findIndex((e) => e.id === f.id)}].expected`, message: `${f.id}: expected ${f.expected}, got ${f.got ?? 'no recommendation'}` })),
        { failures: failures.map(({ id, description, expected, got }) => ({ id, description, expected, got })) },
      );
    }
    return this.write(async (manager) => {
      const now = new Date().toISOString();
      // Conditional on the revision that passed its examples: an edit in between, or a
      // second publish racing this one, changes nothing and is told so.
      const result = await manager
        .createQueryBuilder()
        .update(MatrixVersion)
        .set({ status: 'published', publishedAt: now, updatedAt: now })
        .where('version = :version AND status = :status AND revision = :revision', { version, status: 'draft', revision: draft.revision })
        .execute();
      if (result.affected !== 1) throw new AppError('MATRIX_NOT_DRAFT', `Matrix version '${version}' was published or changed by another request.`);
      await this.audit.record(manager, { version, action: 'publish', apiKeyName: key.name, apiKeyId: key.id, checksum: draft.checksum });
      return Object.assign(draft, { status: 'published', publishedAt: now, updatedAt: now });
    });
  }

  /** Makes a published version the default; activating an older one is the rollback. */
  async activate(version: string, key: AuthenticatedKey): Promise<MatrixVersion> {
    return this.write(async (manager) => {
      const row = await manager.findOneBy(MatrixVersion, { version });
      if (!row) throw new AppError('MATRIX_NOT_FOUND', `Matrix version '${version}' does not exist.`);
      if (row.status !== 'published') throw new AppError('MATRIX_NOT_PUBLISHED', `Only a published version can be active; '${version}' is ${row.status}.`);
      const now = new Date().toISOString();
      await manager.update(MatrixVersion, { active: true }, { active: false });
      await manager.update(MatrixVersion, { version, status: 'published' }, { active: true, updatedAt: now });
      await this.audit.record(manager, { version, action: 'activate', apiKeyName: key.name, apiKeyId: key.id, checksum: row.checksum });
      return Object.assign(row, { active: true, updatedAt: now });
    });
  }

  /** Still usable when pinned, never the default. */
  async deprecate(version: string, key: AuthenticatedKey): Promise<MatrixVersion> {
    return this.write(async (manager) => {
      const row = await manager.findOneBy(MatrixVersion, { version });
      if (!row) throw new AppError('MATRIX_NOT_FOUND', `Matrix version '${version}' does not exist.`);
      if (row.status !== 'published') throw new AppError('MATRIX_NOT_PUBLISHED', `Only a published version can be deprecated; '${version}' is ${row.status}.`);
      if (row.active) throw new AppError('MATRIX_ACTIVE', `'${version}' is the active version; activate another one before deprecating it.`);
      const now = new Date().toISOString();
      await manager.update(MatrixVersion, { version, status: 'published' }, { status: 'deprecated', updatedAt: now });
      await this.audit.record(manager, { version, action: 'deprecate', apiKeyName: key.name, apiKeyId: key.id, checksum: row.checksum });
      return Object.assign(row, { status: 'deprecated', updatedAt: now });
    });
  }

  async diff(from: string, to: string, key: AuthenticatedKey): Promise<MatrixDiff> {
    const [a, b] = await Promise.all([this.catalog.get(from, key), this.catalog.get(to, key)]);
    return diffMatrices(a.document, b.document);
  }

  /**
   * A write to matrix versions: one transaction that also tells other instances, and this
   * instance's catalog is told once it has committed, so no request caches the old state
   * under the new generation.
   */
  private write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.transactions
      .run(async (manager) => {
        const result = await work(manager);
        await this.catalog.changes.announce(manager);
        return result;
      })
      .finally(() => this.catalog.changes.changed());
  }

  private async draftForWrite(manager: EntityManager, version: string, ifMatch: string | undefined, { ifMatchRequired = true } = {}): Promise<MatrixVersion> {
    const row = await manager.findOneBy(MatrixVersion, { version });
    if (!row) throw new AppError('MATRIX_NOT_FOUND', `Matrix version '${version}' does not exist.`);
    if (row.status !== 'draft') throw new AppError('MATRIX_NOT_DRAFT', `Matrix version '${version}' is ${row.status}; published versions never change. Create a new version instead.`);
    if (ifMatch === undefined) {
      if (ifMatchRequired) throw new AppError('PRECONDITION_REQUIRED', `Send If-Match with the ETag of draft '${version}' (GET it first) so that concurrent edits cannot overwrite each other.`);
      return row;
    }
    if (!matches(ifMatch, row)) throw new AppError('PRECONDITION_FAILED', `Draft '${version}' is now at ${etagOf(row)}; re-read it and apply your change again.`);
    return row;
  }
}
