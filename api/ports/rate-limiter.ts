/** Counts hits per key in fixed windows. Embedded: in memory; Cloudflare: a Durable Object. */
export interface RateLimiter {
  /** Records one hit and says whether it is within `limit` for the current window. */
  hit(key: string, limit: number, windowMs: number): Promise<RateDecision>;
  /** Reads without counting. */
  peek(key: string, windowMs: number): Promise<number>;
  reset(key: string): Promise<void>;
}

export interface RateDecision {
  allowed: boolean;
  count: number;
  /** When the current window ends, as epoch milliseconds. */
  resetAt: number;
}

/** The in-process limiter of the embedded default; windows are swept as they expire. */
export function memoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let nextSweep = 0;
  function current(key: string, windowMs: number) {
    const t = now();
    if (t >= nextSweep) {
      for (const [k, w] of windows) if (w.resetAt <= t) windows.delete(k);
      nextSweep = t + 60_000;
    }
    let window = windows.get(key);
    if (!window || window.resetAt <= t) {
      window = { count: 0, resetAt: t + windowMs };
      windows.set(key, window);
    }
    return window;
  }
  return {
    async hit(key, limit, windowMs) {
      const window = current(key, windowMs);
      window.count += 1;
      return { allowed: window.count <= limit, count: window.count, resetAt: window.resetAt };
    },
    async peek(key, windowMs) {
      return current(key, windowMs).count;
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}
