import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { IsNull, type EntityManager, type Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { MAX_SECRET_LENGTH, type ConfiguredKey, type Role } from '../config/config.js';
import { StoredApiKey } from './api-key.entity.js';

export const KEY_NAME_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;
export const BOOTSTRAP_KEY_NAME = 'bootstrap-admin';

// One-shot: a Hash object per request was most of the 2.7% of CPU this took under load.
export const hashSecret = (secret: string): string => hash('sha256', secret, 'hex');

/** 256 random bits; the prefix lets secret scanners recognise a leaked key. */
export const generateSecret = (): string => `pk_${randomBytes(32).toString('base64url')}`;

/** Anything else cannot be a key; refusing it early keeps odd bytes away from hashing and logs. */
export const plausibleSecret = (secret: string): boolean => secret.length > 0 && secret.length <= MAX_SECRET_LENGTH && /^[\x21-\x7e]+$/.test(secret);

export class KeyNameTakenError extends Error {}

export const isUsable = (row: StoredApiKey, now = new Date()): boolean => row.revokedAt === null && row.secretHash !== null && (row.expiresAt === null || Date.parse(row.expiresAt) > now.getTime());

/**
 * Reads and writes API keys. Plain TypeORM, no Nest: the service and the key CLI (run on
 * the server to replace a lost admin key) share it.
 */
export class ApiKeyStore {
  constructor(private readonly repository: Repository<StoredApiKey>) {}

  /** The key whose secret hashes to `hash`, compared in constant time once found by its index. */
  async findByHash(hash: string): Promise<StoredApiKey | null> {
    const row = await this.repository.findOneBy({ secretHash: hash });
    if (!row?.secretHash) return null;
    return timingSafeEqual(Buffer.from(row.secretHash, 'hex'), Buffer.from(hash, 'hex')) ? row : null;
  }

  list(): Promise<StoredApiKey[]> {
    return this.repository.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  activeByName(name: string, manager: EntityManager = this.repository.manager): Promise<StoredApiKey | null> {
    return manager.findOneBy(StoredApiKey, { name, revokedAt: IsNull() });
  }

  /** A new key with a generated secret; the secret is returned once and never stored. */
  async create(manager: EntityManager, input: { name: string; role: Role; expiresAt?: string | null; source: StoredApiKey['source']; createdBy: string | null }, secret = generateSecret()): Promise<{ row: StoredApiKey; secret: string }> {
    if (await this.activeByName(input.name, manager)) throw new KeyNameTakenError(`An active key named '${input.name}' exists; revoke it first or choose another name.`);
    const row = Object.assign(new StoredApiKey(), {
      id: uuidv7(),
      name: input.name,
      role: input.role,
      secretHash: hashSecret(secret),
      source: input.source,
      createdAt: new Date().toISOString(),
      createdBy: input.createdBy,
      expiresAt: input.expiresAt ?? null,
      revokedAt: null,
      lastUsedAt: null,
    });
    await manager.insert(StoredApiKey, row);
    return { row, secret };
  }

  /** Revokes the active key of that name; null when there is none. */
  async revoke(manager: EntityManager, name: string): Promise<StoredApiKey | null> {
    const row = await this.activeByName(name, manager);
    if (!row) return null;
    row.revokedAt = new Date().toISOString();
    await manager.update(StoredApiKey, { id: row.id, revokedAt: IsNull() }, { revokedAt: row.revokedAt });
    return row;
  }

  touch(id: string, at: string): Promise<unknown> {
    return this.repository.update({ id }, { lastUsedAt: at });
  }

  /**
   * Brings the table in line with API_KEYS: each configured secret has an active row; a
   * configured name whose secret changed gets a new row (new id, so no records carry over)
   * and the old one is revoked; config rows no longer configured are revoked. A revoked
   * secret stays revoked even when API_KEYS still lists it. Returns what to tell the operator.
   */
  async syncConfigured(manager: EntityManager, configured: ConfiguredKey[]): Promise<string[]> {
    const notes: string[] = [];
    const now = new Date().toISOString();
    const hashes = new Set<string>();
    for (const key of configured) {
      const hash = hashSecret(key.secret);
      hashes.add(hash);
      const existing = await manager.findOneBy(StoredApiKey, { secretHash: hash });
      if (existing) {
        if (existing.revokedAt) notes.push(`API_KEYS lists key '${key.name}', which was revoked at ${existing.revokedAt}; it stays revoked. Give it a new secret.`);
        else if (existing.role !== key.role) await manager.update(StoredApiKey, { id: existing.id }, { role: key.role });
        continue;
      }
      const active = await this.activeByName(key.name, manager);
      if (active?.source === 'legacy' && active.secretHash === null) {
        // Records made before keys had ids were filed under this name; its configured key takes them over once.
        await manager.update(StoredApiKey, { id: active.id }, { secretHash: hash, role: key.role, source: 'config' });
        continue;
      }
      if (active && active.source !== 'config') throw new KeyNameTakenError(`API_KEYS names '${key.name}', but an active key of that name was created with the key API or CLI; revoke it or rename the configured key.`);
      if (active) {
        await manager.update(StoredApiKey, { id: active.id }, { revokedAt: now });
        notes.push(`The secret of configured key '${key.name}' changed; the old one is revoked and the new one starts with no records.`);
      }
      await this.create(manager, { name: key.name, role: key.role, source: 'config', createdBy: null }, key.secret);
    }
    for (const row of await manager.findBy(StoredApiKey, { source: 'config', revokedAt: IsNull() })) {
      if (row.secretHash && !hashes.has(row.secretHash)) {
        await manager.update(StoredApiKey, { id: row.id }, { revokedAt: now });
        notes.push(`Key '${row.name}' is no longer in API_KEYS and has been revoked.`);
      }
    }
    if (configured.some((k) => k.role === 'admin')) {
      const bootstrap = await manager.findOneBy(StoredApiKey, { source: 'bootstrap', revokedAt: IsNull() });
      if (bootstrap) {
        await manager.update(StoredApiKey, { id: bootstrap.id }, { revokedAt: now });
        notes.push(`API_KEYS configures an admin key, so the first-start key '${bootstrap.name}' has been revoked.`);
      }
    }
    return notes;
  }

  async hasUsableKey(): Promise<boolean> {
    return (await this.repository.findBy({ revokedAt: IsNull() })).some((row) => isUsable(row));
  }
}
