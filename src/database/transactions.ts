import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs writes in transactions. better-sqlite3 gives TypeORM a single shared connection,
 * so two transactions open at once would nest as savepoints of each other and a rollback
 * of one could undo the other's committed work; on SQLite every write therefore queues
 * here. Postgres gets a connection per transaction and needs no queue.
 */
@Injectable()
export class Transactions {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialise: boolean;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serialise = dataSource.options.type === 'better-sqlite3';
  }

  /** Work done on the driver's connection itself (not through TypeORM), queued like a transaction on SQLite. */
  onConnection<T>(work: () => T | Promise<T>): Promise<T> {
    if (!this.serialise) return Promise.resolve().then(work);
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialise) return this.dataSource.transaction(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }
}
