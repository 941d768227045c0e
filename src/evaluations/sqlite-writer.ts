import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import { AppError } from '../common/app-error.js';

/** What the writer thread opens and prepares (the statements are the store's, so there is one text of each). */
export interface SqliteWriterSetup {
  file: string;
  pragmas: string[];
  insertEvaluation: string;
  insertTemplate: string;
}

type Reply = { id: number; ok: true; value?: unknown } | { id: number; ok: false; message: string; code?: string };

/** A failure as the writer thread's driver reported it, its `code` kept: the problem filter maps it as it would one raised in process. */
class SqliteWriteError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SqliteError';
  }
}

/** Built, the thread is a `.js` next to this file; under Jest only its `.ts` source exists, which Node runs by stripping its types. */
function threadFile(): string {
  const built = new URL('./sqlite-writer-thread.js', import.meta.url);
  return fileURLToPath(existsSync(built) ? built : new URL('./sqlite-writer-thread.ts', import.meta.url));
}

/**
 * Evaluations inserted by a worker thread on a connection of its own. The insert and its
 * fsync (synchronous=FULL) took about 30% of the event loop under stored load; on the
 * thread they run on the other core while the event loop parses and answers the next
 * requests. A request's promise settles after the thread has committed, so a 201 still
 * follows its own durable commit. Requests are taken in order; a thread that dies fails
 * what it held (503, nothing acknowledged) and the next request starts a new one.
 */
export class SqliteWriter {
  private worker: Worker | undefined;
  private lastId = 0;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  private closed = false;
  private readonly logger = new Logger('EvaluationWriter');

  constructor(private readonly setup: SqliteWriterSetup) {}

  /** Inserts the templates' and rows' parameters in one transaction; resolves once it is committed. */
  async write(templates: unknown[][], rows: unknown[][]): Promise<void> {
    await this.request({ kind: 'write', templates, rows });
  }

  /** A PRAGMA on the writer's own connection (its settings are per connection). */
  pragma(sql: string): Promise<unknown> {
    return this.request({ kind: 'pragma', sql });
  }

  /** Closes the connection after the writes already handed in. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.worker) await this.send(this.worker, { kind: 'close' });
  }

  private request(message: Record<string, unknown>): Promise<unknown> {
    if (this.closed) return Promise.reject(new AppError('DATABASE_UNAVAILABLE', 'The evaluation writer is closed.'));
    return this.send(this.worker ?? this.start(), message);
  }

  private send(worker: Worker, message: Record<string, unknown>): Promise<unknown> {
    const id = ++this.lastId;
    return new Promise((resolve, reject) => {
      // Referenced only while it owes an answer: an idle writer never holds the process open.
      if (this.waiting.size === 0) worker.ref();
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  }

  private start(): Worker {
    const worker = new Worker(threadFile(), { workerData: this.setup });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new SqliteWriteError(reply.message, reply.code));
    });
    const lost = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (!this.closed) this.logger.error(`The SQLite writer thread stopped (${reason}); ${this.waiting.size} writes in it failed, the next write starts a new one.`);
      const waiting = [...this.waiting.values()];
      this.waiting.clear();
      for (const w of waiting) w.reject(new AppError('DATABASE_UNAVAILABLE', 'The evaluation writer stopped; this write was not committed.'));
    };
    worker.on('error', (error: Error) => lost(error.message));
    worker.on('exit', (code) => lost(`exit ${code}`));
    this.worker = worker;
    return worker;
  }
}
