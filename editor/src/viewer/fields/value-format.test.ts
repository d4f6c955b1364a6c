import { describe, expect, it } from 'vitest';
import type { AppDefinition } from '../../../../schemas/app/app-definition.ts';
import crm from '../../../../schemas/examples/crm-lite.app.json' with { type: 'json' };
import {
  chosenOptions,
  filesOf,
  formatCurrency,
  formatDate,
  formatDateTime,
  formatDuration,
  formatFileSize,
  formatNumber,
  formatPercent,
  phoneHref,
  presentationOf,
  relatedRows,
  safeHref,
  valueText,
} from './value-format.ts';

const app = crm as unknown as AppDefinition;
const table = (id: string) => app.tables.find((t) => t.id === id)!;
const field = (tableId: string, fieldId: string) => table(tableId).fields.find((f) => f.id === fieldId)!;
const present = (tableId: string, fieldId: string) =>
  presentationOf(app, table(tableId), field(tableId, fieldId));

describe('numbers read as the field says', () => {
  it('keeps a number field’s precision', () => {
    expect(formatNumber(1234.5, 2, 'en-US')).toBe('1,234.50');
    expect(formatNumber(3, 0, 'en-US')).toBe('3');
    expect(formatNumber(0.123456, undefined, 'en-US')).toBe('0.1235');
  });
  it('shows currency with its code’s symbol, and unknown codes as the code', () => {
    expect(formatCurrency(25000, 'EUR', 'en-US')).toBe('€25,000.00');
    expect(formatCurrency(1.5, 'USD', 'de-DE')).toMatch(/^1,50\s\$$/);
    expect(formatCurrency(2, 'XYZ', 'en-US')).toMatch(/2\.00/);
  });
  it('reads a percent field’s 25 as 25 %', () => {
    expect(formatPercent(25, 'en-US')).toBe('25%');
    expect(formatPercent(12.5, 'en-US')).toBe('12.5%');
  });
  it('shows durations (stored in seconds) in the field’s unit and the next one down', () => {
    expect(formatDuration(5400, 'hours', 'en-US')).toBe('1 h 30 min');
    expect(formatDuration(5400, 'minutes', 'en-US')).toBe('90 min');
    expect(formatDuration(2 * 86_400 + 4 * 3600 + 59, 'days', 'en-US')).toBe('2 d 4 h');
    expect(formatDuration(1800, 'hours', 'en-US')).toBe('30 min');
    expect(formatDuration(45, 'hours', 'en-US')).toBe('45 s');
  });
  it('sizes files in B, KB, MB', () => {
    expect(formatFileSize(512, 'en-US')).toBe('512 B');
    expect(formatFileSize(2048, 'en-US')).toBe('2 KB');
    expect(formatFileSize(3.5 * 1024 * 1024, 'en-US')).toBe('3.5 MB');
  });
});

describe('dates', () => {
  it('shows a date as its calendar day in any time zone', () => {
    expect(formatDate('2026-01-31', 'en-US')).toBe('Jan 31, 2026');
    expect(formatDate('not a date', 'en-US')).toBe('not a date');
  });
  it('shows a moment in the reader’s time zone', () => {
    expect(formatDateTime('2026-01-31T23:30:00Z', 'en-US', 'UTC')).toBe('Jan 31, 2026, 11:30 PM');
    expect(formatDateTime('2026-01-31T23:30:00Z', 'en-US', 'Europe/Berlin')).toBe('Feb 1, 2026, 12:30 AM');
  });
});

describe('links only where they are safe', () => {
  it('links http and https addresses, never javascript: or data:', () => {
    expect(safeHref('https://example.com/a')).toBe('https://example.com/a');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });
  it('dials phone numbers by their digits', () => {
    expect(phoneHref('+49 (30) 123-456')).toBe('tel:+4930123456');
    expect(phoneHref('ask me')).toBeNull();
  });
});

describe('presentationOf: how a field’s value is shown', () => {
  it('shows a lookup like the field it looks up', () => {
    expect(present('contacts', 'company_industry')).toMatchObject({ kind: 'choice', multiple: false });
    expect(present('deals', 'company_name')).toEqual({ kind: 'text' });
  });
  it('shows a sum of amounts as an amount, and a count as a whole number', () => {
    expect(present('companies', 'total_deal_value')).toEqual({ kind: 'currency', currency: 'USD' });
    expect(present('companies', 'deal_count')).toEqual({ kind: 'number', precision: 0 });
  });
  it('shows a computed value by its result type', () => {
    expect(present('contacts', 'full_name')).toEqual({ kind: 'text' });
  });
  it('shows relations and timestamps for what they are', () => {
    expect(present('contacts', 'company')).toEqual({
      kind: 'relation',
      targetTableId: 'companies',
      toMany: false,
    });
    expect(present('contacts', 'deals')).toEqual({ kind: 'relation', targetTableId: 'deals', toMany: true });
    expect(present('companies', 'created_at')).toEqual({ kind: 'datetime' });
  });
});

describe('choices, files and related rows', () => {
  const options = [
    { id: 'a', label: 'Alpha', color: 'red' as const },
    { id: 'b', label: 'Beta', color: 'blue' as const },
  ];
  it('lists chosen options in the field’s order and keeps ids no longer defined', () => {
    expect(chosenOptions(options, ['b', 'a']).map((o) => o.label)).toEqual(['Alpha', 'Beta']);
    expect(chosenOptions(options, 'gone')).toEqual([{ id: 'gone', label: 'gone', color: 'gray' }]);
    expect(chosenOptions(options, null)).toEqual([]);
  });
  it('reads files, skipping what is not one', () => {
    expect(
      filesOf([{ name: 'a.png', key: 'k/a.png', type: 'image/png', size: 1 }, { nope: 1 }, 'x']),
    ).toEqual([{ name: 'a.png', key: 'k/a.png', type: 'image/png', size: 1 }]);
  });
  it('names related rows from the embedded rows, or gives their ids', () => {
    expect(relatedRows('r1', { id: 'r1', name: 'Acme' }, 'name')).toEqual([{ id: 'r1', label: 'Acme' }]);
    expect(relatedRows(['r1', 'r2'], [{ id: 'r1', name: '' }], 'name')).toEqual([{ id: 'r1', label: null }]);
    expect(relatedRows(['r1', 'r2'], null, 'name')).toEqual([
      { id: 'r1', label: null },
      { id: 'r2', label: null },
    ]);
  });
});

describe('valueText: a value as words', () => {
  it('reads each kind', () => {
    expect(valueText({ kind: 'boolean' }, true)).toBe('Yes');
    expect(valueText({ kind: 'boolean' }, false)).toBe('No');
    expect(valueText({ kind: 'rating', max: 5 }, 3)).toBe('3 of 5');
    expect(valueText({ kind: 'currency', currency: 'EUR' }, '1200', 'en-US')).toBe('€1,200.00');
    expect(valueText(present('companies', 'industry'), 'software')).toBe('Software');
    expect(valueText({ kind: 'list', item: { kind: 'number', precision: 1 } }, [1, 2], 'en-US')).toBe(
      '1.0, 2.0',
    );
    expect(valueText({ kind: 'url' }, 'https://acme.test/')).toBe('acme.test');
  });
  it('is empty for empty values', () => {
    for (const empty of [null, undefined, '', '  ', []]) expect(valueText({ kind: 'text' }, empty)).toBe('');
  });
});
