/**
 * Fixed-window counters kept in this process. Each replica counts on its own, so a cluster
 * of N replicas admits up to N times the configured rate; see README "Security and durability".
 */
export class WindowCounter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one hit; answers the seconds to wait when this hit is over the limit, else 0. */
  hit(id: string, now = Date.now()): number {
    const window = this.current(id, now);
    window.count++;
    return window.count > this.limit ? Math.ceil((window.resetAt - now) / 1000) : 0;
  }

  /**
   * Takes `weight` units if they all fit in what is left of the window; otherwise takes
   * nothing and answers the seconds to wait.
   */
  take(id: string, weight: number, now = Date.now()): number {
    const window = this.current(id, now);
    if (window.count + weight > this.limit) return Math.max(1, Math.ceil((window.resetAt - now) / 1000));
    window.count += weight;
    return 0;
  }

  /** The seconds to wait if the limit is already used up, without counting. */
  blocked(id: string, now = Date.now()): number {
    const window = this.windows.get(id);
    return window && window.resetAt > now && window.count >= this.limit ? Math.ceil((window.resetAt - now) / 1000) : 0;
  }

  private current(id: string, now: number): { count: number; resetAt: number } {
    let window = this.windows.get(id);
    if (!window || window.resetAt <= now) {
      if (this.windows.size >= 100_000) this.sweep(now);
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(id, window);
    }
    return window;
  }

  private sweep(now: number): void {
    for (const [id, window] of this.windows) if (window.resetAt <= now) this.windows.delete(id);
    // Still full (a flood of distinct addresses): forget everything rather than grow without bound.
    if (this.windows.size >= 100_000) this.windows.clear();
  }
}

/** At most `limit` operations of one kind at once per key (batches, impact analyses). */
export class ConcurrencyLimiter {
  private readonly running = new Map<string, number>();

  constructor(private readonly limit: number) {}

  async run<T>(id: string, work: () => Promise<T>, refuse: () => Error): Promise<T> {
    const now = this.running.get(id) ?? 0;
    if (now >= this.limit) throw refuse();
    this.running.set(id, now + 1);
    try {
      return await work();
    } finally {
      const left = (this.running.get(id) ?? 1) - 1;
      if (left === 0) this.running.delete(id);
      else this.running.set(id, left);
    }
  }
}
