import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

export class DurabilityError extends Error {}

/** SQLite's PRAGMA synchronous answers 2 for FULL. */
export const SQLITE_SYNCHRONOUS_FULL = 2;

/**
 * A 201 promises that the record survives a crash. That holds only when the database syncs
 * its commits, so start-up checks the settings instead of trusting them.
 */
@Injectable()
export class DurabilityCheck implements OnModuleInit {
  private readonly logger = new Logger('Durability');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const problems = await durabilityProblems(this.dataSource);
    if (problems.length === 0) return;
    const message = `The database does not make commits durable: ${problems.join('; ')}. Acknowledged evaluations could be lost in a crash.`;
    if (this.config.limits.dbDurability === 'refuse') throw new DurabilityError(`${message} Fix the database settings, or set DB_DURABILITY=warn to start anyway.`);
    this.logger.error(`${message} Starting anyway because DB_DURABILITY=warn.`);
  }
}

export async function durabilityProblems(dataSource: DataSource): Promise<string[]> {
  if (dataSource.options.type === 'postgres') {
    const problems: string[] = [];
    for (const setting of ['fsync', 'synchronous_commit']) {
      const [row] = await dataSource.query<{ value: string }[]>(`SELECT current_setting('${setting}') AS value`);
      if (row?.value === 'off') problems.push(`${setting} is off`);
    }
    return problems;
  }
  const [row] = await dataSource.query<{ synchronous: number }[]>('PRAGMA synchronous');
  return row?.synchronous === SQLITE_SYNCHRONOUS_FULL ? [] : [`PRAGMA synchronous is ${row?.synchronous}, not FULL (2)`];
}
