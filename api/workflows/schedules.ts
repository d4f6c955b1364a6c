import { z } from 'zod';
import { CronTrigger, PollingTrigger } from '../../schemas/workflow/triggers.ts';
import type { Tx } from '../store/db.ts';
import { cronProblem, firstDueAt, type ScheduleSpec } from './cron.ts';

// The workflow_schedules table (migration 20261126000200): what activation and deactivation write
// as the builder, what the studio reads, and the scheduler's claim, advance and release (as the
// 'workflow-scheduler' service job, see scheduler.ts).

const ScheduleInput = z.strictObject({
  workflowId: z.uuid(),
  userId: z.uuid(),
  trigger: z.discriminatedUnion('kind', [CronTrigger, PollingTrigger]),
  now: z.date(),
});
export type ScheduleInput = z.input<typeof ScheduleInput>;

/** A schedule input that cannot be scheduled; `path` names the field (e.g. `trigger.cron`). */
export class ScheduleError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'ScheduleError';
  }
}

export const specOf = (trigger: z.infer<typeof ScheduleInput>['trigger']): ScheduleSpec =>
  trigger.kind === 'cron'
    ? { kind: 'cron', cron: trigger.cron, timezone: trigger.timezone }
    : { kind: 'polling', intervalMinutes: trigger.intervalMinutes };

/**
 * Sets a cron or polling workflow's schedule (activation; a new active version replaces it),
 * first due at the next occurrence after `now` (cron) or one interval after `now` (polling).
 * Runs in the caller's transaction, as the builder (or a service job): the table takes writes
 * only through `set_workflow_schedule`, which checks the workflow is the caller's. Returns the
 * first due time.
 */
export async function upsertSchedule(tx: Tx, input: ScheduleInput): Promise<Date> {
  const parsed = ScheduleInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ScheduleError(issue.path.map(String).join('.') || 'schedule', issue.message);
  }
  const { workflowId, userId, trigger, now } = parsed.data;
  const spec = specOf(trigger);
  if (spec.kind === 'cron') {
    const problem = cronProblem(spec.cron, spec.timezone, now);
    if (problem) throw new ScheduleError('trigger.cron', problem);
  }
  const due = firstDueAt(spec, now)!;
  await tx.query('select public.set_workflow_schedule($1, $2, $3, $4, $5, $6, $7::timestamptz)', [
    workflowId,
    userId,
    spec.kind,
    spec.kind === 'cron' ? spec.cron : null,
    spec.kind === 'cron' ? spec.timezone : null,
    spec.kind === 'polling' ? spec.intervalMinutes : null,
    due.toISOString(),
  ]);
  return due;
}

/** Removes a workflow's schedule (deactivation): none of its due times fires after this commits. */
export async function removeSchedule(tx: Tx, workflowId: string): Promise<boolean> {
  if (!z.uuid().safeParse(workflowId).success) throw new ScheduleError('workflowId', 'must be a UUID');
  const rows = await tx.query('delete from public.workflow_schedules where workflow_id = $1 returning 1', [
    workflowId,
  ]);
  return rows.length > 0;
}

export interface ScheduleView {
  kind: 'cron' | 'polling';
  nextDueAt: Date;
  lastDueAt: Date | null;
  skippedDueCount: number;
}

/** A workflow's schedule as its builder sees it (the studio's "next run at"); null when none. */
export async function readSchedule(tx: Tx, workflowId: string): Promise<ScheduleView | null> {
  if (!z.uuid().safeParse(workflowId).success) throw new ScheduleError('workflowId', 'must be a UUID');
  const [row] = await tx.query<{
    kind: 'cron' | 'polling';
    next_due_at: Date | string;
    last_due_at: Date | string | null;
    skipped_due_count: number;
  }>(
    `select kind, next_due_at, last_due_at, skipped_due_count
     from public.workflow_schedules where workflow_id = $1`,
    [workflowId],
  );
  if (!row) return null;
  return {
    kind: row.kind,
    nextDueAt: new Date(row.next_due_at),
    lastDueAt: row.last_due_at === null ? null : new Date(row.last_due_at),
    skippedDueCount: row.skipped_due_count,
  };
}

/** A schedule claimed by one scheduler process, with the due time it claimed. */
export interface ClaimedSchedule {
  workflowId: string;
  userId: string;
  spec: ScheduleSpec | null;
  /** The next_due_at the claim was made for: the advance applies only while it is unchanged. */
  nextDueAt: Date;
}

type ScheduleRow = {
  workflow_id: string;
  user_id: string;
  kind: 'cron' | 'polling';
  cron: string | null;
  timezone: string | null;
  interval_minutes: number | null;
  next_due_at: Date | string;
};

const claimedFrom = (row: ScheduleRow): ClaimedSchedule => ({
  workflowId: row.workflow_id,
  userId: row.user_id,
  spec:
    row.kind === 'cron' && row.cron && row.timezone
      ? { kind: 'cron', cron: row.cron, timezone: row.timezone }
      : row.kind === 'polling' && row.interval_minutes
        ? { kind: 'polling', intervalMinutes: row.interval_minutes }
        : null,
  nextDueAt: new Date(row.next_due_at),
});

/**
 * Claims up to `batch` due schedules of active workflows for `owner` until `leaseUntil`, oldest
 * due first. Rows another process holds (locked now, or leased and not expired) are skipped, so
 * two schedulers never claim the same due time; an expired lease (its holder crashed) is claimed
 * again. A schedule whose workflow is no longer active is left alone.
 */
export async function claimDueSchedules(
  tx: Tx,
  claim: { now: Date; owner: string; batch: number; leaseUntil: Date },
): Promise<ClaimedSchedule[]> {
  const rows = await tx.query<ScheduleRow>(
    `with due as (
       select s.workflow_id from public.workflow_schedules s
       where s.next_due_at <= $1::timestamptz
         and (s.claimed_until is null or s.claimed_until < $1::timestamptz)
         and exists (
           select 1 from public.workflow_definitions d
           where d.id = s.workflow_id and d.status = 'active'
         )
       order by s.next_due_at
       limit $2
       for update of s skip locked
     )
     update public.workflow_schedules s
     set claimed_until = $3::timestamptz, claimed_by = $4
     from due where s.workflow_id = due.workflow_id
     returning s.workflow_id, s.user_id, s.kind, s.cron, s.timezone, s.interval_minutes, s.next_due_at`,
    [claim.now.toISOString(), claim.batch, claim.leaseUntil.toISOString(), claim.owner],
  );
  return rows.map(claimedFrom).sort((a, b) => a.nextDueAt.getTime() - b.nextDueAt.getTime());
}

export interface Advance {
  workflowId: string;
  /** The next_due_at that was claimed. */
  claimedDue: Date;
  /** The next due time; null removes the schedule (a cron that never occurs again). */
  next: Date | null;
  /** The last due time fired, when one was. */
  lastFired: Date | null;
  skipped: number;
}

/**
 * Moves claimed schedules on to their next due time and ends the claims, in one statement. A
 * schedule replaced or removed meanwhile (re-activation, deactivation), or claimed by another
 * process after this one's lease ran out, is left as it is: only the claim it made moves on.
 * Returns how many schedules moved.
 */
export async function advanceSchedules(tx: Tx, owner: string, advances: readonly Advance[]): Promise<number> {
  if (advances.length === 0) return 0;
  const moved = await tx.query(
    `with a as (
       select * from jsonb_to_recordset($1::jsonb)
         as a(workflow_id uuid, claimed_due timestamptz, next_due timestamptz, last_fired timestamptz, skipped int)
     ), gone as (
       delete from public.workflow_schedules s using a
       where s.workflow_id = a.workflow_id and a.next_due is null
         and s.claimed_by = $2 and s.next_due_at = a.claimed_due
       returning 1
     )
     update public.workflow_schedules s
     set next_due_at = a.next_due,
         last_due_at = coalesce(a.last_fired, s.last_due_at),
         skipped_due_count = s.skipped_due_count + a.skipped,
         claimed_until = null, claimed_by = null, updated_at = now()
     from a
     where s.workflow_id = a.workflow_id and a.next_due is not null
       and s.claimed_by = $2 and s.next_due_at = a.claimed_due
     returning 1`,
    [
      JSON.stringify(
        advances.map((a) => ({
          workflow_id: a.workflowId,
          claimed_due: a.claimedDue.toISOString(),
          next_due: a.next?.toISOString() ?? null,
          last_fired: a.lastFired?.toISOString() ?? null,
          skipped: a.skipped,
        })),
      ),
      owner,
    ],
  );
  return moved.length;
}

/**
 * Ends `owner`'s claims on schedules it did not get to (a stop in the middle of a tick), so
 * another process fires them at once instead of after the lease.
 */
export async function releaseClaims(tx: Tx, owner: string, workflowIds: readonly string[]): Promise<void> {
  if (workflowIds.length === 0) return;
  await tx.query(
    `update public.workflow_schedules set claimed_until = null, claimed_by = null
     where claimed_by = $1 and workflow_id = any($2::uuid[])`,
    [owner, `{${workflowIds.join(',')}}`],
  );
}
