import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import type { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { AuthenticatedKey } from './auth.decorators.js';
import { StoredApiKey } from './api-key.entity.js';

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * Keys stored in the database are re-read at most this long after a change, so a key
 * added or removed through one replica (or by hand in SQL) reaches every replica within
 * a second, without a query per request.
 */
export const STORED_KEYS_TTL_MS = 1000;

@Injectable()
export class ApiKeyService implements OnApplicationBootstrap {
  private readonly logger = new Logger('ApiKeys');
  /** From API_KEYS: configuration, the same on every replica, changed by a restart. */
  private readonly configured = new Map<string, AuthenticatedKey>();
  private storedCache?: { loadedAt: number; keys: Promise<Map<string, AuthenticatedKey>> };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(StoredApiKey) private readonly stored: Repository<StoredApiKey>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const key of this.config.apiKeys) this.configured.set(hash(key.secret), { name: key.name, role: key.role });
    if (this.config.apiKeys.length === 0 && (await this.stored.count()) === 0) {
      // A fresh install must still be protected: make one admin key and show it exactly once.
      const secret = `pk_${randomBytes(24).toString('base64url')}`;
      // Instances starting together on one empty database race here; only the winner's key is kept and shown.
      await this.stored
        .createQueryBuilder()
        .insert()
        .values({ name: 'bootstrap-admin', role: 'admin', secretHash: hash(secret), createdAt: new Date().toISOString() })
        .orIgnore()
        .execute();
      if (await this.stored.existsBy({ secretHash: hash(secret) })) {
        this.logger.warn(`No API key configured. Created admin key 'bootstrap-admin'; it is shown once and only its hash is stored:\n\n    ${secret}\n`);
      }
    }
  }

  async resolve(secret: string): Promise<AuthenticatedKey | undefined> {
    const digest = hash(secret);
    return this.configured.get(digest) ?? (await this.storedKeys()).get(digest);
  }

  private storedKeys(): Promise<Map<string, AuthenticatedKey>> {
    if (this.storedCache && Date.now() - this.storedCache.loadedAt < STORED_KEYS_TTL_MS) return this.storedCache.keys;
    const keys = this.stored.find().then((rows) => {
      const byHash = new Map<string, AuthenticatedKey>();
      // A configured key wins over a stored key of the same name.
      for (const row of rows) if (!this.config.apiKeys.some((k) => k.name === row.name)) byHash.set(row.secretHash, { name: row.name, role: row.role });
      return byHash;
    });
    const entry = { loadedAt: Date.now(), keys };
    this.storedCache = entry;
    // A failed read is not cached: the next request asks the database again.
    keys.catch(() => {
      if (this.storedCache === entry) this.storedCache = undefined;
    });
    return keys;
  }
}
