import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allFieldsVisible, parseReadQuery } from '../../../../../runtime/components/query/index.ts';
import { AppDefinition } from '../../../../../schemas/app/app-definition.ts';
import crmJson from '../../../../../schemas/examples/crm-lite.app.json' with { type: 'json' };
import {
  addDays,
  addRangeFilter,
  dayOf,
  daysBetween,
  eventsByDay,
  inMonth,
  rangeTitle,
  shiftAnchor,
  shiftValue,
  startOfWeek,
  visibleDays,
} from './calendar-range.ts';

// Date-times are placed and moved in the person's time zone; pin one with a daylight-saving change.
const zone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Berlin';
});
afterAll(() => {
  process.env.TZ = zone;
});

describe('calendar ranges', () => {
  it('shows whole weeks from Monday that cover the month', () => {
    const days = visibleDays('month', '2026-03-15');
    expect(days[0]).toBe('2026-02-23');
    expect(days.at(-1)).toBe('2026-04-05');
    expect(days.length % 7).toBe(0);
    expect(inMonth('2026-02-28', '2026-03-15')).toBe(false);
    expect(inMonth('2026-03-01', '2026-03-15')).toBe(true);
  });

  it('shows Monday to Sunday for a week, across a month and a year end', () => {
    expect(visibleDays('week', '2026-01-01')).toEqual([
      '2025-12-29',
      '2025-12-30',
      '2025-12-31',
      '2026-01-01',
      '2026-01-02',
      '2026-01-03',
      '2026-01-04',
    ]);
    expect(startOfWeek('2026-03-08')).toBe('2026-03-02');
  });

  it('steps a month or a week back and forth (31 January → February, not March)', () => {
    expect(shiftAnchor('month', '2026-01-31', 1)).toBe('2026-02-01');
    expect(shiftAnchor('month', '2026-01-15', -1)).toBe('2025-12-01');
    expect(shiftAnchor('week', '2026-03-02', 1)).toBe('2026-03-09');
  });

  it('counts days across the daylight-saving change without losing one', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-03-30', '2026-03-28')).toBe(-2);
  });

  it('titles a month and a week in words', () => {
    expect(rangeTitle('month', '2026-03-15', 'en-GB')).toBe('March 2026');
    expect(rangeTitle('week', '2026-03-04', 'en-GB')).toMatch(/^2.*8 Mar 2026$/);
  });
});

describe('placing and moving events', () => {
  it('places a date-time on the day it falls on where the person is', () => {
    // 23:30 UTC on 9 March is 00:30 on 10 March in Berlin.
    expect(dayOf('instant', '2026-03-09T23:30:00Z')).toBe('2026-03-10');
    expect(dayOf('date', '2026-03-09')).toBe('2026-03-09');
    expect(dayOf('date', null)).toBeNull();
  });

  it('moves a date by days, and a date-time keeping its local time across a DST change', () => {
    expect(shiftValue('date', '2026-03-31', 1)).toBe('2026-04-01');
    // 09:00 in Berlin on 28 March (UTC+1) moved two days is 09:00 on 30 March (UTC+2).
    expect(shiftValue('instant', '2026-03-28T08:00:00.000Z', 2)).toBe('2026-03-30T07:00:00.000Z');
  });

  it('lists a multi-day event on every visible day it covers, in start order', () => {
    const days = visibleDays('week', '2026-03-04');
    const byDay = eventsByDay(
      [
        { event: 'trip', startDay: '2026-02-27', endDay: '2026-03-03' },
        { event: 'call', startDay: '2026-03-03', endDay: '2026-03-03' },
        { event: 'odd', startDay: '2026-03-05', endDay: '2026-03-01' },
      ],
      days,
    );
    expect(byDay.get('2026-03-02')!.map((p) => p.event)).toEqual(['trip']);
    expect(byDay.get('2026-03-03')!.map((p) => p.event)).toEqual(['trip', 'call']);
    expect(byDay.get('2026-03-04')).toEqual([]);
    expect(byDay.get('2026-03-05')!.map((p) => p.event)).toEqual(['odd']);
  });
});

describe('the range filter the calendar reads its events with', () => {
  const crm = AppDefinition.parse(crmJson);
  const parses = (tableId: string, params: URLSearchParams) => {
    const result = parseReadQuery(params, { app: crm, tableId, visible: allFieldsVisible(crm) });
    expect(result.ok, JSON.stringify(!result.ok && result.error)).toBe(true);
  };

  it('asks for date-times from local midnight of the first day to that of the day after the last', () => {
    const params = addRangeFilter(new URLSearchParams(), visibleDays('week', '2026-03-04'), {
      id: 'happened_at',
      kind: 'instant',
    });
    expect(params.getAll('happened_at')).toEqual([
      'lt.2026-03-08T23:00:00.000Z',
      'gte.2026-03-01T23:00:00.000Z',
    ]);
    parses('activities', params);
  });

  it('asks for days as days, and with an end field also for events that started earlier', () => {
    const params = addRangeFilter(
      new URLSearchParams(),
      visibleDays('week', '2026-03-04'),
      { id: 'expected_close', kind: 'date' },
      { id: 'closed_on', kind: 'instant' },
    );
    expect(params.get('expected_close')).toBe('lt.2026-03-09');
    expect(params.get('or')).toBe(
      '(expected_close.gte."2026-03-02",closed_on.gte."2026-03-01T23:00:00.000Z")',
    );
    parses('deals', params);
  });
});
