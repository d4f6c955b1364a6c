import { memoryRateLimiter, type RateLimiter } from '../api/ports/rate-limiter.ts';

/** The app's plan limit on requests per minute is a product rule, not a speed: counted, never refused. */
export function countingButUnlimited(): RateLimiter {
  const inner = memoryRateLimiter();
  return {
    hit: (key, _limit, windowMs) => inner.hit(key, Number.MAX_SAFE_INTEGER, windowMs),
    peek: (key, windowMs) => inner.peek(key, windowMs),
    reset: (key) => inner.reset(key),
  };
}
