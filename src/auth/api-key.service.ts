import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import type { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { AuthenticatedKey } from './auth.decorators.js';
import { StoredApiKey } from './api-key.entity.js';

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

@Injectable()
export class ApiKeyService implements OnApplicationBootstrap {
  private readonly logger = new Logger('ApiKeys');
  private keysByHash = new Map<string, AuthenticatedKey>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(StoredApiKey) private readonly stored: Repository<StoredApiKey>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const key of this.config.apiKeys) this.keysByHash.set(hash(key.secret), { name: key.name, role: key.role });
    let storedKeys = await this.stored.find();
    if (this.config.apiKeys.length === 0 && storedKeys.length === 0) {
      // A fresh install must still be protected: make one admin key and show it exactly once.
      const secret = `pk_${randomBytes(24).toString('base64url')}`;
      // Instances starting together on one empty database race here; only the winner's key is kept and shown.
      await this.stored.createQueryBuilder().insert().values({ name: 'bootstrap-admin', role: 'admin', secretHash: hash(secret), createdAt: new Date().toISOString() }).orIgnore().execute();
      storedKeys = await this.stored.find();
      if (storedKeys.some((k) => k.secretHash === hash(secret))) {
        this.logger.warn(`No API key configured. Created admin key 'bootstrap-admin'; it is shown once and only its hash is stored:\n\n    ${secret}\n`);
      }
    }
    for (const key of storedKeys) if (!this.config.apiKeys.some((k) => k.name === key.name)) this.keysByHash.set(key.secretHash, { name: key.name, role: key.role });
  }

  resolve(secret: string): AuthenticatedKey | undefined {
    return this.keysByHash.get(hash(secret));
  }
}
