/**
 * What the viewer's browser tests do as a person would: sign in to the studio or through an app's
 * sign-in page, walk the menu, fill a form field by field, read a chart's numbers table. Found by
 * role and label, as a screen reader would find them, not by CSS class.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { api, type Builder } from '../../api/testing/builders.ts';
import { unitSeconds } from '../../editor/src/viewer/fields/field-input-value.ts';
import type { Table } from '../../schemas/definitions.ts';
import type { OutboxList } from '../../schemas/index.ts';
import type { ExampleClient } from './example-seeds.ts';

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A field's label as read: its name, then for a required field "*" (hidden from screen readers) and " (required)". */
const fieldName = (label: string) =>
  new RegExp(`^\\s*${escapeRegExp(label)}\\s*\\*?\\s*(\\(required\\))?\\s*$`);

/** The input or text area a label names (a section named like a field is not one). */
const control = (scope: Locator, name: RegExp) =>
  scope.getByLabel(name).and(scope.locator('input, textarea'));

/** Logs in to the studio, whose session the viewer uses for the builder's own apps (same origin). */
export async function logInToStudio(page: Page, serverUrl: string, builder: Builder, password: string) {
  await page.goto(`${serverUrl}/login`);
  await page.getByLabel('Email').fill(`${builder.username}@example.test`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/app\/?$/);
}

async function outbox(serverUrl: string, builder: Builder): Promise<OutboxList['mail']> {
  const response = await api(serverUrl, builder, 'GET', '/api/outbox');
  if (!response.ok) throw new Error(`reading the outbox: ${response.status} ${await response.text()}`);
  return ((await response.json()) as OutboxList).mail;
}

/** The ids of the mails in the builder's outbox now, so the next link can be told apart. */
export async function outboxIds(serverUrl: string, builder: Builder): Promise<Set<string>> {
  return new Set((await outbox(serverUrl, builder)).map((mail) => mail.id));
}

/** The sign-in link mailed to `email` for the app since `before`, read from the builder's outbox. */
export async function signInLinkFromOutbox(
  serverUrl: string,
  builder: Builder,
  appId: string,
  email: string,
  before: Set<string>,
): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const mail = (await outbox(serverUrl, builder)).find(
      (m) => !before.has(m.id) && m.source === 'magic_link' && m.appId === appId && m.to === email,
    );
    const link = mail && /(\S+#token=[A-Za-z0-9_-]{43})/.exec(mail.body)?.[1];
    if (link) return link;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no sign-in link for ${email} reached the outbox within 10 s`);
}

/** The main region of the page, where a view draws (the menu and header are outside it). */
export const main = (page: Page) => page.locator('main');

/**
 * Waits until the page shows `label` as its heading and has finished loading, and checks that
 * no error notice took the view's place.
 */
export async function expectViewShown(page: Page, label: string) {
  await expect.poll(() => page.locator('h1').first().textContent()).toBe(label);
  await expect.poll(() => main(page).locator('[aria-busy="true"]').count()).toBe(0);
  const alerts = await main(page).getByRole('alert').allTextContents();
  expect(alerts, `${label}: error notices`).toEqual([]);
}

export interface NavEntry {
  label: string;
  viewId: string;
}

/** The menu entries ("Pages" navigation) in their order, with the view each one opens. */
export async function menuEntries(page: Page): Promise<NavEntry[]> {
  const links = page.getByRole('navigation', { name: 'Pages' }).getByRole('link');
  await expect.poll(() => links.count()).toBeGreaterThan(0);
  const entries: NavEntry[] = [];
  for (const link of await links.all()) {
    const href = (await link.getAttribute('href')) ?? '';
    const viewId = decodeURIComponent(/\/v\/([^/]+)$/.exec(href)?.[1] ?? '');
    entries.push({ label: ((await link.textContent()) ?? '').trim(), viewId });
  }
  return entries;
}

export async function openFromMenu(page: Page, label: string) {
  await page
    .getByRole('navigation', { name: 'Pages' })
    .getByRole('link', { name: label, exact: true })
    .click();
}

/** The first link in the page that opens one row (`…/v/{viewId}/{rowId}`). */
export async function firstRowLink(page: Page): Promise<Locator | null> {
  const links = main(page).locator('a[href*="/v/"]');
  for (const link of await links.all())
    if (/\/v\/[^/]+\/[^/]+$/.test((await link.getAttribute('href')) ?? '')) return link;
  return null;
}

/** Which of `labels` appear anywhere in the page's main region, text for screen readers included. */
export async function labelsShown(page: Page, labels: string[]): Promise<string[]> {
  const text = (await main(page).textContent()) ?? '';
  return labels.filter((label) => text.includes(label));
}

/**
 * Types `values` into the form the way a person would: each field found by its label, relation
 * values picked from the search by the name `labels` gives for their ids. Date-times are typed
 * as local times, so the browser must run in UTC.
 */
export async function fillForm(
  page: Page,
  table: Table,
  values: Record<string, unknown>,
  labels: Record<string, string>,
) {
  const form = main(page).locator('form');
  for (const [fieldId, value] of Object.entries(values)) {
    const field = table.fields.find((f) => f.id === fieldId);
    if (!field) throw new Error(`${table.id} has no field ${fieldId}`);
    const name = fieldName(field.label);
    switch (field.type) {
      case 'boolean':
        await form.getByRole('checkbox', { name }).setChecked(value === true);
        break;
      case 'single_select':
        await form.getByRole('combobox', { name }).selectOption(String(value));
        break;
      case 'multi_select': {
        const group = form.getByRole('group', { name });
        for (const option of field.options) {
          // The options are chips: a person clicks the chip (the label of a visually hidden box).
          const box = group.getByRole('checkbox', { name: option.label, exact: true });
          const want = (value as string[]).includes(option.id);
          if ((await box.isChecked()) !== want)
            await group.locator(`label[for="${await box.getAttribute('id')}"]`).click();
          await expect.poll(() => box.isChecked()).toBe(want);
        }
        break;
      }
      case 'relation': {
        const box = form.getByRole('combobox', { name });
        const chosen = form.getByRole('list', { name: `${field.label}: chosen` });
        for (const id of Array.isArray(value) ? value : [value]) {
          const shown = labels[String(id)];
          if (!shown) throw new Error(`no label for ${fieldId} = ${String(id)}`);
          // Already chosen (a second pass over the same form): nothing to pick.
          if (field.cardinality === 'many_to_one' && (await box.inputValue()) === shown) continue;
          if ((await chosen.getByText(shown, { exact: true }).count()) > 0) continue;
          // Typed, then picked with Enter once the match is the highlighted option: the list
          // redraws as results arrive, so a click can land on an option that is being replaced.
          await box.fill(shown);
          await expect
            .poll(() => page.getByRole('option', { name: shown, selected: true }).count())
            .toBeGreaterThan(0);
          await box.press('Enter');
        }
        break;
      }
      case 'duration':
        await form
          .getByRole('textbox', { name })
          .fill(String(Number(value) / unitSeconds(field.displayUnit)));
        break;
      case 'datetime':
        // The browser runs in UTC: the local time typed is the instant's UTC time.
        await control(form, name).fill(String(value).slice(0, 16));
        break;
      default:
        await control(form, name).fill(String(value));
    }
  }
}

/** Submits the form with its submit button (the form's own label for it). */
export async function submitForm(page: Page) {
  await main(page).locator('form button[type="submit"]').click();
}

export interface ChartTable {
  columns: string[];
  rows: { label: string; cells: string[] }[];
}

/** The visually hidden numbers table under a chart, as text. */
export async function readChartTable(page: Page): Promise<ChartTable | null> {
  const table = main(page).locator('table[data-chart-table]');
  if ((await table.count()) === 0) return null;
  return table.evaluate((element) => ({
    columns: [...element.querySelectorAll('thead th')].slice(1).map((th) => th.textContent?.trim() ?? ''),
    rows: [...element.querySelectorAll('tbody tr')].map((tr) => ({
      label: tr.querySelector('th')?.textContent?.trim() ?? '',
      cells: [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? ''),
    })),
  }));
}

/** How many rows of a table the client sees, by the data API's exact count. */
export async function rowCount(client: ExampleClient, tableId: string): Promise<number> {
  const response = await client.request('GET', `${tableId}?select=id&limit=1`, undefined, {
    prefer: 'count=exact',
  });
  if (!response.ok) throw new Error(`counting ${tableId}: ${response.status} ${await response.text()}`);
  await response.body?.cancel();
  return Number(response.headers.get('content-range')?.split('/')[1]);
}

/** One row as the client reads it. */
export async function readRow(client: ExampleClient, tableId: string, rowId: string) {
  const response = await client.request('GET', `${tableId}?id=eq.${rowId}`);
  if (!response.ok) throw new Error(`reading ${tableId}/${rowId}: ${response.status}`);
  const [row] = (await response.json()) as Record<string, unknown>[];
  return row;
}
