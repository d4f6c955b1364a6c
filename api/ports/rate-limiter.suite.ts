import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateDecision, RateLimiter } from './rate-limiter.ts';

/**
 * The clock a limiter counts by, as the suite sees it. A fake clock jumps; a real one (a Durable
 * Object reads workerd's own clock) is waited for, so the harness gives a short window to wait out.
 */
export interface RateLimiterClock {
  now(): number;
  /** Returns once the limiter's clock has reached `epochMs`. */
  passUntil(epochMs: number): Promise<void>;
}

export interface OpenedRateLimiter {
  limiter: RateLimiter;
  clock: RateLimiterClock;
  close(): Promise<void>;
}

export interface RateLimiterSuiteOptions {
  /** The window of the reset case: anything with a fake clock, a few hundred ms with a real one. */
  shortWindowMs: number;
  /**
   * How far the limiter's clock may run ahead of the suite's (a limiter in another process reads
   * its own). Zero with a shared fake clock.
   */
  clockSlackMs?: number;
}

// Long enough that a window aligned to the epoch (a legitimate fixed-window design) is not crossed
// while a case runs, so counts never restart halfway through.
const HOUR = 3_600_000;

/**
 * The behaviour every rate limiter owes the API, run against each adapter (as Hono runs one router
 * suite for every router): the in-memory limiter in Node, the Durable Object on Workers. One
 * limiter serves the whole suite, as one serves a process; each case uses keys of its own.
 */
export function rateLimiterSuite(
  name: string,
  open: () => Promise<OpenedRateLimiter>,
  options: RateLimiterSuiteOptions,
) {
  describe(`rate limiter contract: ${name}`, () => {
    let limiter: RateLimiter;
    let clock: RateLimiterClock;
    let close: () => Promise<void> = async () => {};
    beforeAll(async () => {
      ({ limiter, clock, close } = await open());
    });
    afterAll(() => close());

    const slack = options.clockSlackMs ?? 0;
    const run = Math.random().toString(36).slice(2, 8);
    let keys = 0;
    // Shaped like the keys the API uses (`app:<id>`, `login-email:<address>`), unique per case.
    const keyFor = (what: string) => `${what}:${run}-${++keys}`;
    const hits = async (key: string, n: number, limit: number, windowMs = HOUR) => {
      const decisions: RateDecision[] = [];
      for (let i = 0; i < n; i++) decisions.push(await limiter.hit(key, limit, windowMs));
      return decisions;
    };

    it('counts each hit on a key, and allows exactly `limit` hits in a window', async () => {
      const key = keyFor('app');
      const decisions = await hits(key, 5, 3);
      expect(decisions.map((d) => [d.count, d.allowed])).toEqual([
        [1, true],
        [2, true],
        [3, true],
        [4, false],
        [5, false],
      ]);
    });

    it('gives every hit of one window the same resetAt, a time within the window ahead', async () => {
      const key = keyFor('api');
      const windowMs = 60_000;
      const before = clock.now();
      const decisions = await hits(key, 3, 2, windowMs);
      const after = clock.now();
      const resetAt = decisions[0]!.resetAt;
      expect(Number.isInteger(resetAt)).toBe(true);
      expect(resetAt).toBeGreaterThan(before);
      expect(resetAt).toBeLessThanOrEqual(after + windowMs + slack);
      // The refused hit says the same reset time, so a 429 can tell when to come back.
      expect(decisions.map((d) => d.resetAt)).toEqual([resetAt, resetAt, resetAt]);
      expect(decisions[2]!.allowed).toBe(false);
    });

    it('starts counting afresh once the window has passed', async () => {
      const windowMs = options.shortWindowMs;
      // A window aligned to the epoch may end between two hits this short; then try a fresh key.
      let key = keyFor('workflow-executions');
      let first = await hits(key, 3, 2, windowMs);
      for (let tries = 0; tries < 3 && new Set(first.map((d) => d.resetAt)).size > 1; tries++) {
        key = keyFor('workflow-executions');
        first = await hits(key, 3, 2, windowMs);
      }
      expect(first.map((d) => d.allowed)).toEqual([true, true, false]);
      await clock.passUntil(first[0]!.resetAt + slack);
      expect(await limiter.peek(key, windowMs)).toBe(0);
      const next = await limiter.hit(key, 2, windowMs);
      expect(next).toMatchObject({ count: 1, allowed: true });
      expect(next.resetAt).toBeGreaterThan(first[0]!.resetAt);
    });

    it('peeks without counting', async () => {
      const key = keyFor('login-email');
      expect(await limiter.peek(key, HOUR)).toBe(0);
      await hits(key, 2, 10);
      expect(await limiter.peek(key, HOUR)).toBe(2);
      expect(await limiter.peek(key, HOUR)).toBe(2);
      expect(await limiter.peek(key, HOUR)).toBe(2);
      expect((await limiter.hit(key, 10, HOUR)).count).toBe(3);
    });

    it('forgets a key on reset, and resetting an unknown key is no error', async () => {
      const key = keyFor('login-email');
      await hits(key, 3, 2);
      await limiter.reset(key);
      expect(await limiter.peek(key, HOUR)).toBe(0);
      expect(await limiter.hit(key, 2, HOUR)).toMatchObject({ count: 1, allowed: true });
      await expect(limiter.reset(keyFor('never-hit'))).resolves.toBeUndefined();
    });

    it('keeps keys apart: hits, peeks and resets on one never touch another', async () => {
      const a = keyFor('app');
      const b = keyFor('app');
      await hits(a, 3, 5);
      expect(await limiter.peek(b, HOUR)).toBe(0);
      expect((await limiter.hit(b, 5, HOUR)).count).toBe(1);
      await limiter.reset(b);
      expect(await limiter.peek(a, HOUR)).toBe(3);
      // Keys that differ only by case or by a suffix are different keys.
      const c = keyFor('login-email');
      await limiter.hit(`${c}@x.test`, 5, HOUR);
      expect(await limiter.peek(`${c}@X.test`, HOUR)).toBe(0);
      expect(await limiter.peek(`${c}@x.test.evil`, HOUR)).toBe(0);
    });

    it('allows everything under an unbounded limit while still counting', async () => {
      const key = keyFor('login-client');
      const decisions = await hits(key, 3, Number.MAX_SAFE_INTEGER);
      expect(decisions.map((d) => [d.count, d.allowed])).toEqual([
        [1, true],
        [2, true],
        [3, true],
      ]);
    });

    it('counts 50 hits made at once exactly: each count given once, exactly `limit` allowed', async () => {
      const key = keyFor('app');
      const decisions = await Promise.all(Array.from({ length: 50 }, () => limiter.hit(key, 10, HOUR)));
      expect(decisions.map((d) => d.count).sort((x, y) => x - y)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      const allowed = decisions.filter((d) => d.allowed);
      expect(allowed).toHaveLength(10);
      expect(allowed.every((d) => d.count <= 10)).toBe(true);
      expect(await limiter.peek(key, HOUR)).toBe(50);
    });

    it('counts two keys hit at once, interleaved, each exactly', async () => {
      const a = keyFor('app');
      const b = keyFor('api');
      await Promise.all(Array.from({ length: 40 }, (_, i) => limiter.hit(i % 2 === 0 ? a : b, 100, HOUR)));
      expect([await limiter.peek(a, HOUR), await limiter.peek(b, HOUR)]).toEqual([20, 20]);
    });
  });
}
