import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { Transactions } from '../database/transactions.js';
import { Metrics } from '../observability/metrics.js';
import { EvaluationRecord } from './evaluation-record.entity.js';

interface PendingWrite {
  records: EvaluationRecord[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

const INSERT_CHUNK = 100;

/**
 * Group commit: the records of every request that arrives within one event-loop turn are
 * written in a single transaction, and each request is answered only after that commit.
 * A commit per request would cap throughput at the disk's sync rate; one per turn costs
 * almost nothing more (about 1,200 -> 2,200 requests/s over HTTP here; docs/performance.md).
 */
@Injectable()
export class EvaluationWriter {
  private pending: PendingWrite[] = [];
  /** Commits under way; a new group may start committing before the previous one has finished. */
  private readonly committing = new Set<Promise<void>>();

  constructor(
    private readonly transactions: Transactions,
    private readonly metrics: Metrics,
  ) {}

  /** Stores all of `records` or none of them; resolves once they are committed. */
  write(records: EvaluationRecord[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ records, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => void this.flush());
    });
  }

  /** Resolves once every write handed in so far is committed or has failed; shutdown waits here before the database closes. */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.committing.size > 0) {
      if (this.committing.size > 0) await Promise.allSettled([...this.committing]);
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private flush(): Promise<void> {
    const commit = this.commit().finally(() => this.committing.delete(commit));
    this.committing.add(commit);
    return commit;
  }

  private async commit(): Promise<void> {
    const group = this.pending;
    this.pending = [];
    try {
      await this.insert(group.flatMap((w) => w.records));
      for (const w of group) w.resolve();
    } catch {
      // One request's bad rows must not fail its neighbours: retry each request on its own,
      // which keeps every request all-or-nothing.
      for (const w of group) {
        try {
          await this.insert(w.records);
          w.resolve();
        } catch (error) {
          w.reject(error);
        }
      }
    }
  }

  private async insert(records: EvaluationRecord[]): Promise<void> {
    const stop = this.metrics.commitDuration.startTimer();
    await this.transactions.run(async (manager) => {
      for (let i = 0; i < records.length; i += INSERT_CHUNK) {
        // The stored result is a JSON column; TypeORM's deep-partial type cannot follow its open-ended parts (manifests).
        await manager.insert(EvaluationRecord, records.slice(i, i + INSERT_CHUNK) as QueryDeepPartialEntity<EvaluationRecord>[]);
      }
    });
    stop();
    this.metrics.commitBatchSize.observe(records.length);
  }
}
