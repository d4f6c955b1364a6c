import { PostgrestClient } from '@supabase/postgrest-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChartData, ViewerApp } from '../../../schemas/api/viewer.ts';
import type { AppSession } from '../../../schemas/index.ts';
import type { Db } from '../../store/db.ts';
import { api, type Builder, signUpBuilder } from '../../testing/builders.ts';
import { openTestDb } from '../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { linkTokenFor, postJson, publishApp } from '../data-api/app-auth.fixture.ts';
import { accountsApp, OWNER_DEALS, salesApp } from './viewer.fixture.ts';

// The viewer's own endpoints, `/u/{username}/{slug}/app` and `/aggregate/{viewId}`, over the
// real server: who may read what, and chart numbers worked out by hand from the seeded deals.

let db: Db;
let server: TestServer;
let alice: Builder;
let rep: AppSession;
const appIds: string[] = [];
let clockOffset = 0;

const get = (slug: string, path: string, token?: string) =>
  fetch(`${server.url}/u/alice/${slug}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
const rest = (slug: string, token?: string) =>
  new PostgrestClient(`${server.url}/u/alice/${slug}/rest/v1`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string; level?: string } }).error;
}

async function chart(slug: string, viewId: string, token?: string): Promise<ChartData> {
  const response = await get(slug, `/aggregate/${viewId}`, token);
  expect(response.status, await response.clone().text()).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return ChartData.parse(await response.json());
}

async function viewerApp(slug: string, token?: string): Promise<ViewerApp> {
  const response = await get(slug, '/app', token);
  expect(response.status, await response.clone().text()).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return ViewerApp.parse(await response.json());
}

async function signInAs(slug: string, email: string, role: string): Promise<AppSession> {
  const invited = await api(server.url, alice, 'POST', `/api/apps/${appIds[0]}/end-users`, { email, role });
  expect(invited.status).toBe(201);
  expect((await postJson(`${server.url}/u/alice/${slug}/auth/magic-link`, { email })).status).toBe(202);
  const token = await linkTokenFor(server.url, alice, email);
  const session = await postJson(`${server.url}/u/alice/${slug}/auth/session`, { token });
  expect(session.status).toBe(200);
  return (await session.json()) as AppSession;
}

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db, { now: () => Date.now() + clockOffset });
  alice = await signUpBuilder(server.url, 'alice');
  appIds.push(await publishApp(server.url, alice, salesApp('sales', 'invite_only')));
  appIds.push(await publishApp(server.url, alice, salesApp('sales-public', 'public')));
  appIds.push(await publishApp(server.url, alice, salesApp('sales-private', 'private')));
  for (const slug of ['sales', 'sales-public']) {
    const seeded = await rest(slug, alice.token).from('deals').insert(OWNER_DEALS);
    expect(seeded.error).toBeNull();
  }
  rep = await signInAs('sales', 'rep@x.test', 'rep');
  const own = await rest('sales', rep.access_token)
    .from('deals')
    .insert([
      { title: 'Rep deal 1', stage: 'won', region: 'north', amount: 100 },
      { title: 'Rep deal 2', stage: 'lead', region: 'south' },
    ]);
  expect(own.error).toBeNull();
});
beforeEach(async () => {
  for (const id of appIds) await server.platform.rateLimiter.reset(`app:${id}`);
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('GET /u/{username}/{slug}/app', () => {
  it('answers the owner with the whole app (no automations), its version and every right', async () => {
    const app = await viewerApp('sales', alice.token);
    expect(app).toMatchObject({
      username: 'alice',
      slug: 'sales',
      version: 1,
      level: 'invite_only',
      caller: { kind: 'owner', roleId: null, roleLabel: null, email: null },
      rights: { deals: { create: true, read: true, update: true, delete: true, ownRowsOnly: false } },
    });
    expect(app.definition.views.map((view) => view.id)).toContain('by_note');
    expect(app.definition.access.roles).toHaveLength(3);
  });

  it('answers an end user with their role, their e-mail and nothing their role hides', async () => {
    const response = await get('sales', '/app', rep.access_token);
    const text = await response.text();
    expect(text).not.toContain('internal_note');
    expect(text).not.toContain('manager');
    const app = ViewerApp.parse(JSON.parse(text));
    expect(app.caller).toEqual({
      kind: 'end_user',
      roleId: 'rep',
      roleLabel: 'Sales rep',
      email: 'rep@x.test',
    });
    expect(app.rights.deals).toEqual({
      create: true,
      read: true,
      update: true,
      delete: true,
      ownRowsOnly: true,
    });
    expect(app.definition.views.find((view) => view.id === 'all_deals')).toMatchObject({
      columns: ['title', 'stage'],
    });
    expect(app.definition.navigation).toEqual([{ viewId: 'all_deals' }, { viewId: 'by_stage' }]);
  });

  it('answers a visitor of a public app with its default role', async () => {
    const app = await viewerApp('sales-public');
    expect(app.caller).toEqual({ kind: 'visitor', roleId: 'guest', roleLabel: 'Guest', email: null });
    expect(app.rights.deals).toMatchObject({ create: false, read: true, update: false });
    expect(JSON.stringify(app)).not.toContain('internal_note');
  });

  it('needs sign-in for private and invite-only apps, and says which', async () => {
    for (const [slug, level] of [
      ['sales-private', 'private'],
      ['sales', 'invite_only'],
    ] as const) {
      const response = await get(slug, '/app');
      expect(response.status).toBe(401);
      expect(await errorOf(response)).toMatchObject({ code: 'app_sign_in_required', level });
    }
    // An app session does not open a private app either.
    const forPrivate = await server.platform.appSessions.sign({
      appId: appIds[2]!,
      endUserId: crypto.randomUUID(),
      roleId: 'rep',
      email: 'p@x.test',
    });
    expect(await errorOf(await get('sales-private', '/app', forPrivate))).toMatchObject({
      code: 'app_sign_in_required',
      level: 'private',
    });
  });

  it('refuses expired, forged and garbage sessions with invalid_token, and unknown apps with not_found', async () => {
    clockOffset = -13 * 3600_000;
    const expired = await server.platform.appSessions.sign({
      appId: appIds[0]!,
      endUserId: crypto.randomUUID(),
      roleId: 'rep',
      email: 'old@x.test',
    });
    clockOffset = 0;
    const [header, payload, signature] = rep.access_token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, app_role: 'manager' })).toString('base64url')}.${signature}`;
    for (const token of [expired, forged, 'garbage']) {
      const response = await get('sales', '/app', token);
      expect(response.status, token).toBe(401);
      expect((await errorOf(response)).code, token).toBe('invalid_token');
    }
    const missing = await get('nothing-here', '/app');
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toMatchObject({ code: 'not_found' });
  });

  it('counts against the app’s rate limit, with Retry-After', async () => {
    for (let i = 0; i < 100; i++) await server.platform.rateLimiter.hit(`app:${appIds[1]}`, 1e9, 60_000);
    const limited = await get('sales-public', '/app');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await errorOf(limited)).code).toBe('rate_limited');
  });
});

describe('GET /u/{username}/{slug}/aggregate/{viewId}', () => {
  it('counts per x and series, empty values last (by hand: 8 deals)', async () => {
    expect(await chart('sales', 'by_stage', alice.token)).toEqual({
      viewId: 'by_stage',
      chartType: 'bar',
      aggregate: 'count',
      points: [
        { x: 'lead', group: 'north', value: 1 },
        { x: 'lead', group: 'south', value: 2 },
        { x: 'lost', group: 'south', value: 1 },
        { x: 'won', group: 'north', value: 2 },
        { x: 'won', group: 'south', value: 1 },
        { x: null, group: 'north', value: 1 },
      ],
      rows: 8,
    });
  });

  it('sums with the view’s filter (whose odd values stay values), skipping deals without an amount', async () => {
    // Not O'Brien's: the filter leaves out titles containing "o'brien; drop", in any case.
    expect(await chart('sales', 'amount_by_stage', alice.token)).toMatchObject({
      points: [
        { x: 'lead', group: null, value: 300 },
        { x: 'won', group: null, value: 1300 },
      ],
      rows: 5,
    });
    expect(await chart('sales', 'odd_titles', alice.token)).toMatchObject({
      points: [{ x: null, group: null, value: 2 }],
      rows: 2,
    });
    expect(await chart('sales', 'won_total', alice.token)).toMatchObject({
      chartType: 'number',
      points: [{ x: null, group: null, value: 2100.5 }],
      rows: 3,
    });
  });

  it('averages per day, and stored text that looks like SQL is only a category', async () => {
    // No date: Globex 300, Umbrella 10 and Rep deal 1 100 (Initech and Rep deal 2 have no amount).
    const days = (await chart('sales', 'by_day', alice.token)).points;
    expect(days.slice(0, 2)).toEqual([
      { x: '2026-02-27', group: null, value: 50 },
      { x: '2026-03-01', group: null, value: 1000.25 },
    ]);
    expect(days[2]).toMatchObject({ x: null, group: null });
    expect(days[2]!.value).toBeCloseTo(410 / 3, 9);
    const titles = await chart('sales-public', 'by_title');
    expect(titles.points.map((point) => point.x)).toEqual([
      '50% off_%',
      'Acme',
      'Globex',
      'Initech',
      "O'Brien; drop table app_data; --",
      'Umbrella',
    ]);
  });

  it('counts only an end user’s own rows when their role sees only those', async () => {
    expect(await chart('sales', 'by_stage', rep.access_token)).toMatchObject({
      points: [
        { x: 'lead', group: 'south', value: 1 },
        { x: 'won', group: 'north', value: 1 },
      ],
      rows: 2,
    });
    expect(await chart('sales', 'won_total', rep.access_token)).toMatchObject({
      points: [{ x: null, group: null, value: 100 }],
      rows: 1,
    });
  });

  it('a chart over a field the role hides is 404 for that role, as is a view that is not a chart', async () => {
    expect((await chart('sales', 'by_note', alice.token)).points).toContainEqual({
      x: 'call back',
      group: null,
      value: 1,
    });
    for (const [slug, token] of [
      ['sales', rep.access_token],
      ['sales-public', undefined],
    ] as const) {
      const hidden = await get(slug, '/aggregate/by_note', token);
      expect(hidden.status).toBe(404);
      expect(await errorOf(hidden)).toMatchObject({
        code: 'not_found',
        message: expect.stringContaining('"by_note"'),
      });
    }
    expect((await get('sales', '/aggregate/all_deals', alice.token)).status).toBe(404);
    expect((await get('sales', '/aggregate/nope', alice.token)).status).toBe(404);
  });

  it('refuses a malformed view id naming the field, and callers without access', async () => {
    const bad = await get('sales', `/aggregate/${encodeURIComponent("x'; --")}`, alice.token);
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/^viewId: /),
    });
    const anonymous = await get('sales', '/aggregate/by_stage');
    expect(anonymous.status).toBe(401);
    expect(await errorOf(anonymous)).toMatchObject({ code: 'app_sign_in_required', level: 'invite_only' });
  });
});

describe('charts over lookups and rollups', () => {
  // Bob's app: alice has published as many as her plan allows.
  let bob: Builder;
  const bobsChart = async (viewId: string, token?: string): Promise<ChartData> => {
    const response = await fetch(`${server.url}/u/bob/accounts/aggregate/${viewId}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    expect(response.status, await response.clone().text()).toBe(200);
    return ChartData.parse(await response.json());
  };
  const bobsRest = () =>
    new PostgrestClient(`${server.url}/u/bob/accounts/rest/v1`, {
      headers: { Authorization: `Bearer ${bob.token}` },
    });

  beforeAll(async () => {
    bob = await signUpBuilder(server.url, 'bob');
    appIds.push(await publishApp(server.url, bob, accountsApp()));
    const companies = await bobsRest()
      .from('companies')
      .insert([
        { name: 'Acme', tier: 'gold', score: 5 },
        { name: 'Bolt', tier: 'silver', score: 3 },
        { name: 'Cord', tier: 'gold', score: 1 },
      ])
      .select('id,name');
    expect(companies.error).toBeNull();
    const id = Object.fromEntries((companies.data ?? []).map((row) => [row.name, row.id]));
    const deals = await bobsRest()
      .from('deals')
      .insert([
        { title: 'd1', amount: 100, internal: 1, company: id.Acme },
        { title: 'd2', amount: 250, internal: 2, company: id.Acme },
        { title: 'd3', amount: 40, internal: 4, company: id.Bolt },
        { title: 'd4', amount: 10, company: id.Cord },
        { title: 'd5', amount: 7 },
      ]);
    expect(deals.error).toBeNull();
  });

  it('groups by a lookup, deals without a company last (by hand: gold 100 + 250 + 10, silver 40)', async () => {
    const data = await bobsChart('deals_by_tier', bob.token);
    expect(data.points).toEqual([
      { x: 'gold', group: null, value: 360 },
      { x: 'silver', group: null, value: 40 },
      { x: null, group: null, value: 7 },
    ]);
    expect(data.rows).toBe(5);
    expect((await bobsChart('deals_by_score', bob.token)).points).toEqual([
      { x: 1, group: null, value: 1 },
      { x: 3, group: null, value: 1 },
      { x: 5, group: null, value: 2 },
      { x: null, group: null, value: 1 },
    ]);
  });

  it('groups and filters by rollups (by hand: Acme 2 deals for 350, Bolt 1 for 40, Cord 1 for 10)', async () => {
    expect((await bobsChart('companies_by_deal_count', bob.token)).points).toEqual([
      { x: 1, group: null, value: 2 },
      { x: 2, group: null, value: 1 },
    ]);
    // Companies whose deals have internal figures: Acme and Bolt.
    expect((await bobsChart('with_internal', bob.token)).points).toEqual([
      { x: null, group: null, value: 2 },
    ]);
  });

  it('reads a lookup or rollup of a field the caller’s role hides as empty', async () => {
    expect((await bobsChart('companies_by_internal_total', bob.token)).points).toEqual([
      { x: 3, group: null, value: 1 },
      { x: 4, group: null, value: 1 },
      { x: null, group: null, value: 1 },
    ]);
    // A guest sees neither deals' internal figures nor companies' scores: the viewer's cut leaves
    // out the charts over lookups and rollups of those (the statement would read them as empty).
    for (const viewId of ['companies_by_internal_total', 'deals_by_score', 'with_internal']) {
      const response = await fetch(`${server.url}/u/bob/accounts/aggregate/${viewId}`);
      expect(response.status, viewId).toBe(404);
    }
    // What the guest may see still reads.
    expect((await bobsChart('deals_by_tier')).points).toEqual([
      { x: 'gold', group: null, value: 360 },
      { x: 'silver', group: null, value: 40 },
      { x: null, group: null, value: 7 },
    ]);
    expect((await bobsChart('companies_by_deal_count')).points).toHaveLength(2);
  });
});

describe('addresses under /u/ that are neither the API nor a viewer page', () => {
  it('answer a JSON 404, not the studio', async () => {
    const response = await fetch(`${server.url}/u/alice/sales/nonsense`);
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toMatchObject({ code: 'not_found' });
  });
});
