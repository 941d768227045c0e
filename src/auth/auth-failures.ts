import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Transactions } from '../database/transactions.js';

/** How long one replica trusts what it last read about an address. */
const REFRESH_MS = 1000;

/**
 * Failed authentications per address, shared by every replica through the database: an
 * address that guesses keys is throttled everywhere, not once per replica. Windows are
 * fixed and aligned to the clock, so replicas agree on them. Only failures write, and an
 * address stops writing once it is blocked, so the table cannot be used to amplify load.
 */
@Injectable()
export class AuthFailures {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly known = new Map<string, { window: number; failures: number; readAt: number }>();
  private readonly postgres: boolean;
  private lastSweep = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limit = config.limits.authFailuresPerAddress;
    this.windowMs = config.limits.rateLimitWindowSeconds * 1000;
    this.postgres = dataSource.options.type === 'postgres';
  }

  /** Seconds this address must wait before it may try a key again; 0 when it may. */
  async blocked(address: string, now = Date.now()): Promise<number> {
    const window = this.windowOf(now);
    let entry = this.known.get(address);
    if (!entry || entry.window !== window || now - entry.readAt >= REFRESH_MS) {
      const [row] = await this.dataSource.query<{ window_start: string; failures: number }[]>(`SELECT window_start, failures FROM auth_failures WHERE address = ${this.p(1)}`, [address]);
      entry = { window, failures: row && Date.parse(row.window_start) === window ? Number(row.failures) : 0, readAt: now };
      this.remember(address, entry);
    }
    return entry.failures >= this.limit ? Math.max(1, Math.ceil((window + this.windowMs - now) / 1000)) : 0;
  }

  async record(address: string, now = Date.now()): Promise<void> {
    const window = this.windowOf(now);
    const start = new Date(window).toISOString();
    const failures = await this.transactions.run(async (manager) => {
      const [row] = await manager.query<{ failures: number }[]>(
        `INSERT INTO auth_failures (address, window_start, failures) VALUES (${this.p(1)}, ${this.p(2)}, 1)
         ON CONFLICT (address) DO UPDATE SET
           failures = CASE WHEN auth_failures.window_start = excluded.window_start THEN auth_failures.failures + 1 ELSE 1 END,
           window_start = excluded.window_start
         RETURNING failures`,
        [address, start],
      );
      if (now - this.lastSweep > this.windowMs) {
        this.lastSweep = now;
        await manager.query(`DELETE FROM auth_failures WHERE window_start < ${this.p(1)}`, [start]);
      }
      return Number(row?.failures ?? 1);
    });
    this.remember(address, { window, failures, readAt: now });
  }

  private remember(address: string, entry: { window: number; failures: number; readAt: number }): void {
    if (this.known.size >= 100_000) this.known.clear();
    this.known.set(address, entry);
  }

  private windowOf(now: number): number {
    return Math.floor(now / this.windowMs) * this.windowMs;
  }

  private p(i: number): string {
    return this.postgres ? `$${i}` : '?';
  }
}
