import type { RateLimiter } from '../ports/rate-limiter.ts';
import type { WorkflowPlan } from './active-workflows.ts';

const HOUR_MS = 3_600_000;

/** A builder's plan allows so many workflow executions an hour; the next one waits for the reset. */
export class ExecutionLimitReached extends Error {
  constructor(
    readonly plan: WorkflowPlan,
    readonly resetAt: number,
    readonly retryAfterSeconds: number,
  ) {
    super(
      `Your workflows have run ${plan.executionsPerHour} times this hour, the limit of the ${plan.name} plan. ` +
        `Runs start again in ${Math.ceil(retryAfterSeconds / 60)} min (at ${new Date(resetAt).toISOString()}).`,
    );
    this.name = 'ExecutionLimitReached';
  }
}

/** Executions per hour per builder, counted by the platform's rate limiter (a Durable Object on Cloudflare). */
export function executionLimit(limiter: RateLimiter, now: () => number) {
  return {
    async take(userId: string, plan: WorkflowPlan): Promise<void> {
      const decision = await limiter.hit(`workflow-executions:${userId}`, plan.executionsPerHour, HOUR_MS);
      if (decision.allowed) return;
      const seconds = Math.max(1, Math.ceil((decision.resetAt - now()) / 1000));
      throw new ExecutionLimitReached(plan, decision.resetAt, seconds);
    },
  };
}
