import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig, type Role } from '../config/config.js';
import { AppError } from '../common/app-error.js';
import { Transactions } from '../database/transactions.js';
import type { AuthenticatedKey } from './auth.decorators.js';
import { StoredApiKey } from './api-key.entity.js';
import { ApiKeyStore, BOOTSTRAP_KEY_NAME, KeyNameTakenError, generateSecret, hashSecret, isUsable, plausibleSecret } from './api-key-store.js';

/**
 * How long a key lookup is trusted. Revocation on one replica must reach every other one
 * within about this long, without a database read on every request.
 */
export const KEY_CACHE_MS = 1000;
const LAST_USED_RESOLUTION_MS = 60_000;
const CACHE_LIMIT = 10_000;

@Injectable()
export class ApiKeyService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ApiKeys');
  private readonly store: ApiKeyStore;
  private readonly cache = new Map<string, { key: AuthenticatedKey | null; expiresAt: number | null; fetchedAt: number }>();
  private readonly lastTouched = new Map<string, number>();
  private readonly pendingTouches = new Set<Promise<unknown>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(StoredApiKey) repository: Repository<StoredApiKey>,
    private readonly transactions: Transactions,
  ) {
    this.store = new ApiKeyStore(repository);
  }

  async onApplicationBootstrap(): Promise<void> {
    let notes: string[];
    try {
      notes = await this.transactions.run((manager) => this.store.syncConfigured(manager, this.config.apiKeys));
    } catch (error) {
      // Another replica starting at the same moment synchronised first; its result stands.
      if (!isUniqueViolation(error)) throw error;
      notes = [];
    }
    for (const note of notes) this.logger.warn(note);
    if (this.config.apiKeys.length === 0 && !(await this.store.hasUsableKey())) await this.createBootstrapKey();
  }

  /**
   * A fresh install must still be protected. The secret goes to a file only the service's
   * user can read, never to the log: logs are shipped and kept, and LOG_LEVEL may hide it.
   */
  private async createBootstrapKey(): Promise<void> {
    const secret = generateSecret();
    try {
      await this.transactions.run((manager) => this.store.create(manager, { name: BOOTSTRAP_KEY_NAME, role: 'admin', source: 'bootstrap', createdBy: null }, secret));
    } catch (error) {
      // Instances starting together on one empty database race here; only the winner writes its key.
      if (error instanceof KeyNameTakenError || isUniqueViolation(error)) return;
      throw error;
    }
    const file = resolve(this.config.limits.bootstrapKeyFile);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    // error level: the operator needs this line even with LOG_LEVEL=error.
    this.logger.error(`No API key configured. Created admin key '${BOOTSTRAP_KEY_NAME}'; its secret is in ${file} (readable only by this user). Only its hash is stored.`);
  }

  /** The key a secret opens, or undefined. Looked up in the database, trusted for at most KEY_CACHE_MS. */
  async resolve(secret: string): Promise<AuthenticatedKey | undefined> {
    if (!plausibleSecret(secret)) return undefined;
    const hash = hashSecret(secret);
    const now = Date.now();
    let entry = this.cache.get(hash);
    if (!entry || now - entry.fetchedAt >= KEY_CACHE_MS) {
      const row = await this.store.findByHash(hash);
      const usable = row && isUsable(row) ? row : null;
      entry = { key: usable && { id: usable.id, name: usable.name, role: usable.role }, expiresAt: usable?.expiresAt ? Date.parse(usable.expiresAt) : null, fetchedAt: now };
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(hash, entry);
    }
    if (!entry.key || (entry.expiresAt !== null && entry.expiresAt <= now)) return undefined;
    this.noteUse(entry.key.id, now);
    return entry.key;
  }

  // Recording every request would be a write per read; a minute's resolution is enough to spot unused keys.
  private noteUse(id: string, now: number): void {
    if (now - (this.lastTouched.get(id) ?? 0) < LAST_USED_RESOLUTION_MS) return;
    this.lastTouched.set(id, now);
    const touch = this.transactions.run(() => this.store.touch(id, new Date(now).toISOString())).catch(() => this.lastTouched.delete(id));
    this.pendingTouches.add(touch);
    void touch.finally(() => this.pendingTouches.delete(touch));
  }

  /** The database closes after this: let last-used writes in flight finish first. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.pendingTouches]);
  }

  list(): Promise<StoredApiKey[]> {
    return this.store.list();
  }

  async create(input: { name: string; role: Role; expiresAt?: string }, by: AuthenticatedKey): Promise<{ row: StoredApiKey; secret: string }> {
    try {
      return await this.transactions.run((manager) => this.store.create(manager, { ...input, source: 'api', createdBy: by.name }));
    } catch (error) {
      if (error instanceof KeyNameTakenError || isUniqueViolation(error)) throw new AppError('API_KEY_EXISTS', `An active key named '${input.name}' exists; revoke it first or choose another name.`);
      throw error;
    }
  }

  async revoke(name: string): Promise<void> {
    const row = await this.transactions.run((manager) => this.store.revoke(manager, name));
    if (!row) throw new AppError('API_KEY_NOT_FOUND', `No active key is named '${name}'.`);
    // This replica forgets at once; the others within KEY_CACHE_MS.
    this.cache.clear();
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { driverError?: { code?: unknown }; code?: unknown })?.driverError?.code ?? (error as { code?: unknown })?.code;
  return code === '23505' || (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT'));
}
