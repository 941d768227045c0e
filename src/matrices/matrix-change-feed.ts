import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Database, Statement } from 'better-sqlite3';
import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

const CHANNEL = 'placement_matrix_versions';
const RECONNECT_MS = 1000;
const DATA_VERSION_MS = 5;

/**
 * A counter that moves whenever matrix versions may have changed, here or in another
 * instance of the service, so the catalog can keep resolved matrices in memory instead of
 * reading them on every request.
 *
 * - Changes made here move it once their transaction has committed (`changed`).
 * - SQLite: `PRAGMA data_version` changes when another connection (another process on the
 *   same file, or this one's evaluation writer) commits anything. Reading it takes a shared
 *   lock, about 4% of the CPU of an evaluation when read on every one, so it is read at most
 *   once per DATA_VERSION_MS: a change another process commits is seen within that, well
 *   inside a network round trip. When it has moved, the counter that triggers keep on
 *   matrix_versions says whether matrices were among the changes: the evaluation writer's
 *   commits move data_version up to 200 times a second, and each would otherwise cost the
 *   catalog a read of the active version.
 * - Postgres: writers NOTIFY inside their transaction (delivered on commit) and every
 *   instance LISTENs on one connection of its own. While that connection is down, every
 *   read is a new generation, so nothing is cached that could be stale.
 */
@Injectable()
export class MatrixChangeFeed implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Matrices');
  private generation = 0;
  private dataVersion: Statement<[], number> | undefined;
  private lastDataVersion = -1;
  private matrixChanges: Statement<[], number> | undefined;
  private lastMatrixChanges = -1;
  private dataVersionReadAt = -Infinity;
  private listener: PoolClient | undefined;
  private unlisten: (() => void) | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.dataSource.options.type === 'better-sqlite3') {
      const db = (this.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
      this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
      this.matrixChanges = db.prepare<[], number>('SELECT changes FROM matrix_change_counter').pluck();
    } else if (this.dataSource.options.type === 'postgres') {
      await this.listen();
    }
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.reconnect);
    this.unlisten?.();
  }

  /** The current generation; a value cached under an older one may be stale. */
  current(): number {
    if (this.dataVersion) {
      const now = performance.now();
      if (now - this.dataVersionReadAt < DATA_VERSION_MS) return this.generation;
      this.dataVersionReadAt = now;
      const version = this.dataVersion.get()!;
      if (version !== this.lastDataVersion) {
        this.lastDataVersion = version;
        const changes = this.matrixChanges!.get()!;
        if (changes !== this.lastMatrixChanges) {
          this.lastMatrixChanges = changes;
          this.generation++;
        }
      }
    } else if (this.dataSource.options.type === 'postgres' && !this.listener) {
      this.generation++;
    }
    return this.generation;
  }

  /** Tells other instances, from inside the writing transaction; Postgres delivers it on commit. */
  async announce(manager: EntityManager): Promise<void> {
    if (this.dataSource.options.type === 'postgres') await manager.query(`SELECT pg_notify('${CHANNEL}', '')`);
  }

  /** Called once a change made here has committed (or failed: a needless miss costs one read). */
  changed(): void {
    this.generation++;
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    let client: PoolClient | undefined;
    let gone = false;
    const drop = (error: unknown) => {
      if (gone) return;
      gone = true;
      this.lost(client, error);
    };
    try {
      client = await pool.connect();
      client.on('notification', () => this.generation++);
      client.on('error', drop);
      await client.query(`LISTEN ${CHANNEL}`);
      this.listener = client;
      this.unlisten = () => {
        gone = true;
        this.listener = undefined;
        client!.release();
      };
      // Anything committed while no one listened is covered by this step.
      this.generation++;
    } catch (error) {
      drop(error);
    }
  }

  private lost(client: PoolClient | undefined, error: unknown): void {
    if (client === this.listener) this.listener = undefined;
    // A broken connection goes back to the pool to be destroyed, not reused.
    client?.release(true);
    this.generation++;
    if (this.stopped) return;
    this.logger.warn(`Matrix change notifications are down (${error instanceof Error ? error.message : String(error)}); matrices are read per request until they are back.`);
    this.reconnect = setTimeout(() => void this.listen(), RECONNECT_MS);
    this.reconnect.unref();
  }
}
