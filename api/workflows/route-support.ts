import type { Platform } from '../kernel/context.ts';
import { HttpError } from '../kernel/errors.ts';
import { ExecutionLimitReached } from './execution-limit.ts';
import type { WorkflowRunner } from './runner.ts';

/** The platform's runner; a platform built without one (some tests) says so plainly. */
export function runnerOf(platform: Platform): WorkflowRunner {
  if (!platform.workflows)
    throw new HttpError(503, 'workflows_unavailable', 'Workflows do not run on this server');
  return platform.workflows;
}

/** The executions-per-hour limit as the caller sees it: 429 naming the limit, with Retry-After. */
export function throwLimit(error: unknown): never {
  if (error instanceof ExecutionLimitReached)
    throw new HttpError(429, 'limit_reached', error.message, {
      headers: { 'retry-after': String(error.retryAfterSeconds) },
      limit: {
        name: 'workflow_executions_per_hour',
        max: error.plan.executionsPerHour,
        plan: error.plan.name,
        resetsAt: new Date(error.resetAt).toISOString(),
      },
    });
  throw error;
}
