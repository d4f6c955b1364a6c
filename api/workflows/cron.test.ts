import { describe, expect, it } from 'vitest';
import {
  cronProblem,
  firstDueAt,
  occurrenceAfter,
  planFirings,
  type ScheduleSpec,
  SKIP_COUNT_LIMIT,
} from './cron.ts';

// When a scheduled workflow is due: cron occurrences in the builder's time zone, across daylight
// saving changes, polling intervals, and the catch-up plan after downtime.

const at = (iso: string) => new Date(iso);
const berlin = (cron: string): ScheduleSpec => ({ kind: 'cron', cron, timezone: 'Europe/Berlin' });

describe('cron occurrences', () => {
  it('finds the next occurrence strictly after the given time, in the schedule time zone', () => {
    const weekdays8 = berlin('0 8 * * 1-5');
    // Friday 2026-11-27 08:00 in Berlin is 07:00 UTC (CET, +01:00).
    expect(occurrenceAfter(weekdays8, at('2026-11-26T12:00:00Z'))).toEqual(at('2026-11-27T07:00:00Z'));
    // Exactly at an occurrence: the next one (Monday), never the same one again.
    expect(occurrenceAfter(weekdays8, at('2026-11-27T07:00:00Z'))).toEqual(at('2026-11-30T07:00:00Z'));
    const newYork = { kind: 'cron', cron: '0 8 * * *', timezone: 'America/New_York' } as const;
    expect(occurrenceAfter(newYork, at('2026-07-01T00:00:00Z'))).toEqual(at('2026-07-01T12:00:00Z'));
  });

  it('runs a 02:30 Berlin job at 03:00 local on the spring-forward day, when 02:30 does not exist', () => {
    const job = berlin('30 2 * * *');
    // 2026-03-29: clocks jump from 02:00 CET to 03:00 CEST; the job runs at the first valid time
    // after the gap (03:00 CEST = 01:00 UTC), once, and the next day at 02:30 CEST again.
    const onGapDay = occurrenceAfter(job, at('2026-03-28T12:00:00Z'));
    expect(onGapDay).toEqual(at('2026-03-29T01:00:00Z'));
    expect(occurrenceAfter(job, onGapDay!)).toEqual(at('2026-03-30T00:30:00Z'));
    // Hours that do exist keep their local time across the change: 08:00 is 07:00 UTC, then 06:00.
    const morning = berlin('0 8 * * *');
    expect(occurrenceAfter(morning, at('2026-03-28T00:00:00Z'))).toEqual(at('2026-03-28T07:00:00Z'));
    expect(occurrenceAfter(morning, at('2026-03-28T07:00:00Z'))).toEqual(at('2026-03-29T06:00:00Z'));
  });

  it('runs a 02:30 Berlin job once on the fall-back day, when 02:30 happens twice', () => {
    const job = berlin('30 2 * * *');
    const first = occurrenceAfter(job, at('2026-10-24T12:00:00Z'));
    expect(first).toEqual(at('2026-10-25T00:30:00Z')); // 02:30 CEST, the first of the two
    expect(occurrenceAfter(job, first!)).toEqual(at('2026-10-26T01:30:00Z')); // next day, 02:30 CET
  });

  it('names what is wrong with a pattern that cannot be scheduled', () => {
    expect(cronProblem('0 8 * * 1-5', 'Europe/Berlin', at('2026-11-26T00:00:00Z'))).toBeNull();
    expect(cronProblem('61 * * * *', 'UTC', at('2026-11-26T00:00:00Z'))).toMatch(/minute/);
    expect(cronProblem('0 0 31 2 *', 'UTC', at('2026-11-26T00:00:00Z'))).toMatch(/never occurs/);
    expect(cronProblem('0 0 * * * *', 'UTC', at('2026-11-26T00:00:00Z'))).not.toBeNull();
  });
});

describe('polling and first due times', () => {
  it('polls one interval after activation, on a whole second, then every interval from the due time', () => {
    const poll = { kind: 'polling', intervalMinutes: 5 } as const;
    const first = firstDueAt(poll, at('2026-11-26T10:00:00.250Z'));
    expect(first).toEqual(at('2026-11-26T10:05:01Z'));
    expect(occurrenceAfter(poll, first!)).toEqual(at('2026-11-26T10:10:01Z'));
    expect(firstDueAt(berlin('*/15 * * * *'), at('2026-11-26T10:00:00Z'))).toEqual(
      at('2026-11-26T10:15:00Z'),
    );
  });
});

describe('catch-up after downtime', () => {
  const everyTenMinutes: ScheduleSpec = { kind: 'cron', cron: '*/10 * * * *', timezone: 'UTC' };

  it('fires every missed due time in order, up to the per-claim limit, and resumes after them', () => {
    const plan = planFirings(everyTenMinutes, at('2026-11-26T10:00:00Z'), at('2026-11-26T10:35:00Z'));
    expect(plan.fire.map((d) => d.toISOString())).toEqual([
      '2026-11-26T10:00:00.000Z',
      '2026-11-26T10:10:00.000Z',
      '2026-11-26T10:20:00.000Z',
      '2026-11-26T10:30:00.000Z',
    ]);
    expect(plan.next).toEqual(at('2026-11-26T10:40:00Z'));
    expect(plan.skipped).toBe(0);

    const capped = planFirings(everyTenMinutes, at('2026-11-26T10:00:00Z'), at('2026-11-26T13:00:00Z'), {
      maxFires: 10,
    });
    expect(capped.fire).toHaveLength(10);
    expect(capped.next).toEqual(at('2026-11-26T11:40:00Z'));
  });

  it('passes over due times more than a day late and counts them', () => {
    // Down for three days: 2 days' worth (288 ten-minute slots) are older than 24 h.
    const plan = planFirings(everyTenMinutes, at('2026-11-23T12:00:00Z'), at('2026-11-26T12:00:00Z'));
    expect(plan.skipped).toBe(288);
    expect(plan.skippedAtLeast).toBe(false);
    expect(plan.fire[0]).toEqual(at('2026-11-25T12:00:00Z'));
    const poll = planFirings(
      { kind: 'polling', intervalMinutes: 60 },
      at('2026-11-20T12:00:00Z'),
      at('2026-11-26T12:30:00Z'),
    );
    expect(poll.skipped).toBe(121); // 5 days and 30 minutes late, in hours, rounded up
    expect(poll.fire[0]).toEqual(at('2026-11-25T13:00:00Z'));
  });

  it('stops counting passed-over minutes at the limit and still resumes inside the window', () => {
    const everyMinute: ScheduleSpec = { kind: 'cron', cron: '* * * * *', timezone: 'UTC' };
    const plan = planFirings(everyMinute, at('2026-10-01T00:00:00Z'), at('2026-11-26T12:00:00Z'));
    expect(plan.skipped).toBe(SKIP_COUNT_LIMIT);
    expect(plan.skippedAtLeast).toBe(true);
    expect(plan.fire[0]).toEqual(at('2026-11-25T12:00:00Z'));
  });
});
