import { Cron } from 'croner';

// When a scheduled workflow is due: cron occurrences in the builder's time zone (croner), polling
// intervals, and the plan for one claim of a schedule after downtime (which missed due times to
// fire, which to pass over). Pure: every function takes the time it reasons about.

export type ScheduleSpec =
  | { kind: 'cron'; cron: string; timezone: string }
  | { kind: 'polling'; intervalMinutes: number };

/** Due times older than this when the scheduler finds them are passed over, not fired. */
export const CATCH_UP_WINDOW_MS = 24 * 60 * 60 * 1000;
/** At most this many due times of one schedule fire per claim; the next tick fires the rest. */
export const MAX_FIRES_PER_CLAIM = 10;
/** Counting passed-over cron occurrences stops here (~50 µs each; a month of minutes is 43,200). */
export const SKIP_COUNT_LIMIT = 1_000;

const MINUTE_MS = 60_000;
const patterns = new Map<string, Cron>();
const occurrences = new Map<string, number | null>();

/**
 * The parsed pattern, cached: a thousand schedules share a handful of patterns, and parsing is
 * most of what `nextRun` costs. Strict five-field mode, as the trigger schema promises.
 * Day-of-month and day-of-week combine with OR, as in Vixie cron.
 */
function pattern(cron: string, timezone: string): Cron {
  const key = `${timezone} ${cron}`;
  let parsed = patterns.get(key);
  if (!parsed) {
    if (patterns.size >= 1000) patterns.clear();
    parsed = new Cron(cron, { timezone, paused: true, mode: '5-part' });
    patterns.set(key, parsed);
  }
  return parsed;
}

/** Why a cron expression cannot be scheduled, or null when it can (and occurs at all). */
export function cronProblem(cron: string, timezone: string, now: Date): string | null {
  try {
    return pattern(cron, timezone).nextRun(now) ? null : 'never occurs (no such date)';
  } catch (error) {
    return error instanceof Error ? error.message.replace(/^CronPattern: /, '') : 'is not valid';
  }
}

/**
 * The due time after `previous` (strictly later), or null when a cron never occurs again.
 * A cron occurrence in a spring-forward gap (02:30 on the day Berlin skips 02:00–03:00) runs at
 * the first valid time after the gap (03:00 local); a time that occurs twice in the autumn runs
 * once, at its first occurrence (croner's "fixed-time" rule for single-valued minute and hour).
 * Polling counts whole intervals from the previous due time, so a late firing never drifts it.
 */
export function occurrenceAfter(spec: ScheduleSpec, previous: Date): Date | null {
  if (spec.kind === 'polling') return new Date(previous.getTime() + spec.intervalMinutes * MINUTE_MS);
  // Schedules due together mostly share a pattern ("0 9 * * 1-5"), and a zoned nextRun costs a
  // few hundred microseconds: the thousand due at one minute ask for the same answer.
  const key = `${spec.timezone} ${spec.cron} ${previous.getTime()}`;
  const known = occurrences.get(key);
  if (known !== undefined) return known === null ? null : new Date(known);
  const next = pattern(spec.cron, spec.timezone).nextRun(previous);
  if (occurrences.size >= 10_000) occurrences.clear();
  occurrences.set(key, next ? next.getTime() : null);
  return next;
}

/**
 * The first due time of a schedule set at `now`: the next cron occurrence, or one interval from
 * now rounded up to a whole second (the scheduler ticks on whole seconds, so a due time there
 * starts with the least delay).
 */
export function firstDueAt(spec: ScheduleSpec, now: Date): Date | null {
  if (spec.kind === 'cron') return occurrenceAfter(spec, now);
  return new Date(Math.ceil(now.getTime() / 1000) * 1000 + spec.intervalMinutes * MINUTE_MS);
}

export interface FiringPlan {
  /** Due times to fire now, oldest first. */
  fire: Date[];
  /** The schedule's next due time after those (null: a cron that never occurs again). */
  next: Date | null;
  /** Due times passed over because they were more than the catch-up window late. */
  skipped: number;
  /** True when `skipped` stopped counting at SKIP_COUNT_LIMIT (there were more). */
  skippedAtLeast: boolean;
}

/**
 * What one claim of a schedule does at `now`, its next due time being `nextDue`: due times older
 * than the catch-up window are passed over (counted), the rest up to `now` fire in order, at most
 * `maxFires` of them (a schedule a day behind catches up over a few ticks without starving
 * the others).
 */
export function planFirings(
  spec: ScheduleSpec,
  nextDue: Date,
  now: Date,
  options: { maxFires?: number; catchUpMs?: number } = {},
): FiringPlan {
  const maxFires = options.maxFires ?? MAX_FIRES_PER_CLAIM;
  const cutoff = now.getTime() - (options.catchUpMs ?? CATCH_UP_WINDOW_MS);
  let due: Date | null = nextDue;
  let skipped = 0;
  let skippedAtLeast = false;
  if (due.getTime() < cutoff) {
    if (spec.kind === 'polling') {
      const step = spec.intervalMinutes * MINUTE_MS;
      skipped = Math.ceil((cutoff - due.getTime()) / step);
      due = new Date(due.getTime() + skipped * step);
    } else {
      while (due && due.getTime() < cutoff && skipped < SKIP_COUNT_LIMIT) {
        due = occurrenceAfter(spec, due);
        skipped++;
      }
      if (due && due.getTime() < cutoff) {
        skippedAtLeast = true;
        due = occurrenceAfter(spec, new Date(cutoff - 1));
      }
    }
  }
  const fire: Date[] = [];
  while (due && due.getTime() <= now.getTime() && fire.length < maxFires) {
    fire.push(due);
    due = occurrenceAfter(spec, due);
  }
  return { fire, next: due, skipped, skippedAtLeast };
}
