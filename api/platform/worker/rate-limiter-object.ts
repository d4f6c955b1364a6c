import { z } from 'zod';
import type { RateDecision, RateLimiter } from '../../ports/rate-limiter.ts';
import type { DurableObjectNamespace, DurableObjectState } from './bindings.ts';

// Rate-limit counters on Cloudflare: one Durable Object per counter key (`app:<id>` per minute,
// a builder's workflow executions per hour, …). Isolates come and go and run side by side, so an
// in-memory count would be per isolate; a Durable Object is one place in the world for its key,
// and handles its requests one at a time, so a count is never lost or doubled. The count lives in
// the object's storage (an hour's count must outlive the object's eviction when idle), and an
// alarm clears it once its window has ended. Windows behave as the embedded limiter's do: a window
// starts at its first hit and lasts `windowMs`.

const Ask = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('hit'),
    limit: z.number(),
    windowMs: z.number().int().positive(),
  }),
  z.object({ op: z.literal('peek'), windowMs: z.number().int().positive() }),
  z.object({ op: z.literal('reset') }),
]);
type Ask = z.infer<typeof Ask>;

interface Window {
  count: number;
  resetAt: number;
}

const WINDOW = 'window';

/** The Durable Object class (wrangler.toml binds it as RATE_LIMITER; main.ts exports it). */
export class RateLimiterObject {
  constructor(
    private readonly state: DurableObjectState,
    _env?: unknown,
  ) {}

  async fetch(request: Request): Promise<Response> {
    const parsed = Ask.safeParse(await request.json().catch(() => null));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return Response.json(
        { error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` },
        { status: 400 },
      );
    }
    return Response.json(await this.answer(parsed.data, Date.now()));
  }

  private async answer(ask: Ask, now: number): Promise<RateDecision | { count: number } | { ok: true }> {
    if (ask.op === 'reset') {
      await this.state.storage.deleteAll();
      return { ok: true };
    }
    // Requests to one object are handled one at a time across the read and the write (storage
    // calls hold its input gate), so two hits never read the same count.
    let window = await this.state.storage.get<Window>(WINDOW);
    if (!window || window.resetAt <= now) window = { count: 0, resetAt: now + ask.windowMs };
    if (ask.op === 'peek') return { count: window.count };
    window.count += 1;
    await this.state.storage.put(WINDOW, window);
    if ((await this.state.storage.getAlarm()) === null) await this.state.storage.setAlarm(window.resetAt);
    return { allowed: window.count <= ask.limit, count: window.count, resetAt: window.resetAt };
  }

  /** Clears an ended window, so idle counters keep no storage. */
  async alarm(): Promise<void> {
    const window = await this.state.storage.get<Window>(WINDOW);
    if (window && window.resetAt > Date.now()) await this.state.storage.setAlarm(window.resetAt);
    else await this.state.storage.deleteAll();
  }
}

const Decision = z.object({ allowed: z.boolean(), count: z.number(), resetAt: z.number() });
const Count = z.object({ count: z.number() });

/** The RateLimiter port over the RATE_LIMITER namespace: one object per key. */
export function durableObjectRateLimiter(namespace: DurableObjectNamespace): RateLimiter {
  async function ask(key: string, body: Ask): Promise<unknown> {
    // A stub per call: stubs are cheap, and one made in another request's scope may not be usable.
    const stub = namespace.get(namespace.idFromName(key));
    const response = await stub.fetch('https://rate-limiter/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`rate limiter answered ${response.status} for ${body.op}`);
    return response.json();
  }
  return {
    async hit(key, limit, windowMs) {
      return Decision.parse(await ask(key, { op: 'hit', limit, windowMs }));
    },
    async peek(key, windowMs) {
      return Count.parse(await ask(key, { op: 'peek', windowMs })).count;
    },
    async reset(key) {
      await ask(key, { op: 'reset' });
    },
  };
}
