/**
 * Dates, date-times and durations from what people and spreadsheets write. Only unambiguous
 * forms are read: `31/01/2026` could be two different days, so it is refused with an example of
 * the form that works rather than guessed.
 */
import { type Coerced, describeValue, fail } from './coerce-text.ts';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Milliseconds since the epoch, or undefined when the text is not an ISO date or date-time. */
function parseIso(text: string): { time: number; date: string } | undefined {
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  // Date.UTC rolls 31 February over into March; a day that does not exist is refused instead.
  const midnight = Date.UTC(year, month - 1, day);
  if (new Date(midnight).getUTCDate() !== day) return undefined;
  const ms = fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0;
  let time = midnight + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    time -= sign * offset * 60_000;
  }
  if (!Number.isFinite(time) || Number.isNaN(new Date(time).getTime())) return undefined;
  return { time, date: `${y}-${mo}-${d}` };
}

/** A calendar date, stored as `YYYY-MM-DD`; a date-time keeps the day it names, as written. */
export function coerceDate(raw: unknown): Coerced {
  const parsed = typeof raw === 'string' ? parseIso(raw.trim()) : undefined;
  if (!parsed) return fail(`must be a date like 2026-01-31, not ${describeValue(raw)}`);
  return { ok: true, value: parsed.date };
}

/** A moment, stored as ISO 8601 in UTC; one written without a zone is read as UTC. */
export function coerceDateTime(raw: unknown): Coerced {
  const parsed = typeof raw === 'string' ? parseIso(raw.trim()) : undefined;
  if (!parsed) return fail(`must be a date-time like 2026-01-31T09:30:00Z, not ${describeValue(raw)}`);
  return { ok: true, value: new Date(parsed.time).toISOString() };
}

const UNIT_SECONDS: [RegExp, number][] = [
  [/^(d|days?)$/, 86_400],
  [/^(h|hrs?|hours?)$/, 3_600],
  [/^(m|mins?|minutes?)$/, 60],
  [/^(s|secs?|seconds?)$/, 1],
];
const PART = /(\d+(?:\.\d+)?|\.\d+)\s*([a-z]+)\s*/gy;
const CLOCK = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/;
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

function durationSeconds(text: string): number | undefined {
  if (NUMBER.test(text)) return Number(text);
  const clock = CLOCK.exec(text);
  if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3] ?? 0);
  let total = 0;
  let end = 0;
  PART.lastIndex = 0;
  for (let match = PART.exec(text); match; match = PART.exec(text)) {
    const unit = UNIT_SECONDS.find(([pattern]) => pattern.test(match![2]!));
    if (!unit) return undefined;
    total += Number(match[1]) * unit[1];
    end = PART.lastIndex;
  }
  return end === text.length && end > 0 ? total : undefined;
}

/**
 * A duration, stored in seconds: a number is seconds; text may be `1h30m`, `90m`, `1.5h`,
 * `2 days`, `1:30` (h:mm), `1:30:15` or a bare number of seconds.
 */
export function coerceDuration(raw: unknown): Coerced {
  const wrong = fail(
    `must be a duration like "1h30m", "90m" or a number of seconds, not ${describeValue(raw)}`,
  );
  let seconds: number | undefined;
  if (typeof raw === 'number') seconds = Number.isFinite(raw) ? raw : undefined;
  else if (typeof raw === 'string') {
    const text = raw.trim().toLowerCase();
    if (text.startsWith('-')) return fail('must not be negative');
    seconds = durationSeconds(text);
  }
  if (seconds === undefined) return wrong;
  if (seconds < 0) return fail('must not be negative');
  // Fractions of a unit (1.1h) land on float noise; milliseconds are more than anyone means.
  return { ok: true, value: Math.round(seconds * 1000) / 1000 };
}

const DISPLAY_SECONDS = { minutes: 60, hours: 3600, days: 86_400 } as const;

/** Seconds in the field's display unit, for messages: 28800 → "480 minutes". */
export function formatDuration(seconds: number, unit: keyof typeof DISPLAY_SECONDS): string {
  const amount = Math.round((seconds / DISPLAY_SECONDS[unit]) * 100) / 100;
  return `${amount} ${amount === 1 ? unit.slice(0, -1) : unit}`;
}

/** Milliseconds of a stored date or date-time, for comparing against a field's bounds. */
export function instantOf(value: string): number {
  return parseIso(value)?.time ?? Number.NaN;
}
