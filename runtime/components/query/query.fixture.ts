import type { AppDefinition } from '../../../schemas/definitions.ts';
import type { ReadQuery, Visibility } from './ast.ts';
import { allFieldsVisible } from './columns.ts';
import { parseReadQuery } from './postgrest.ts';
import { projectRows } from './project.ts';
import {
  type CompileOptions,
  compileCount,
  compileSelect,
  compileSelectJson,
  type RawRow,
  type RowScope,
} from './sql.ts';

/**
 * A people-and-teams app, ~50 seeded rows with empty values, ties and SQL metacharacters, and the
 * `app_data` DDL copied from `supabase/migrations/20261125000200_components.sql` (without the
 * foreign key to app_definitions and the `auth.uid()` default, which need the other tables).
 * Pure: the test files bring their own PGlite.
 */

export const APP_ID = '6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab';
export const OTHER_APP_ID = '7a1c2d3e-4a5b-4c6d-8e7f-0123456789ab';
export const END_USER = '9e000000-0000-4000-8000-000000000001';

export const APP_DATA_DDL = `
create table public.app_data (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default '00000000-0000-0000-0000-000000000000',
  app_id uuid not null,
  table_id text not null,
  end_user_id uuid,
  data jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index app_data_table_idx on public.app_data (app_id, table_id, created_at, id);
`;

const opt = (id: string) => ({ id, label: id, color: 'gray' as const });

export function peopleApp(): AppDefinition {
  return {
    schemaVersion: 1,
    kind: 'app',
    name: 'People',
    slug: 'people',
    themeColor: '#4f46e5',
    tables: [
      {
        id: 'people',
        label: 'People',
        primaryFieldId: 'name',
        fields: [
          { id: 'name', label: 'Name', type: 'text' },
          { id: 'email', label: 'E-mail', type: 'email' },
          { id: 'age', label: 'Age', type: 'number' },
          { id: 'score', label: 'Score', type: 'number', precision: 2 },
          { id: 'active', label: 'Active', type: 'boolean' },
          { id: 'birthday', label: 'Birthday', type: 'date' },
          { id: 'last_seen', label: 'Last seen', type: 'datetime' },
          {
            id: 'level',
            label: 'Level',
            type: 'single_select',
            options: ['junior', 'mid', 'senior'].map(opt),
          },
          { id: 'tags', label: 'Tags', type: 'multi_select', options: ['a', 'b', 'c'].map(opt) },
          { id: 'team', label: 'Team', type: 'relation', targetTableId: 'teams', cardinality: 'many_to_one' },
          {
            id: 'friends',
            label: 'Friends',
            type: 'relation',
            targetTableId: 'people',
            cardinality: 'many_to_many',
          },
          { id: 'salary', label: 'Salary', type: 'currency', currency: 'EUR' },
          { id: 'code', label: 'Code', type: 'autonumber', prefix: 'P-' },
          { id: 'created', label: 'Created', type: 'created_at' },
          {
            id: 'avatar',
            label: 'Avatar',
            type: 'attachment',
            allowedTypes: ['image/*'],
            maxSizeMb: 1,
            maxFiles: 1,
          },
        ],
      },
      {
        id: 'teams',
        label: 'Teams',
        primaryFieldId: 'name',
        fields: [
          { id: 'name', label: 'Name', type: 'text' },
          { id: 'budget', label: 'Budget', type: 'currency', currency: 'EUR' },
          {
            id: 'members',
            label: 'Members',
            type: 'relation',
            targetTableId: 'people',
            cardinality: 'one_to_many',
          },
          { id: 'note', label: 'Note', type: 'long_text' },
        ],
      },
    ],
    views: [
      {
        id: 'seniors',
        label: 'Seniors by age',
        kind: 'list',
        tableId: 'people',
        columns: ['name', 'age'],
        pageSize: 7,
        filter: { combinator: 'and', conditions: [{ fieldId: 'level', op: 'eq', value: 'senior' }] },
        sort: [{ fieldId: 'age', direction: 'desc' }],
      },
      {
        id: 'roster',
        label: 'Roster',
        kind: 'list',
        tableId: 'people',
        columns: ['name'],
        pageSize: 5,
        sort: [
          { fieldId: 'birthday', direction: 'asc' },
          { fieldId: 'name', direction: 'asc' },
        ],
      },
      {
        id: 'cards',
        label: 'Cards',
        kind: 'card_grid',
        tableId: 'people',
        titleFieldId: 'name',
        fields: ['score'],
        sort: [
          { fieldId: 'score', direction: 'desc' },
          { fieldId: 'name', direction: 'asc' },
        ],
      },
      {
        id: 'board',
        label: 'Board',
        kind: 'kanban',
        tableId: 'people',
        groupByFieldId: 'level',
        cardTitleFieldId: 'name',
        cardFields: [],
      },
      {
        id: 'birthdays',
        label: 'Birthdays',
        kind: 'calendar',
        tableId: 'people',
        startFieldId: 'birthday',
        titleFieldId: 'name',
        defaultRange: 'month',
      },
      {
        id: 'seen',
        label: 'Seen',
        kind: 'calendar',
        tableId: 'people',
        startFieldId: 'last_seen',
        titleFieldId: 'name',
        defaultRange: 'week',
      },
      {
        id: 'person',
        label: 'Person',
        kind: 'detail',
        tableId: 'people',
        sections: [{ label: 'P', fields: ['name'] }],
      },
    ],
    access: {
      level: 'public',
      roles: [{ id: 'visitor', label: 'Visitor', tables: [] }],
      defaultRoleId: 'visitor',
    },
    automations: [],
    navigation: [],
  };
}

/**
 * The same app with lookups and rollups: a person's team (its name, budget and note, and its
 * member count, a lookup of a rollup) and friends' names; a team's members counted, summed and so on.
 */
export function derivedApp(): AppDefinition {
  const app = peopleApp();
  const [people, teams] = app.tables as [AppDefinition['tables'][number], AppDefinition['tables'][number]];
  const lookup = (id: string, relationFieldId: string, targetFieldId: string) =>
    ({ id, label: id, type: 'lookup', relationFieldId, targetFieldId }) as const;
  const rollup = (id: string, aggregate: 'count' | 'sum' | 'avg' | 'min' | 'max', targetFieldId?: string) =>
    ({
      id,
      label: id,
      type: 'rollup',
      relationFieldId: 'members',
      aggregate,
      ...(targetFieldId ? { targetFieldId } : {}),
    }) as const;
  people.fields.push(
    lookup('team_name', 'team', 'name'),
    lookup('team_budget', 'team', 'budget'),
    lookup('team_note', 'team', 'note'),
    lookup('team_size', 'team', 'member_count'),
    lookup('friend_names', 'friends', 'name'),
  );
  teams.fields.push(
    rollup('member_count', 'count'),
    rollup('total_age', 'sum', 'age'),
    rollup('avg_score', 'avg', 'score'),
    rollup('youngest_birthday', 'max', 'birthday'),
    rollup('last_seen_any', 'max', 'last_seen'),
    rollup('first_created', 'min', 'created'),
    rollup('total_salary', 'sum', 'salary'),
    lookup('member_names', 'members', 'name'),
  );
  app.views.push(
    {
      id: 'team_board',
      label: 'Teams by size',
      kind: 'list',
      tableId: 'teams',
      columns: ['name', 'member_count', 'total_salary'],
      pageSize: 2,
      sort: [{ fieldId: 'member_count', direction: 'desc' }],
    },
    {
      id: 'red_people',
      label: 'People of Red',
      kind: 'list',
      tableId: 'people',
      columns: ['name', 'team_name', 'team_size'],
      pageSize: 5,
      filter: { combinator: 'and', conditions: [{ fieldId: 'team_name', op: 'eq', value: 'Red' }] },
      sort: [{ fieldId: 'name', direction: 'asc' }],
    },
  );
  return app;
}

/** What a visitor sees: everything but `people.salary` and `teams.note`. */
export function visitorVisibility(app: AppDefinition = peopleApp()) {
  const visible = new Map([...allFieldsVisible(app)].map(([t, f]) => [t, new Set(f)]));
  visible.get('people')!.delete('salary');
  visible.get('teams')!.delete('note');
  return visible;
}

export const personId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
export const teamId = (i: number) => `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** Names that try to break out of a parameter, a LIKE pattern or PostgREST's list syntax. */
export const TRICKY_NAMES = [
  "O'Brien",
  '50% off',
  'under_score',
  'back\\slash',
  "'; drop table app_data; --",
  'a,b',
  '(paren)',
  'say "hi"',
  'Ärger Ümlaut',
  'Star*Name',
];

const pad = (n: number) => String(n).padStart(2, '0');

export interface SeedRow {
  id: string;
  tableId: string;
  endUserId: string | null;
  createdAt: string;
  data: Record<string, unknown>;
}

export const PEOPLE = 50;

export function seedRows(): SeedRow[] {
  const rows: SeedRow[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const data: Record<string, unknown> = {
      name: TRICKY_NAMES[i] ?? `Person ${pad(i)}`,
      email: `p${i}@example.com`,
    };
    if (i % 7 !== 0) data.age = 20 + ((i * 7) % 40);
    if (i % 5 !== 0) data.score = ((i * 13) % 100) / 4;
    if (i % 4 !== 0) data.active = i % 2 === 0;
    if (i % 6 !== 0) data.birthday = `19${70 + (i % 30)}-${pad(1 + (i % 12))}-${pad(1 + (i % 28))}`;
    if (i % 8 !== 0)
      data.last_seen = `2026-01-${pad(1 + (i % 28))}T${pad(i % 24)}:30:00${i % 2 ? 'Z' : '+02:00'}`;
    if (i % 10 !== 9) data.level = ['junior', 'mid', 'senior'][i % 3];
    data.tags = [[], ['a'], ['a', 'b'], ['c']][i % 4];
    data.team = i % 5 === 4 ? null : teamId(i % 3);
    if (i % 3 === 0) data.friends = [personId((i + 1) % PEOPLE), personId((i + 2) % PEOPLE)];
    data.salary = 1000 + i;
    data.code = `P-${String(i).padStart(3, '0')}`;
    if (i % 2) data.avatar = [{ name: 'a.png', url: '/a.png', size: 10, type: 'image/png' }];
    // Two rows per minute, so `created_at` ties and only `id` orders them.
    const createdAt = new Date(Date.UTC(2026, 0, 1, 0, Math.floor(i / 2))).toISOString();
    rows.push({ id: personId(i), tableId: 'people', endUserId: i < 10 ? END_USER : null, createdAt, data });
  }
  ['Red', 'Blue', 'Green'].forEach((name, t) => {
    const members = rows.filter((r) => r.data.team === teamId(t)).map((r) => r.id);
    const data = { name, budget: (t + 1) * 1000, members, note: `secret ${name}` };
    rows.push({
      id: teamId(t),
      tableId: 'teams',
      endUserId: null,
      createdAt: '2025-12-01T00:00:00.000Z',
      data,
    });
  });
  return rows;
}

/** Seeds the app's rows, and look-alike rows of another app that no query may return. */
export async function seedDatabase(query: (text: string, params: unknown[]) => Promise<unknown>) {
  const insert = `insert into public.app_data (id, app_id, table_id, end_user_id, data, created_at, updated_at)
    values ($1, $2, $3, $4, $5::jsonb, $6, $6)`;
  for (const row of seedRows()) {
    await query(insert, [
      row.id,
      APP_ID,
      row.tableId,
      row.endUserId,
      JSON.stringify(row.data),
      row.createdAt,
    ]);
    const otherId = `fffffff${row.id[0]}${row.id.slice(8)}`;
    await query(insert, [otherId, OTHER_APP_ID, row.tableId, null, JSON.stringify(row.data), row.createdAt]);
  }
}

export type Query = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

export interface ReadOptions {
  app?: AppDefinition;
  tableId?: string;
  visible?: Visibility;
  rowScope?: RowScope;
  embedRowScopes?: Record<string, RowScope>;
  count?: boolean;
}

/** Parse → compile → run → project, as the data API does; a parse error comes back as `error`. */
export async function read(db: Query, search: string, options: ReadOptions = {}) {
  const tableId = options.tableId ?? 'people';
  const app = options.app ?? peopleApp();
  const parsed = parseReadQuery(new URLSearchParams(search), {
    app,
    tableId,
    visible: options.visible ?? visitorVisibility(app),
  });
  if (!parsed.ok) return { rows: [], error: parsed.error, count: undefined };
  const compileOptions: CompileOptions = {
    appId: APP_ID,
    tableId,
    rowScope: options.rowScope,
    ...(options.embedRowScopes ? { embedRowScopes: options.embedRowScopes } : {}),
  };
  const select = compileSelect(parsed.value, compileOptions);
  const rows = projectRows(parsed.value, (await db(select.text, select.params)) as RawRow[]);
  await checkJsonAnswer(db, parsed.value, compileOptions, rows);
  let count: number | undefined;
  if (options.count) {
    const counted = compileCount(parsed.value, compileOptions);
    count = (await db(counted.text, counted.params))[0]?.count as number;
  }
  return { rows, error: undefined, count };
}

/** How many reads `read` also answered through `compileSelectJson` (a test checks it is not zero). */
export const jsonAnswers = { compared: 0 };

/**
 * The data API answers most reads with the JSON Postgres writes (`compileSelectJson`): every read
 * of these suites checks that answer against `projectRows`'s, value for value and key order too.
 */
async function checkJsonAnswer(
  db: Query,
  query: ReadQuery,
  options: CompileOptions,
  expected: Record<string, unknown>[],
) {
  const json = compileSelectJson(query, options);
  if (!json) return;
  const answers = await db(json.text, json.params);
  if (answers.length !== 1) throw new Error(`compileSelectJson answered ${answers.length} rows, not one`);
  const { n, body } = answers[0] as { n: number; body: string };
  // Compared as JSON text: values, the order of rows and the order of keys must be the same.
  const actual = JSON.stringify(JSON.parse(body) as unknown);
  if (actual !== JSON.stringify(expected) || n !== expected.length)
    throw new Error(
      `compileSelectJson disagrees with projectRows (${n} rows):\n${actual}\n${JSON.stringify(expected)}`,
    );
  jsonAnswers.compared++;
}
