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
