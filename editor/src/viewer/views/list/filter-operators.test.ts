import { describe, expect, it } from 'vitest';
import type { AppDefinition } from '../../../../../schemas/app/app-definition.ts';
import crm from '../../../../../schemas/examples/crm-lite.app.json' with { type: 'json' };
import { describeFilter, filterOperators, filterValue } from './filter-operators.ts';

const app = crm as unknown as AppDefinition;
const table = (id: string) => app.tables.find((t) => t.id === id)!;
const ops = (tableId: string, fieldId: string) =>
  filterOperators(app, table(tableId), table(tableId).fields.find((f) => f.id === fieldId)!).map((c) => c.op);

describe('filterOperators: only operators that mean something for the field', () => {
  it('offers text matching on text, order on numbers and dates, choices on selects', () => {
    expect(ops('companies', 'name')).toContain('contains');
    expect(ops('companies', 'name')).not.toContain('gt');
    expect(ops('deals', 'amount')).toEqual([
      'eq',
      'neq',
      'gt',
      'gte',
      'lt',
      'lte',
      'is_empty',
      'is_not_empty',
    ]);
    expect(ops('contacts', 'last_contacted')).toContain('lt');
    expect(ops('companies', 'industry')).toEqual(['eq', 'neq', 'in', 'not_in', 'is_empty', 'is_not_empty']);
  });
  it('offers only "is empty" on relations and files, whose ids and keys mean nothing to a person', () => {
    expect(ops('contacts', 'company')).toEqual(['is_empty', 'is_not_empty']);
    expect(ops('companies', 'logo')).toEqual(['is_empty', 'is_not_empty']);
  });
  it('treats a lookup of a choice as that choice', () => {
    expect(ops('contacts', 'company_industry')).toContain('in');
  });
});

describe('filterValue: typed values as the filter stores them', () => {
  const companies = table('companies');
  const name = companies.fields.find((f) => f.id === 'name')!;
  it('parses numbers, keeps dates, turns local date-times into instants', () => {
    expect(filterValue(app, companies, name, 'number', '12.5')).toBe(12.5);
    expect(filterValue(app, companies, name, 'number', 'abc')).toBeNull();
    expect(filterValue(app, companies, name, 'date', '2026-03-01')).toBe('2026-03-01');
    expect(filterValue(app, companies, name, 'datetime', '2026-03-01T10:00')).toMatch(
      /^2026-03-01T\d\d:00:00\.000Z$/,
    );
    expect(filterValue(app, companies, name, 'boolean', 'false')).toBe(false);
    expect(filterValue(app, companies, name, 'options', [])).toBeNull();
    expect(filterValue(app, companies, name, 'text', '  ')).toBeNull();
  });
});

describe('describeFilter: a filter as words on its chip', () => {
  it('names the field, the operator and the value as a person reads them', () => {
    const deals = table('deals');
    expect(
      describeFilter(app, table('companies'), {
        fieldId: 'industry',
        op: 'in',
        value: ['software', 'retail'],
      }),
    ).toBe('Industry is any of Software or Retail');
    expect(describeFilter(app, table('companies'), { fieldId: 'name', op: 'contains', value: 'acme' })).toBe(
      'Company contains “acme”',
    );
    expect(describeFilter(app, deals, { fieldId: 'expected_close', op: 'is_empty' })).toMatch(/ is empty$/);
    expect(describeFilter(app, deals, { fieldId: 'amount', op: 'gte', value: 1000 }, 'en-US')).toMatch(
      /is at least \$1,000\.00$/,
    );
  });
});
