import type { Db } from '../api/store/db.ts';
import type { AppDefinition } from '../schemas/definitions.ts';

// The app the data-API benchmark publishes and fills: one public table of ten fields, and a
// list view (open tasks, latest due date first, 50 a page) whose filter and sort are the query
// the benchmark sends.

export const TABLE_ID = 'tasks';
export const STAGES = ['open', 'in_progress', 'blocked', 'done', 'archived'] as const;

/** The query under test: a single-select filter, a date sort, a page of 50. */
export const QUERY =
  'select=id,title,stage,due,priority,urgent&stage=eq.open&order=due.desc.nullslast&limit=50';

export function benchApp(slug: string): AppDefinition {
  return {
    schemaVersion: 1,
    kind: 'app',
    name: 'Bench tasks',
    slug,
    themeColor: '#0f766e',
    tables: [
      {
        id: TABLE_ID,
        label: 'Tasks',
        primaryFieldId: 'title',
        fields: [
          { id: 'title', label: 'Title', type: 'text', required: true, maxLength: 200 },
          {
            id: 'stage',
            label: 'Stage',
            type: 'single_select',
            default: 'open',
            options: [
              { id: 'open', label: 'Open', color: 'blue' },
              { id: 'in_progress', label: 'In progress', color: 'yellow' },
              { id: 'blocked', label: 'Blocked', color: 'red' },
              { id: 'done', label: 'Done', color: 'green' },
              { id: 'archived', label: 'Archived', color: 'gray' },
            ],
          },
          { id: 'due', label: 'Due', type: 'date' },
          { id: 'priority', label: 'Priority', type: 'number', min: 1, max: 5 },
          { id: 'estimate', label: 'Estimate (h)', type: 'number', min: 0 },
          { id: 'urgent', label: 'Urgent', type: 'boolean' },
          { id: 'owner_email', label: 'Owner e-mail', type: 'email' },
          { id: 'notes', label: 'Notes', type: 'long_text', maxLength: 5000 },
          { id: 'link', label: 'Link', type: 'url' },
          { id: 'budget', label: 'Budget', type: 'currency', currency: 'EUR', min: 0 },
        ],
      },
    ],
    views: [
      {
        id: 'open_by_due',
        label: 'Open tasks',
        kind: 'list',
        tableId: TABLE_ID,
        columns: ['title', 'stage', 'due', 'priority', 'urgent'],
        filter: { combinator: 'and', conditions: [{ fieldId: 'stage', op: 'eq', value: 'open' }] },
        sort: [{ fieldId: 'due', direction: 'desc' }],
        pageSize: 50,
      },
    ],
    access: {
      level: 'public',
      defaultRoleId: 'visitor',
      roles: [
        {
          id: 'visitor',
          label: 'Visitor',
          tables: [
            { tableId: TABLE_ID, create: false, read: true, update: false, delete: false, rowScope: 'all' },
          ],
          hiddenFields: [{ tableId: TABLE_ID, fieldId: 'owner_email' }],
        },
      ],
    },
    automations: [],
    navigation: [{ viewId: 'open_by_due' }],
  };
}

/**
 * Rows `from..to` (1-based, inclusive) of the table, straight into app_data as the owner. Stages
 * cycle through the five options (20% open); one row in twenty, picked by a hash so it is
 * independent of the stage, has no due date (the key is left out, as the write pipeline stores an
 * empty field); due dates spread over three years by a hash of the row number.
 */
const INSERT_ROWS = `
insert into public.app_data (user_id, app_id, table_id, data, created_at)
select $1::uuid, $2::uuid, $3::text,
  jsonb_strip_nulls(jsonb_build_object(
    'title', 'Task ' || g,
    'stage', (array['open','in_progress','blocked','done','archived'])[1 + g % 5],
    'due', case when abs(hashint4(g + 7)::bigint) % 20 = 0 then null
                else to_char(date '2024-01-01' + (abs(hashint4(g)::bigint) % 1096)::int, 'YYYY-MM-DD') end,
    'priority', 1 + (g::bigint * 31) % 5,
    'estimate', ((g::bigint * 17) % 400) / 10.0,
    'urgent', g % 7 = 0,
    'owner_email', 'user' || (g % 500) || '@example.test',
    'notes', 'Notes for task ' || g || ': ' || repeat('lorem ipsum ', 1 + g % 8),
    'link', 'https://example.test/tasks/' || g,
    'budget', ((g::bigint * 13) % 100000) / 100.0
  )),
  timestamptz '2026-01-01' + g * interval '1 second'
from generate_series($4::int, $5::int) g`;

export interface LoadReport {
  lines: string[];
}

/**
 * Inserts `total` rows in batches. The first `probe` rows go through the per-row counter trigger
 * (`app_data_count_rows`, which also enforces the plan's row limit); when they show the
 * whole load would take longer than `triggerBudgetMs`, the rest is inserted with the trigger
 * disabled and the counter set once afterwards. What happened is reported.
 */
export async function loadRows(
  db: Db,
  ids: { userId: string; appId: string },
  total: number,
  probe: number,
  triggerBudgetMs = 20_000,
): Promise<LoadReport> {
  const batch = 10_000;
  const lines: string[] = [];
  const insert = (from: number, to: number) =>
    db.asOwner((tx) => tx.query(INSERT_ROWS, [ids.userId, ids.appId, TABLE_ID, from, to]));
  let started = performance.now();
  // The probe in two halves, to see whether the per-row trigger gets slower as the app grows.
  const half = Math.floor(Math.min(probe, total) / 2);
  await insert(1, half);
  const halfMs = performance.now() - started;
  let done = Math.min(probe, total);
  await insert(half + 1, done);
  const firstMs = performance.now() - started;
  const projected = (firstMs * total) / done;
  const triggerOn = projected <= triggerBudgetMs;
  lines.push(
    `first ${done.toLocaleString('en')} rows with the row-counter trigger: ${(firstMs / 1000).toFixed(1)} s ` +
      `(${Math.round((done / firstMs) * 1000).toLocaleString('en')} rows/s: first half ${(halfMs / 1000).toFixed(1)} s, second ${((firstMs - halfMs) / 1000).toFixed(1)} s; ` +
      `all ${total.toLocaleString('en')} would take >= ~${(projected / 1000).toFixed(0)} s)`,
  );
  started = performance.now();
  if (!triggerOn) {
    await db.asOwner(async (tx) => {
      await tx.query('alter table public.app_data disable trigger app_data_count_rows');
    });
  }
  try {
    while (done < total) {
      const to = Math.min(done + batch, total);
      await insert(done + 1, to);
      done = to;
    }
  } finally {
    if (!triggerOn) {
      await db.asOwner(async (tx) => {
        await tx.query('alter table public.app_data enable trigger app_data_count_rows');
        await tx.query(
          'update public.app_definitions set row_count = (select count(*) from public.app_data where app_id = $1) where id = $1',
          [ids.appId],
        );
      });
    }
  }
  const restMs = performance.now() - started;
  lines.push(
    triggerOn
      ? `remaining rows with the trigger on: ${(restMs / 1000).toFixed(1)} s`
      : `remaining ${(total - Math.min(probe, total)).toLocaleString('en')} rows with the trigger DISABLED (too slow for the 5-minute budget), row_count set once after: ${(restMs / 1000).toFixed(1)} s`,
  );
  started = performance.now();
  await db.asOwner((tx) => tx.query('analyze public.app_data'));
  lines.push(`analyze app_data: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { lines };
}
