import type { Logger } from '../kernel/context.ts';
import type { Db } from '../store/db.ts';
import { planFirings } from './cron.ts';
import type { DueSchedule } from './run-request.ts';
import {
  type Advance,
  advanceSchedules,
  type ClaimedSchedule,
  claimDueSchedules,
  releaseClaims,
} from './schedules.ts';

// One pass of the workflow scheduler, the same on every platform: the Node loop calls it every
// second, a Worker's Cron Trigger once a minute. Claims are made in one short service-job
// transaction; the firing happens outside it (a slow runner holds no locks); then one statement
// moves every fired schedule on. A crash between firing and moving on leaves a lease that runs
// out, and the next tick fires the same due times again: the runner's idempotency key
// (`cron:<due ISO time>`) turns that into the run already stored, so no due time runs twice.

export interface SchedulerTickOptions {
  /** The time the tick reasons about (tests and the bench control it). */
  now: Date;
  /** Starts (or finds) the run for one due time; must be idempotent per workflow and due time. */
  fire: (due: DueSchedule) => Promise<void>;
  /** Who holds the claims: unique per process (host, pid and a random part). */
  owner: string;
  /** Schedules claimed per transaction. */
  batch?: number;
  /** How long a claim holds before another process may take it over (its holder crashed). */
  leaseMs?: number;
  /** Schedules fired at the same time (one schedule's own due times always fire in order). */
  concurrency?: number;
  /** Aborted: no further due time starts firing, and claims not yet fired are released. */
  signal?: AbortSignal;
  log?: Logger;
}

export interface TickResult {
  claimed: number;
  fired: number;
  failed: number;
  /** Due times passed over (more than a day late). */
  skipped: number;
  /** Claims given back unfired because the tick was stopped. */
  released: number;
  /** A full batch was claimed: more schedules may be due now. */
  more: boolean;
}

export const DEFAULT_BATCH = 500;
export const DEFAULT_LEASE_MS = 30_000;
export const DEFAULT_CONCURRENCY = 8;
const JOB = 'workflow-scheduler';

const quiet: Logger = { info: () => {}, error: () => {} };

export async function schedulerTick(db: Db, options: SchedulerTickOptions): Promise<TickResult> {
  const { now, owner, signal } = options;
  const batch = options.batch ?? DEFAULT_BATCH;
  const log = options.log ?? quiet;
  const result: TickResult = { claimed: 0, fired: 0, failed: 0, skipped: 0, released: 0, more: false };
  if (signal?.aborted) return result;
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS));
  const claims = await db.asService(JOB, (tx) => claimDueSchedules(tx, { now, owner, batch, leaseUntil }));
  result.claimed = claims.length;
  result.more = claims.length === batch;
  if (claims.length === 0) return result;

  const advances: Advance[] = [];
  const unfired: string[] = [];
  const fireSchedule = async (claim: ClaimedSchedule) => {
    if (signal?.aborted) {
      unfired.push(claim.workflowId);
      return;
    }
    const advance = await fireClaim(claim, options, log, result);
    if (advance) advances.push(advance);
    else if (signal?.aborted) unfired.push(claim.workflowId);
  };
  let next = 0;
  const workers = Array.from(
    { length: Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, claims.length) },
    async () => {
      while (next < claims.length) await fireSchedule(claims[next++]!);
    },
  );
  await Promise.all(workers);

  // Moving on and giving back happen even when the tick was stopped: that is what makes a stop in
  // the middle lose nothing and delay nothing.
  if (advances.length > 0 || unfired.length > 0) {
    await db.asService(JOB, async (tx) => {
      await advanceSchedules(tx, owner, advances);
      await releaseClaims(tx, owner, unfired);
    });
  }
  result.released = unfired.length;
  if (result.skipped > 0 || result.failed > 0 || result.released > 0) {
    log.info('workflow_scheduler_tick', { owner, ...result });
  }
  return result;
}

/**
 * Fires one claimed schedule's due times in order and says where it moves on to, or null when
 * nothing is to move (the first firing failed: the lease runs out and a later tick tries again;
 * or the tick was stopped before its first firing).
 */
async function fireClaim(
  claim: ClaimedSchedule,
  options: SchedulerTickOptions,
  log: Logger,
  result: TickResult,
): Promise<Advance | null> {
  const { workflowId, userId, spec } = claim;
  if (!spec) {
    // Only a row written around the API can lack its fields; it can never fire, so it goes.
    log.error('workflow_schedule_dropped', { workflowId, reason: 'schedule row has no cron or interval' });
    return { workflowId, claimedDue: claim.nextDueAt, next: null, lastFired: null, skipped: 0 };
  }
  let plan: ReturnType<typeof planFirings>;
  try {
    plan = planFirings(spec, claim.nextDueAt, options.now);
  } catch (error) {
    log.error('workflow_schedule_dropped', {
      workflowId,
      reason: error instanceof Error ? error.message : 'cron pattern is not valid',
    });
    return { workflowId, claimedDue: claim.nextDueAt, next: null, lastFired: null, skipped: 0 };
  }
  if (plan.skipped > 0) {
    result.skipped += plan.skipped;
    log.info('workflow_schedule_skipped', {
      workflowId,
      // Due times more than a day late are passed over rather than started all at once.
      skippedDueTimes: plan.skipped,
      skippedAtLeast: plan.skippedAtLeast,
      from: claim.nextDueAt.toISOString(),
      resumesAt: (plan.fire[0] ?? plan.next)?.toISOString() ?? null,
    });
  }
  let lastFired: Date | null = null;
  for (const [i, dueAt] of plan.fire.entries()) {
    if (options.signal?.aborted) {
      return { workflowId, claimedDue: claim.nextDueAt, next: dueAt, lastFired, skipped: plan.skipped };
    }
    try {
      await options.fire({ workflowId, userId, kind: spec.kind, dueAt });
      lastFired = dueAt;
      result.fired++;
    } catch (error) {
      result.failed++;
      log.error('workflow_schedule_fire_failed', {
        workflowId,
        dueAt: dueAt.toISOString(),
        error: error instanceof Error ? error.name : 'unknown',
      });
      if (i === 0 && plan.skipped === 0) return null;
      return { workflowId, claimedDue: claim.nextDueAt, next: dueAt, lastFired, skipped: plan.skipped };
    }
  }
  return { workflowId, claimedDue: claim.nextDueAt, next: plan.next, lastFired, skipped: plan.skipped };
}
