import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { v7 as uuidv7 } from 'uuid';
import { LessThan, type EntityManager, type FindOptionsWhere, type Repository } from 'typeorm';
import { AuditEntry, type AuditAction } from './audit-entry.entity.js';

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /** Written with the change it records, in the same transaction. */
  async record(manager: EntityManager, entry: { version: string; action: AuditAction; apiKeyName: string; checksum: string | null }): Promise<void> {
    await manager.insert(AuditEntry, { id: uuidv7(), createdAt: new Date().toISOString(), ...entry });
  }

  async list(query: { version?: string; limit?: number; cursor?: string }): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const where: FindOptionsWhere<AuditEntry> = {};
    if (query.version !== undefined) where.version = query.version;
    if (query.cursor !== undefined) where.id = LessThan(query.cursor);
    const rows = await this.entries.find({ where, order: { id: 'DESC' }, take: limit + 1 });
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
  }
}
