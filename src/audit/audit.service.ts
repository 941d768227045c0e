import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { EntityManager, FindOptionsWhere, Repository } from 'typeorm';
import { pageByIdDesc, type CursorPage } from '../common/cursor-page.js';
import { AuditEntry, type AuditAction } from './audit-entry.entity.js';

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /** Written with the change it records, in the same transaction. */
  async record(manager: EntityManager, entry: { version: string; action: AuditAction; apiKeyName: string; apiKeyId?: string | null; checksum: string | null }): Promise<void> {
    await manager.insert(AuditEntry, { id: uuidv7(), createdAt: new Date().toISOString(), ...entry });
  }

  list(query: { version?: string; limit?: number; cursor?: string }): Promise<CursorPage<AuditEntry>> {
    const where: FindOptionsWhere<AuditEntry> = query.version === undefined ? {} : { version: query.version };
    return pageByIdDesc(this.entries, where, { limit: query.limit ?? 50, cursor: query.cursor });
  }
}
