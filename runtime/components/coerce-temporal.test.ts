import { describe, expect, it } from 'vitest';
import type { Field } from '../../schemas/definitions.ts';
import { coerceValue } from './coerce.ts';
import { formatDuration } from './coerce-temporal.ts';

const date = { id: 'd', label: 'D', type: 'date' } as Field;
const datetime = { id: 't', label: 'T', type: 'datetime' } as Field;
const duration = { id: 'u', label: 'U', type: 'duration', displayUnit: 'minutes' } as Field;
const value = (field: Field, raw: unknown) => {
  const result = coerceValue(field, raw);
  return result.ok ? result.value : `ERROR ${result.message}`;
};

describe('coerceValue: dates', () => {
  it('stores a date as YYYY-MM-DD', () => {
    expect(value(date, '2026-01-31')).toBe('2026-01-31');
    expect(value(date, ' 2026-01-31 ')).toBe('2026-01-31');
  });

  it('keeps the day a date-time names, as written (not shifted to UTC)', () => {
    expect(value(date, '2026-01-31T23:30:00-05:00')).toBe('2026-01-31');
    expect(value(date, '2026-01-31 08:00')).toBe('2026-01-31');
  });

  it('refuses days that do not exist and ambiguous forms, with an example', () => {
    expect(value(date, '2026-02-30')).toBe('ERROR must be a date like 2026-01-31, not "2026-02-30"');
    expect(value(date, '31/01/2026')).toBe('ERROR must be a date like 2026-01-31, not "31/01/2026"');
    expect(value(date, '2026-13-01')).toMatch(/^ERROR/);
    expect(value(date, 20260131)).toMatch(/^ERROR/);
  });
});

describe('coerceValue: date-times', () => {
  it('stores a moment as ISO 8601 in UTC', () => {
    expect(value(datetime, '2026-01-31T10:00:00+02:00')).toBe('2026-01-31T08:00:00.000Z');
    expect(value(datetime, '2026-01-31T10:00:00.5Z')).toBe('2026-01-31T10:00:00.500Z');
    expect(value(datetime, '2026-01-31T10:00-0130')).toBe('2026-01-31T11:30:00.000Z');
  });

  it('reads a date-time without a zone, and a bare date, as UTC', () => {
    expect(value(datetime, '2026-01-31 10:15')).toBe('2026-01-31T10:15:00.000Z');
    expect(value(datetime, '2026-01-31')).toBe('2026-01-31T00:00:00.000Z');
  });

  it('refuses impossible times and other text', () => {
    expect(value(datetime, '2026-01-31T25:00:00Z')).toBe(
      'ERROR must be a date-time like 2026-01-31T09:30:00Z, not "2026-01-31T25:00:00Z"',
    );
    expect(value(datetime, 'tomorrow')).toMatch(/^ERROR must be a date-time/);
  });
});

describe('coerceValue: durations (stored in seconds)', () => {
  it('takes a number as seconds, and numeric text as seconds too', () => {
    expect(value(duration, 5400)).toBe(5400);
    expect(value(duration, '90')).toBe(90);
  });

  it('reads units: 1h30m, 90m, 1.5h, 2 days, 45s, 1 hour 5 minutes', () => {
    expect(value(duration, '1h30m')).toBe(5400);
    expect(value(duration, '90m')).toBe(5400);
    expect(value(duration, '1.5h')).toBe(5400);
    expect(value(duration, '2 days')).toBe(172_800);
    expect(value(duration, '45s')).toBe(45);
    expect(value(duration, '1 hour 5 minutes')).toBe(3900);
    expect(value(duration, '1H 30M')).toBe(5400);
  });

  it('reads clock forms h:mm and h:mm:ss', () => {
    expect(value(duration, '1:30')).toBe(5400);
    expect(value(duration, '0:01:15')).toBe(75);
  });

  it('refuses negative durations, unknown units and other text', () => {
    expect(value(duration, -5)).toBe('ERROR must not be negative');
    expect(value(duration, '-1h')).toBe('ERROR must not be negative');
    expect(value(duration, '3 weeks')).toBe(
      'ERROR must be a duration like "1h30m", "90m" or a number of seconds, not "3 weeks"',
    );
    expect(value(duration, '1h30')).toMatch(/^ERROR must be a duration/);
    expect(value(duration, 'soon')).toMatch(/^ERROR must be a duration/);
  });

  it('shows seconds in the display unit for messages', () => {
    expect(formatDuration(28_800, 'minutes')).toBe('480 minutes');
    expect(formatDuration(3600, 'hours')).toBe('1 hour');
    expect(formatDuration(5400, 'hours')).toBe('1.5 hours');
  });
});
