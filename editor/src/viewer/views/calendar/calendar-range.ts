/**
 * The calendar's arithmetic. Days are `YYYY-MM-DD` strings, counted in UTC on the string itself,
 * so neither the time zone nor a daylight-saving change ever moves a day. A date-time belongs to
 * the day it falls on where the person is; moving it a day keeps its time of day there.
 */
import type { Field } from '../../../../../schemas/app/fields.ts';

export type CalendarRange = 'month' | 'week';
/** `date` values are days; `instant` values are moments (ISO date-times). */
export type TemporalKind = 'date' | 'instant';

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

function utcOf(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}
const dayOfUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const addDays = (day: string, n: number): string => dayOfUtc(utcOf(day) + n * DAY_MS);

/** Whole days from `a` to `b` (negative when b is earlier). */
export const daysBetween = (a: string, b: string): number => Math.round((utcOf(b) - utcOf(a)) / DAY_MS);

/** 0 for Monday … 6 for Sunday: weeks start on Monday (ISO 8601). */
export const weekdayOf = (day: string): number => (new Date(utcOf(day)).getUTCDay() + 6) % 7;

export const startOfWeek = (day: string): string => addDays(day, -weekdayOf(day));

/** The day it is at `date` where the person is. */
export const localDay = (date: Date): string =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

const firstOfMonth = (day: string) => `${day.slice(0, 8)}01`;

function addMonths(day: string, n: number): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${pad((total % 12) + 1)}-01`;
}

/** The days the grid shows: whole weeks, Monday first, covering the month or the week of `anchor`. */
export function visibleDays(range: CalendarRange, anchor: string): string[] {
  const first = range === 'week' ? startOfWeek(anchor) : startOfWeek(firstOfMonth(anchor));
  const last =
    range === 'week' ? addDays(first, 6) : addDays(startOfWeek(addDays(addMonths(anchor, 1), -1)), 6);
  return Array.from({ length: daysBetween(first, last) + 1 }, (_, i) => addDays(first, i));
}

/** The anchor one month or one week before (-1) or after (+1). */
export function shiftAnchor(range: CalendarRange, anchor: string, direction: -1 | 1): string {
  return range === 'week' ? addDays(anchor, 7 * direction) : addMonths(anchor, direction);
}

/** Whether `day` lies in the month of `anchor` (the grid greys the days around it). */
export const inMonth = (day: string, anchor: string): boolean => day.slice(0, 7) === anchor.slice(0, 7);

/** "March 2026", or "2 – 8 Mar 2026" for a week, in the person's words. */
export function rangeTitle(range: CalendarRange, anchor: string, locale?: string): string {
  const at = (day: string) => new Date(utcOf(day));
  if (range === 'month')
    return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      at(anchor),
    );
  const start = startOfWeek(anchor);
  const format = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return format.formatRange(at(start), at(addDays(start, 6)));
}

/** A day in the person's words (`{ weekday: 'short' }`, `{ dateStyle: 'full' }`, …). */
export function formatDayAs(day: string, options: Intl.DateTimeFormatOptions, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(new Date(utcOf(day)));
}

/** How a field's values sit on the calendar, or null when they are not dates at all. */
export function temporalKind(field: Field | undefined): TemporalKind | null {
  if (!field) return null;
  if (field.type === 'date') return 'date';
  if (field.type === 'datetime' || field.type === 'created_at' || field.type === 'updated_at')
    return 'instant';
  if (field.type === 'computed' && (field.resultType === 'date' || field.resultType === 'datetime'))
    return field.resultType === 'date' ? 'date' : 'instant';
  return null;
}

/** The day a value falls on, or null for no value or one that is not a date. */
export function dayOf(kind: TemporalKind, value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  if (kind === 'date') return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : localDay(date);
}

/** The first moment of a day where the person is, as an ISO instant. */
function localMidnight(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toISOString();
}

/**
 * The data API filter for events that show in `days`: those starting before the range ends
 * and — with an end field — ending in or after it (or starting in it, when they have no end).
 */
export function addRangeFilter(
  params: URLSearchParams,
  days: readonly string[],
  start: { id: string; kind: TemporalKind },
  end?: { id: string; kind: TemporalKind },
): URLSearchParams {
  const bound = (kind: TemporalKind, day: string) => (kind === 'date' ? day : localMidnight(day));
  const first = days[0]!;
  const after = addDays(days[days.length - 1]!, 1);
  params.append(start.id, `lt.${bound(start.kind, after)}`);
  if (end)
    params.append(
      'or',
      `(${start.id}.gte.${quote(bound(start.kind, first))},${end.id}.gte.${quote(bound(end.kind, first))})`,
    );
  else params.append(start.id, `gte.${bound(start.kind, first)}`);
  return params;
}

const quote = (value: string) => `"${value}"`;

/** A value moved by whole days: a day by the calendar, a moment keeping its local time of day. */
export function shiftValue(kind: TemporalKind, value: string, days: number): string {
  if (kind === 'date') return addDays(value.slice(0, 10), days);
  const date = new Date(value);
  date.setDate(date.getDate() + days);
  return date.toISOString();
}

export interface Placed<E> {
  event: E;
  startDay: string;
  endDay: string;
}

/** Each visible day's events: a multi-day event shows on every day it covers, in start order. */
export function eventsByDay<E>(
  placed: readonly Placed<E>[],
  days: readonly string[],
): Map<string, Placed<E>[]> {
  const byDay = new Map<string, Placed<E>[]>(days.map((day) => [day, []]));
  const sorted = [...placed].sort((a, b) => (a.startDay < b.startDay ? -1 : a.startDay > b.startDay ? 1 : 0));
  for (const item of sorted) {
    // Days compare as text; an end before the start counts as the start.
    const last = [item.startDay, item.endDay].sort()[1]!;
    for (const day of days) if (day >= item.startDay && day <= last) byDay.get(day)!.push(item);
  }
  return byDay;
}
