import type { AppDefinition, View } from '../../../schemas/definitions.ts';

const opt = (id: string) => ({ id, label: id.toUpperCase(), color: 'gray' as const });
type Chart = Extract<View, { kind: 'chart' }>;
const chart = (id: string, extra: Partial<Chart>): Chart => ({
  id,
  label: id,
  kind: 'chart',
  tableId: 'deals',
  chartType: 'bar',
  aggregate: 'count',
  ...extra,
});

/**
 * A sales app for the viewer's suites: deals with a stage, a region, an amount and an internal
 * note that reps and guests never see, and charts over them (one over the note).
 */
export function salesApp(
  slug = 'sales',
  level: 'public' | 'private' | 'invite_only' = 'invite_only',
): AppDefinition {
  const every = { create: true, read: true, update: true, delete: true } as const;
  const hiddenFields = [{ tableId: 'deals', fieldId: 'internal_note' }];
  return {
    schemaVersion: 1,
    kind: 'app',
    name: 'Sales',
    slug,
    themeColor: '#0f766e',
    tables: [
      {
        id: 'deals',
        label: 'Deals',
        primaryFieldId: 'title',
        fields: [
          { id: 'title', label: 'Title', type: 'text', required: true },
          { id: 'stage', label: 'Stage', type: 'single_select', options: ['lead', 'won', 'lost'].map(opt) },
          { id: 'region', label: 'Region', type: 'single_select', options: ['north', 'south'].map(opt) },
          { id: 'amount', label: 'Amount', type: 'currency', currency: 'EUR' },
          { id: 'closed_on', label: 'Closed on', type: 'date' },
          { id: 'internal_note', label: 'Internal note', type: 'text' },
        ],
      },
    ],
    views: [
      {
        id: 'all_deals',
        label: 'Deals',
        kind: 'list',
        tableId: 'deals',
        columns: ['title', 'stage', 'internal_note'],
        pageSize: 50,
      },
      chart('by_stage', { xFieldId: 'stage', groupByFieldId: 'region' }),
      chart('amount_by_stage', {
        xFieldId: 'stage',
        aggregate: 'sum',
        yFieldId: 'amount',
        filter: {
          combinator: 'and',
          conditions: [
            { fieldId: 'stage', op: 'in', value: ['lead', 'won'] },
            { fieldId: 'title', op: 'not_contains', value: "o'brien; drop" },
          ],
        },
      }),
      chart('odd_titles', {
        chartType: 'number',
        filter: {
          combinator: 'or',
          conditions: [
            { fieldId: 'title', op: 'eq', value: '50% off_%' },
            { fieldId: 'title', op: 'starts_with', value: "O'Brien; drop table" },
            { fieldId: 'title', op: 'eq', value: "x' or '1'='1" },
          ],
        },
      }),
      chart('won_total', {
        chartType: 'number',
        aggregate: 'sum',
        yFieldId: 'amount',
        filter: { combinator: 'and', conditions: [{ fieldId: 'stage', op: 'eq', value: 'won' }] },
      }),
      chart('by_title', { chartType: 'pie', xFieldId: 'title' }),
      chart('by_day', { chartType: 'line', xFieldId: 'closed_on', aggregate: 'avg', yFieldId: 'amount' }),
      chart('by_note', { xFieldId: 'internal_note' }),
    ],
    access: {
      level,
      defaultRoleId: level === 'public' ? 'guest' : 'rep',
      roles: [
        { id: 'manager', label: 'Manager', tables: [{ tableId: 'deals', ...every, rowScope: 'all' }] },
        {
          id: 'rep',
          label: 'Sales rep',
          tables: [{ tableId: 'deals', ...every, rowScope: 'own' }],
          hiddenFields,
        },
        {
          id: 'guest',
          label: 'Guest',
          tables: [
            { tableId: 'deals', create: false, read: true, update: false, delete: false, rowScope: 'all' },
          ],
          hiddenFields,
        },
      ],
    },
    automations: [],
    navigation: [{ viewId: 'all_deals' }, { viewId: 'by_stage' }, { viewId: 'by_note' }],
  };
}

/** The owner's deals; titles that try to break out of SQL on purpose. */
export const OWNER_DEALS = [
  {
    title: 'Acme',
    stage: 'won',
    region: 'north',
    amount: 1200,
    closed_on: '2026-03-01',
    internal_note: 'discount 20%',
  },
  {
    title: "O'Brien; drop table app_data; --",
    stage: 'won',
    region: 'south',
    amount: 800.5,
    closed_on: '2026-03-01',
  },
  { title: 'Globex', stage: 'lead', region: 'north', amount: 300, internal_note: 'call back' },
  { title: '50% off_%', stage: 'lost', region: 'south', amount: 50, closed_on: '2026-02-27' },
  { title: 'Initech', stage: 'lead', region: 'south' },
  { title: 'Umbrella', region: 'north', amount: 10 },
];

/**
 * Companies and their deals, for charts over lookups and rollups: a deal's company tier and score
 * (lookups), a company's deal total, count and internal total (rollups). Guests see neither a
 * company's score nor a deal's internal figure, so the lookup and rollup of those read as empty.
 * (The definition checks refuse a rollup as a chart's y and a lookup as its series, so these
 * charts use them as x and in filters; `aggregate-sql.test.ts` covers the others.)
 */
export function accountsApp(slug = 'accounts'): AppDefinition {
  const read = { create: false, read: true, update: false, delete: false, rowScope: 'all' } as const;
  const every = { create: true, read: true, update: true, delete: true, rowScope: 'all' } as const;
  return {
    schemaVersion: 1,
    kind: 'app',
    name: 'Accounts',
    slug,
    themeColor: '#0f766e',
    tables: [
      {
        id: 'companies',
        label: 'Companies',
        primaryFieldId: 'name',
        fields: [
          { id: 'name', label: 'Name', type: 'text', required: true },
          { id: 'tier', label: 'Tier', type: 'single_select', options: ['gold', 'silver'].map(opt) },
          { id: 'score', label: 'Score', type: 'number' },
          {
            id: 'deals',
            label: 'Deals',
            type: 'relation',
            targetTableId: 'deals',
            cardinality: 'one_to_many',
            inverseFieldId: 'company',
          },
          {
            id: 'deal_total',
            label: 'Deal total',
            type: 'rollup',
            relationFieldId: 'deals',
            targetFieldId: 'amount',
            aggregate: 'sum',
          },
          {
            id: 'deal_count',
            label: 'Deal count',
            type: 'rollup',
            relationFieldId: 'deals',
            aggregate: 'count',
          },
          {
            id: 'internal_total',
            label: 'Internal total',
            type: 'rollup',
            relationFieldId: 'deals',
            targetFieldId: 'internal',
            aggregate: 'sum',
          },
        ],
      },
      {
        id: 'deals',
        label: 'Deals',
        primaryFieldId: 'title',
        fields: [
          { id: 'title', label: 'Title', type: 'text', required: true },
          { id: 'amount', label: 'Amount', type: 'currency', currency: 'EUR' },
          { id: 'internal', label: 'Internal', type: 'number' },
          {
            id: 'company',
            label: 'Company',
            type: 'relation',
            targetTableId: 'companies',
            cardinality: 'many_to_one',
            inverseFieldId: 'deals',
          },
          {
            id: 'company_tier',
            label: 'Company tier',
            type: 'lookup',
            relationFieldId: 'company',
            targetFieldId: 'tier',
          },
          {
            id: 'company_score',
            label: 'Company score',
            type: 'lookup',
            relationFieldId: 'company',
            targetFieldId: 'score',
          },
        ],
      },
    ],
    views: [
      {
        id: 'companies',
        label: 'Companies',
        kind: 'list',
        tableId: 'companies',
        columns: ['name'],
        pageSize: 50,
      },
      chart('deals_by_tier', { xFieldId: 'company_tier', aggregate: 'sum', yFieldId: 'amount' }),
      chart('deals_by_score', { xFieldId: 'company_score' }),
      chart('companies_by_deal_count', { tableId: 'companies', xFieldId: 'deal_count' }),
      chart('companies_by_internal_total', { tableId: 'companies', xFieldId: 'internal_total' }),
      chart('with_internal', {
        chartType: 'number',
        tableId: 'companies',
        filter: { combinator: 'and', conditions: [{ fieldId: 'internal_total', op: 'is_not_empty' }] },
      }),
    ],
    access: {
      level: 'public',
      defaultRoleId: 'guest',
      roles: [
        {
          id: 'manager',
          label: 'Manager',
          tables: [
            { tableId: 'companies', ...every },
            { tableId: 'deals', ...every },
          ],
        },
        {
          id: 'guest',
          label: 'Guest',
          tables: [
            { tableId: 'companies', ...read },
            { tableId: 'deals', ...read },
          ],
          hiddenFields: [
            { tableId: 'companies', fieldId: 'score' },
            { tableId: 'deals', fieldId: 'internal' },
          ],
        },
      ],
    },
    automations: [],
    navigation: [{ viewId: 'companies' }],
  };
}
