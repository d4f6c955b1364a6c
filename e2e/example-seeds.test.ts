import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Builder, signUpBuilder } from '../api/testing/builders.ts';
import type { AppDefinition } from '../schemas/definitions.ts';
import { serverDatabase } from './support/database.ts';
import {
  appSession,
  EXAMPLE_APPS,
  EXAMPLE_NAMES,
  type ExampleName,
  inviteAndSignIn,
  publishExample,
} from './support/example-apps.ts';
import { postgrestFilter } from './support/example-seeds/postgrest-filter.ts';
import {
  type ChartFact,
  chartFacts,
  ExampleClient,
  type ExampleFacts,
  exampleSeeds,
  matchesFilter,
} from './support/example-seeds.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';

// Issue #6: every example app published through the studio's API and filled through its own data
// API, on the real platform process, with the facts the viewer's browser tests rely on checked
// against what the server stores and refuses. No browser here: this is the data those tests need.

const EXPECTED_ROWS: Record<ExampleName, Record<string, number>> = {
  'bookmark-manager': { bookmarks: 8, collections: 4, tags: 6 },
  'crm-lite': { companies: 5, contacts: 7, deals: 7, activities: 8 },
  'event-planner': { events: 7, venues: 3, speakers: 4, registrations: 8 },
  'habit-tracker': { habits: 5, check_ins: 8 },
  inventory: { products: 7, suppliers: 4, purchase_orders: 4, order_lines: 6 },
  'recipe-tracker': { recipes: 8, ingredients: 8, cook_log: 6 },
};

/** Charts with nothing to show: spend counts Approved or Received orders, and the seed approves none. */
const EMPTY_CHARTS = new Set(['inventory/spend_over_time']);

const REPRESENTATION = { prefer: 'return=representation' };
const today = new Date();
let server: ServerProcess;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'bp-example-seeds-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const database = await serverDatabase(dataDir);
  cleanups.push(database.drop);
  server = await startServerProcess(database.env);
  cleanups.push(() => server.stop());
}, 90_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function count(client: ExampleClient, tableId: string): Promise<number> {
  const response = await client.request('GET', `${tableId}?select=id&limit=1`, undefined, {
    prefer: 'count=exact',
  });
  expect(response.status, tableId).toBeLessThan(300);
  await response.body?.cancel();
  return Number(response.headers.get('content-range')?.split('/')[1]);
}

/** The ids the server's SQL matches with the chart's filter, next to the ones `matchesFilter` picks. */
async function filteredIds(client: ExampleClient, app: AppDefinition, chart: ChartFact) {
  const view = app.views.find((v) => v.id === chart.viewId);
  const filter = view && 'filter' in view ? view.filter : undefined;
  const query = postgrestFilter(app, chart.tableId, filter);
  const response = await client.request('GET', `${chart.tableId}?select=id${query ? `&${query}` : ''}`);
  expect(response.status, `${chart.viewId}: ${query}`).toBe(200);
  const byServer = ((await response.json()) as { id: string }[]).map((row) => row.id).sort();
  const rows = await client.select(chart.tableId);
  const byFacts = rows.filter((row) => matchesFilter(app, chart.tableId, filter, row)).map((row) => row.id);
  return { byServer, byFacts: byFacts.sort() };
}

function expectSameCharts(actual: ChartFact[], expected: ChartFact[]) {
  expect(actual.map((c) => c.viewId)).toEqual(expected.map((c) => c.viewId));
  actual.forEach((chart, i) => {
    const want = expected[i]!;
    expect({ ...chart, points: chart.points.map((p) => ({ ...p, value: null })) }).toEqual({
      ...want,
      points: want.points.map((p) => ({ ...p, value: null })),
    });
    chart.points.forEach((point, j) => {
      const value = want.points[j]!.value;
      if (value === null) expect(point.value).toBeNull();
      else expect(point.value, `${chart.viewId} at ${point.xLabel}`).toBeCloseTo(value, 6);
    });
  });
}

async function checkForms(client: ExampleClient, app: AppDefinition, facts: ExampleFacts) {
  for (const form of facts.forms) {
    const view = app.views.find((v) => v.id === form.viewId);
    if (view?.kind !== 'form') throw new Error(`${form.viewId} is not a form`);
    const shown = new Set(view.sections.flatMap((section) => section.fields));
    for (const values of [form.valid.values, form.invalid.values])
      for (const fieldId of Object.keys(values))
        expect(shown.has(fieldId), `${form.viewId} shows ${fieldId}`).toBe(true);

    const refused = await client.request('POST', form.tableId, form.invalid.values);
    const error = (await refused.json()) as { message: string; details: string | null };
    expect(refused.status, `${form.viewId}: ${JSON.stringify(error)}`).toBe(400);
    expect(`${error.message} ${error.details ?? ''}`).toContain(form.invalid.message);
    if (form.invalid.field) expect(error.details).toContain(`${form.invalid.field}:`);

    const [saved] = await client.insert(form.tableId, [form.valid.values], () => 'the one row');
    await client.remove(form.tableId, [saved!.id]);
  }
}

async function checkKanbans(client: ExampleClient, facts: ExampleFacts) {
  for (const board of facts.kanbans) {
    const state = async (rowId: string) =>
      (await client.select(board.tableId)).find((row) => row.id === rowId)?.[board.fieldId];
    const patch = (rowId: string, to: string) =>
      client.request('PATCH', `${board.tableId}?id=eq.${rowId}`, { [board.fieldId]: to }, REPRESENTATION);
    if (board.illegal) {
      const { rowId, from, to, fromLabel, toLabel, allowedLabels } = board.illegal;
      const refused = await patch(rowId, to);
      const { message } = (await refused.json()) as { message: string };
      expect(refused.status, message).toBe(409);
      expect(message).toContain(`cannot move from ${fromLabel} to ${toLabel}`);
      for (const label of allowedLabels) expect(message).toContain(`→ ${label}`);
      expect(await state(rowId)).toBe(from);
    }
    const { rowId, from, to, reversible } = board.legal;
    const moved = await patch(rowId, to);
    expect(moved.status, await moved.clone().text()).toBe(200);
    await moved.body?.cancel();
    expect(await state(rowId)).toBe(to);
    if (reversible) {
      const back = await patch(rowId, from);
      expect(back.status, await back.clone().text()).toBe(200);
      await back.body?.cancel();
      expect(await state(rowId)).toBe(from);
    }
  }
}

async function checkCalendars(client: ExampleClient, app: AppDefinition, facts: ExampleFacts) {
  for (const calendar of facts.calendars) {
    if (!calendar.event) {
      expect(calendar.why, calendar.viewId).toBeTruthy();
      continue;
    }
    const view = app.views.find((v) => v.id === calendar.viewId);
    if (view?.kind !== 'calendar') throw new Error(`${calendar.viewId} is not a calendar`);
    const { rowId, start, end, rescheduleTo } = calendar.event;
    const row = (await client.select(calendar.tableId)).find((r) => r.id === rowId);
    expect(
      row && matchesFilter(app, calendar.tableId, view.filter, row),
      `${calendar.viewId} shows ${rowId}`,
    ).toBe(true);
    expect(calendar.event.day.slice(0, 7)).toBe(today.toISOString().slice(0, 7));
    if (!rescheduleTo) continue;
    const values = (s: string, e: string | null) => ({
      [view.startFieldId]: s,
      ...(view.endFieldId && e ? { [view.endFieldId]: e } : {}),
    });
    for (const [s, e] of [
      [rescheduleTo.start, rescheduleTo.end],
      [start, end],
    ] as const) {
      const response = await client.request(
        'PATCH',
        `${calendar.tableId}?id=eq.${rowId}`,
        values(s, e),
        REPRESENTATION,
      );
      expect(response.status, await response.clone().text()).toBe(200);
      await response.body?.cancel();
    }
  }
}

describe.each(EXAMPLE_NAMES)('the %s example', (name) => {
  let builder: Builder;
  let app: AppDefinition;
  let slug: string;
  let appId: string;
  let facts: ExampleFacts;
  let owner: ExampleClient;

  beforeAll(async () => {
    builder = await signUpBuilder(server.url, `${name}-owner`);
    ({ appId, slug, definition: app } = await publishExample(server.url, builder, name));
    owner = new ExampleClient(server.url, builder.username, slug, builder.token);
    ({ facts } = await exampleSeeds[name].seedExample(server.url, builder, builder.username, slug, today));
  }, 30_000);

  it('is published and holds the seeded rows, read back through the data API', async () => {
    expect(app.access.level).toBe(EXAMPLE_APPS[name]);
    expect(facts.counts).toEqual(EXPECTED_ROWS[name]);
    for (const table of app.tables)
      expect(await count(owner, table.id), table.id).toBe(EXPECTED_ROWS[name][table.id]);
  });

  it("has chart numbers that agree with the stored rows and the server's own filtering", async () => {
    const stored = await owner.selectAll(app.tables.map((table) => table.id));
    expectSameCharts(chartFacts(app, stored), facts.charts);
    for (const chart of facts.charts) {
      const { byServer, byFacts } = await filteredIds(owner, app, chart);
      expect(byFacts, chart.viewId).toEqual(byServer);
      expect(chart.rows).toBe(byServer.length);
      if (!EMPTY_CHARTS.has(`${name}/${chart.viewId}`))
        expect(chart.points.length, chart.viewId).toBeGreaterThan(0);
    }
  });

  it('accepts the valid input of every form and refuses the invalid one with its message', async () => {
    expect(facts.forms.length).toBe(app.views.filter((view) => view.kind === 'form').length);
    await checkForms(owner, app, facts);
  });

  it('refuses the illegal card move naming the allowed states, and makes the legal one', async () => {
    expect(facts.kanbans.length).toBe(app.views.filter((view) => view.kind === 'kanban').length);
    await checkKanbans(owner, facts);
  });

  it('has an event in the current month on every calendar, which can be rescheduled', async () => {
    expect(facts.calendars.length).toBe(app.views.filter((view) => view.kind === 'calendar').length);
    await checkCalendars(owner, app, facts);
  });

  it.runIf(name === 'event-planner')(
    'lets a visitor register (rows only their creator sees): return=minimal adds it, return=representation is refused plainly and saves nothing',
    async () => {
      const form = facts.forms.find((f) => f.viewId === 'register');
      if (!form) throw new Error('no fact for the register form');
      const visitor = new ExampleClient(server.url, builder.username, slug, null);
      const count = async () => (await owner.select('registrations')).length;
      const before = await count();
      const refused = await visitor.request('POST', 'registrations', form.valid.values, REPRESENTATION);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { hint: string }).hint).toMatch(/return=minimal/);
      expect(await count()).toBe(before);
      const added = await visitor.request('POST', 'registrations', form.valid.values, {
        prefer: 'return=minimal',
      });
      expect(added.status, await added.clone().text()).toBe(201);
      await added.body?.cancel();
      expect(await count()).toBe(before + 1);
    },
  );

  it('admits end users as its access level says: a visitor, only its builder, or an invited end user', async () => {
    const firstTable = app.tables[0]!.id;
    const visitor = new ExampleClient(server.url, builder.username, slug, null);
    if (app.access.level !== 'invite_only') {
      const response = await visitor.request('GET', firstTable);
      const body = await response.json();
      if (app.access.level === 'public') expect(body).toHaveLength(EXPECTED_ROWS[name][firstTable]!);
      else
        expect({ status: response.status, code: body.code }).toEqual({
          status: 401,
          code: 'app_sign_in_required',
        });
      expect(facts.signIn).toBeNull();
      return;
    }
    const signIn = facts.signIn!;
    const { link, token } = await inviteAndSignIn(
      server.url,
      builder,
      appId,
      builder.username,
      slug,
      signIn.email,
      signIn.role,
    );
    expect(link).toContain(`/u/${builder.username}/${slug}/#token=${token}`);
    const session = await appSession(server.url, builder.username, slug, token);
    expect(session.end_user).toEqual({ email: signIn.email, role: signIn.role });
    const endUser = new ExampleClient(server.url, builder.username, slug, session.access_token);
    const rows = await endUser.select(signIn.tableId);
    expect(rows.length).toBe(signIn.rows);
    for (const hidden of signIn.hiddenFields) expect(Object.keys(rows[0]!)).not.toContain(hidden);
  });
});
