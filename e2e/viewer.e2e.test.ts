import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Builder, signUpBuilder } from '../api/testing/builders.ts';
import { formatDate } from '../editor/src/viewer/fields/value-format.ts';
import { valueFormatter } from '../editor/src/viewer/views/chart/chart-model.ts';
import type { AppDefinition } from '../schemas/definitions.ts';
import { chromiumAvailable, screenshot } from './support/browser.ts';
import { EXAMPLE_APPS, EXAMPLE_NAMES, type ExampleName, publishExample } from './support/example-apps.ts';
import { ExampleClient, type ExampleFacts, exampleSeeds } from './support/example-seeds.ts';
import type { ServerProcess } from './support/server-process.ts';
import { type StudioSession, startStudioSession } from './support/studio-session.ts';
import {
  expectViewShown,
  fillForm,
  firstRowLink,
  labelsShown,
  logInToStudio,
  main,
  menuEntries,
  openFromMenu,
  outboxIds,
  readChartTable,
  readRow,
  rowCount,
  signInLinkFromOutbox,
  submitForm,
} from './support/viewer-pages.ts';

// Issue #6: every example app published and seeded on the real platform, then used in Chromium by
// the person it is for — an anonymous visitor, an invited end user signed in by a mailed link, or
// its builder — through every page of its menu, a form, a kanban move, a calendar reschedule and
// the numbers behind each chart, each checked against the data API.

const run = chromiumAvailable();
const PASSWORD = 'correct horse 1';
const today = new Date();
let session: StudioSession | undefined;
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  if (!run) return;
  session = await startStudioSession('viewer');
  ({ server, browser } = session);
}, 90_000);
afterAll(async () => {
  await session?.close();
});

/** A browser as the end user sees the app: UTC and en-US, so dates and numbers read as the facts do. */
async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

interface Published {
  builder: Builder;
  appId: string;
  slug: string;
  url: string;
  app: AppDefinition;
  facts: ExampleFacts;
  /** The data API as the builder, who sees every row: what the checks count with. */
  owner: ExampleClient;
}

/**
 * For polls of the data API: each app may take 100 requests a minute on the free plan, and the
 * viewer's own requests count too, so the checks ask twice a second, not every 50 ms.
 */
const API_POLL = { interval: 500, timeout: 10_000 };

const tableOf = (app: AppDefinition, tableId: string) => app.tables.find((t) => t.id === tableId)!;
const viewOf = (app: AppDefinition, viewId: string) => app.views.find((v) => v.id === viewId)!;

describe.runIf(run).each(EXAMPLE_NAMES)('the published %s in Chromium', (name: ExampleName) => {
  const access = EXAMPLE_APPS[name];
  let published: Published;
  /** The person the app is for: a visitor, the invited end user, or (private) its builder. */
  let caller: Page;
  /** The builder in the studio, for the moves the caller's role may not make. */
  let builderPage: Page;
  /** The role the caller has: the app's default for a visitor, `owner` for the builder. */
  let callerRole = 'owner';
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const builder = await signUpBuilder(server.url, `${name}-viewer`, PASSWORD);
    const { appId, slug, url, definition } = await publishExample(server.url, builder, name);
    const { facts } = await exampleSeeds[name].seedExample(
      server.url,
      builder,
      builder.username,
      slug,
      today,
    );
    const owner = new ExampleClient(server.url, builder.username, slug, builder.token);
    published = { builder, appId, slug, url, app: definition, facts, owner };

    const asBuilder = await newPage();
    contexts.push(asBuilder.context);
    builderPage = asBuilder.page;
    await logInToStudio(builderPage, server.url, builder, PASSWORD);
    if (access === 'private') caller = builderPage;
    else {
      const asCaller = await newPage();
      contexts.push(asCaller.context);
      caller = asCaller.page;
      if (access === 'public') callerRole = definition.access.defaultRoleId ?? 'owner';
    }
  }, 60_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  const shot = async (page: Page, what: string) => {
    // A full-page capture of a scrolled page draws the sticky header where the scroll left it.
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, `viewer-${name}-${what}`);
  };

  if (access === 'invite_only')
    it('lets the invited end user in through a link asked for on the sign-in page and mailed to them', async () => {
      const signIn = published.facts.signIn!;
      const invited = await api(
        server.url,
        published.builder,
        'POST',
        `/api/apps/${published.appId}/end-users`,
        {
          email: signIn.email,
          role: signIn.role,
        },
      );
      expect(invited.status, await invited.text()).toBe(201);
      callerRole = signIn.role;

      await caller.goto(published.url);
      await expect
        .poll(() => caller.getByRole('heading', { level: 1 }).textContent())
        .toMatch(/^Sign in to /);
      await shot(caller, 'sign-in');
      const before = await outboxIds(server.url, published.builder);
      await caller.getByLabel('E-mail address').fill(signIn.email);
      await caller.getByRole('button', { name: 'Send me a sign-in link' }).click();
      await expect.poll(() => caller.getByRole('status').first().textContent()).toContain(signIn.email);
      await shot(caller, 'check-inbox');

      const link = await signInLinkFromOutbox(
        server.url,
        published.builder,
        published.appId,
        signIn.email,
        before,
      );
      expect(link).toContain(`/u/${published.builder.username}/${published.slug}/`);
      await caller.goto(link);
      await expect
        .poll(() => caller.locator('header').getByText(signIn.email, { exact: true }).isVisible())
        .toBe(true);
      expect(caller.url()).not.toContain('token=');
      await expect(caller.getByRole('button', { name: /Sign out/ }).isVisible()).resolves.toBe(true);
    });
  else
    it(`opens for ${access === 'public' ? 'an anonymous visitor' : 'its builder, signed in to the studio'}`, async () => {
      await caller.goto(published.url);
      await expect.poll(() => caller.getByRole('navigation', { name: 'Pages' }).count()).toBe(1);
      const badge = caller.getByText('Viewing as the builder');
      expect(await badge.count(), 'the builder badge').toBe(access === 'private' ? 1 : 0);
      if (access !== 'private') return;
      // Anyone else finds the door closed.
      const stranger = await newPage();
      contexts.push(stranger.context);
      await stranger.page.goto(published.url);
      await expect
        .poll(() => stranger.page.getByRole('heading', { level: 1 }).textContent())
        .toBe('This app is private');
      await shot(stranger.page, 'private-to-a-stranger');
    });

  it('shows every page of its menu and a row page, with the view as heading and no error', async () => {
    let requests = 0;
    const count = (request: { url: () => string }) => {
      if (request.url().includes(`/u/${published.builder.username}/`)) requests++;
    };
    caller.on('request', count);
    await caller.goto(published.url);
    const entries = await menuEntries(caller);
    const { app, facts } = published;
    // Every field the caller's role hides, by the label the viewer would show — leaving out a
    // label another, visible field shares (the attendee sees registrations' "E-mail", not speakers').
    const role = app.access.roles.find((r) => r.id === callerRole);
    const isHidden = (tableId: string, fieldId: string) =>
      role?.hiddenFields?.some((h) => h.tableId === tableId && h.fieldId === fieldId) ?? false;
    const visibleLabels = new Set(
      app.tables.flatMap((t) => t.fields.filter((f) => !isHidden(t.id, f.id)).map((f) => f.label)),
    );
    const hidden = (role?.hiddenFields ?? [])
      .map(({ tableId, fieldId }) => tableOf(app, tableId).fields.find((f) => f.id === fieldId)!.label)
      .filter((label) => !visibleLabels.has(label));
    if (access === 'invite_only')
      expect(hidden).toEqual(
        expect.arrayContaining(
          facts.signIn!.hiddenFields.map(
            (fieldId) => tableOf(app, facts.signIn!.tableId).fields.find((f) => f.id === fieldId)!.label,
          ),
        ),
      );
    for (const entry of entries) {
      await openFromMenu(caller, entry.label);
      await expectViewShown(caller, entry.label);
      await shot(caller, entry.viewId);
      expect(await labelsShown(caller, hidden), `hidden fields on ${entry.viewId}`).toEqual([]);
    }

    // A row page, opened from the first list or card grid that links to one.
    const listing = entries.find((e) => ['list', 'card_grid'].includes(viewOf(app, e.viewId)?.kind));
    expect(listing, 'a list or card grid in the menu').toBeDefined();
    await openFromMenu(caller, listing!.label);
    await expectViewShown(caller, listing!.label);
    await expect.poll(async () => (await firstRowLink(caller)) !== null).toBe(true);
    const rowLink = (await firstRowLink(caller))!;
    const href = (await rowLink.getAttribute('href'))!;
    const [, detailId] = /\/v\/([^/]+)\/[^/]+$/.exec(href)!;
    await rowLink.click();
    await expectViewShown(caller, viewOf(app, detailId!).label);
    await shot(caller, detailId!);
    expect(await labelsShown(caller, hidden), `hidden fields on ${detailId}`).toEqual([]);
    caller.off('request', count);
    console.info(`${name}: ${entries.length + 1} pages took ${requests} requests to the app`);
  });

  it('fits a list on a 375 px phone screen', async () => {
    const list = (await menuEntries(caller)).find((e) =>
      ['list', 'card_grid'].includes(viewOf(published.app, e.viewId)?.kind),
    )!;
    await caller.setViewportSize({ width: 375, height: 740 });
    try {
      await caller.goto(`${published.url}/v/${list.viewId}`);
      await expectViewShown(caller, list.label);
      const overflow = await caller.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      await shot(caller, `${list.viewId}-375`);
      expect(overflow, 'the page scrolls sideways').toBeLessThanOrEqual(0);
    } finally {
      await caller.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it("shows each chart's numbers as the data says", async (context) => {
    const { app, facts } = published;
    const inMenu = async (p: Page) => {
      const shown = new Set((await menuEntries(p)).map((e) => e.viewId));
      return facts.charts.filter((chart) => shown.has(chart.viewId));
    };
    // Charts the caller's role does not get are read by the builder, as the moves are.
    const own = await inMenu(caller);
    const page = own.length > 0 ? caller : builderPage;
    if (page === builderPage && page !== caller) await page.goto(published.url);
    const charts = own.length > 0 ? own : await inMenu(builderPage);
    if (charts.length === 0) return context.skip(`${name} has no chart in its menu`);
    for (const chart of charts) {
      const view = viewOf(app, chart.viewId);
      if (view.kind !== 'chart') throw new Error(`${chart.viewId} is not a chart`);
      const yField = view.yFieldId
        ? tableOf(app, chart.tableId).fields.find((f) => f.id === view.yFieldId)
        : undefined;
      const format = valueFormatter(view.aggregate, yField);
      await page.goto(`${published.url}/v/${chart.viewId}`);
      await expectViewShown(page, (await menuEntries(page)).find((e) => e.viewId === chart.viewId)!.label);
      const table = await readChartTable(page);
      if (!table) {
        // A single number: shown as the page's big figure.
        const text = (await main(page).textContent()) ?? '';
        for (const point of chart.points)
          if (point.value !== null) expect(text, chart.viewId).toContain(format(point.value));
        continue;
      }
      for (const point of chart.points) {
        const rowLabel =
          typeof point.x === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(point.x)
            ? formatDate(point.x)
            : point.xLabel;
        const row = table.rows.find((r) => r.label === rowLabel);
        expect(row, `${chart.viewId}: a row for ${rowLabel} in ${JSON.stringify(table.rows)}`).toBeDefined();
        const col = point.groupLabel === null ? 0 : table.columns.indexOf(point.groupLabel);
        expect(col, `${chart.viewId}: a column for ${point.groupLabel}`).toBeGreaterThanOrEqual(0);
        const want = point.value === null ? '—' : format(point.value);
        expect(row!.cells[col], `${chart.viewId} at ${rowLabel} / ${point.groupLabel ?? '-'}`).toBe(want);
      }
      const categories = new Set(chart.points.map((p) => JSON.stringify(p.x)));
      expect(table.rows.length, `${chart.viewId}: categories`).toBe(categories.size);
    }
  });

  it('refuses the invalid input of a form and saves the valid one', async (context) => {
    const own = published.facts.forms.find((f) => f.role === callerRole);
    const form = own ?? published.facts.forms[0];
    if (!form) return context.skip(`${name} has no form`);
    // A form the caller's role may not submit is submitted by the builder, as the moves are.
    const page = own ? caller : builderPage;
    const { app, owner } = published;
    const table = tableOf(app, form.tableId);
    const before = await rowCount(owner, form.tableId);

    await page.goto(`${published.url}/v/${form.viewId}`);
    await expectViewShown(page, viewOf(app, form.viewId).label);
    await shot(page, form.viewId);
    await fillForm(page, table, form.invalid.values, form.invalid.labels);
    await submitForm(page);
    await expect.poll(() => main(page).textContent()).toContain(form.invalid.message);
    await shot(page, `${form.viewId}-invalid`);
    expect(await rowCount(owner, form.tableId)).toBe(before);

    await fillForm(page, table, form.valid.values, form.valid.labels);
    await submitForm(page);
    try {
      await expect.poll(() => rowCount(owner, form.tableId), API_POLL).toBe(before + 1);
    } catch (error) {
      const said = await main(page).getByRole('alert').allTextContents();
      throw new Error(
        `${form.viewId}: the valid input was not saved; the form says ${JSON.stringify(said)}`,
        {
          cause: error,
        },
      );
    } finally {
      await shot(page, `${form.viewId}-saved`);
    }
  });

  it('refuses an illegal card move with the allowed states and makes the legal one', async (context) => {
    const board = published.facts.kanbans[0];
    if (!board) return context.skip(`${name} has no kanban`);
    // Cards move for whoever may update the table; facts name moves the owner may make.
    const page = callerRole === 'owner' ? caller : builderPage;
    const { app, owner } = published;
    const label = viewOf(app, board.viewId).label;
    await page.goto(`${published.url}/v/${board.viewId}`);
    await expectViewShown(page, label);
    const card = (rowId: string) => page.locator(`[data-card-id="${rowId}"]`);
    const column = (key: string) => page.locator(`section[data-kanban-column="${key}"]`);

    if (board.illegal) {
      const { rowId, from, to, allowedLabels } = board.illegal;
      await card(rowId)
        .getByRole('combobox', { name: /^Move .* to…$/ })
        .selectOption(to);
      const message = page.locator('[aria-live="polite"]').filter({ hasText: /\S/ }).first();
      // "Moving … to …" first; then the refusal, naming each state the card may go to.
      await expect.poll(() => message.textContent()).not.toMatch(/^Moving|^$/);
      const said = (await message.textContent()) ?? '';
      for (const allowed of allowedLabels)
        expect(said, 'the refusal names what is allowed').toContain(allowed);
      await expect.poll(() => column(from).locator(`[data-card-id="${rowId}"]`).count()).toBe(1);
      await shot(page, `${board.viewId}-refused`);
      expect((await readRow(owner, board.tableId, rowId))?.[board.fieldId]).toBe(from);
    }

    const { rowId, to } = board.legal;
    await card(rowId)
      .getByRole('combobox', { name: /^Move .* to…$/ })
      .selectOption(to);
    await expect
      .poll(async () => (await readRow(owner, board.tableId, rowId))?.[board.fieldId], API_POLL)
      .toBe(to);
    await expect.poll(() => column(to).locator(`[data-card-id="${rowId}"]`).count()).toBe(1);
    await shot(page, `${board.viewId}-moved`);
  });

  it('reschedules a calendar event to another day', async (context) => {
    const calendar = published.facts.calendars.find((c) => c.event?.rescheduleTo);
    if (!calendar) {
      const why = published.facts.calendars.map((c) => `${c.viewId}: ${c.why ?? 'no event'}`).join('; ');
      return context.skip(`${name} has no calendar event to move${why ? ` (${why})` : ''}`);
    }
    const event = calendar.event!;
    const to = event.rescheduleTo!;
    const view = viewOf(published.app, calendar.viewId);
    if (view.kind !== 'calendar') throw new Error(`${calendar.viewId} is not a calendar`);
    const page = callerRole === 'owner' ? caller : builderPage;
    await page.goto(`${published.url}/v/${calendar.viewId}`);
    await expectViewShown(page, view.label);

    // The month shows the event and its new day wherever today falls (the week might not).
    const month = main(page).getByRole('button', { name: 'Month', exact: true });
    if ((await month.count()) > 0) await month.click();
    const days = Math.round((Date.parse(to.day) - Date.parse(event.day)) / 86_400_000);
    const move = main(page).getByRole('button', {
      name: `Move “${event.title}” a day ${days > 0 ? 'later' : 'earlier'}`,
    });
    // The buttons show on a focused or hovered event that links to its row, always on one that does not.
    const link = main(page).getByRole('link', { name: event.title });
    if ((await link.count()) > 0) await link.first().hover();
    for (let i = 0; i < Math.abs(days); i++) await move.first().click();
    await expect
      .poll(async () => {
        const row = await readRow(published.owner, calendar.tableId, event.rowId);
        return Date.parse(String(row?.[view.startFieldId]));
      }, API_POLL)
      .toBe(Date.parse(to.start));
    await shot(page, `${calendar.viewId}-rescheduled`);
  });
});
