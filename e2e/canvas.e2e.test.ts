import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableGeometry } from '../editor/src/studio/graph/table-geometry.ts';
import { chromiumAvailable, openCreateDialog, screenshot } from './support/browser.ts';
import type { ServerProcess } from './support/server-process.ts';
import { type StudioSession, startStudioSession } from './support/studio-session.ts';

// The studio canvas in a real browser against the real platform: an app from a template on the
// canvas, edits from the palette and the inspector, undo/redo, delete with its warning, autosave,
// publish through the review, a version diff, a conflict between two tabs, and a workflow graph.

const run = chromiumAvailable();
let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let appUrl = '';
let session: StudioSession | undefined;

const tables = () => page.locator('.react-flow__node-table');
const saved = () => page.getByTestId('save-status').textContent();

beforeAll(async () => {
  if (!run) return;
  session = await startStudioSession('canvas');
  ({ server, browser } = session);
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await session?.close();
});

describe.runIf(run)('the studio canvas in Chromium', () => {
  it('starts an app from a template and shows its tables, relations and views on the canvas', async () => {
    await page.goto(`${server.url}/signup`);
    await page.getByLabel('Email').fill('canvas@example.test');
    await page.getByLabel('Username').fill('canvas');
    await page.getByLabel('Password').fill('a long password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/app');
    const dialog = await openCreateDialog(page, 'New app');
    await dialog.getByLabel('Name').fill('Family recipes');
    await dialog.getByLabel('Recipe tracker').check();
    await screenshot(page, 'canvas-01-new-app');
    await dialog.getByRole('button', { name: 'Create and open' }).click();
    await page.waitForURL('**/app/apps/*');
    appUrl = page.url();
    await expect.poll(() => tables().count()).toBe(3);
    await expect.poll(() => page.locator('.react-flow__node-view').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.react-flow__edge-relation').count()).toBeGreaterThan(0);
    await expect.poll(saved).toMatch(/Saved · v1/);
    await screenshot(page, 'canvas-02-app-from-template');
  });

  it('draws each table exactly where the canvas told React Flow it would be before drawing it', async () => {
    // React Flow gets every table's size and handles before drawing it (tableGeometry), so a big
    // app mounts only the tables in view; this holds the estimate to the page as drawn.
    const drawn = await page.evaluate(() => {
      const viewport = document.querySelector('.react-flow__viewport')!;
      const zoom = new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a;
      return [...document.querySelectorAll<HTMLElement>('.react-flow__node-table')].map((node) => {
        const box = node.getBoundingClientRect();
        const handles = [...node.querySelectorAll<HTMLElement>('.react-flow__handle')].map((h) => {
          const r = h.getBoundingClientRect();
          return {
            id: h.dataset.handleid ?? null,
            type: h.classList.contains('source') ? 'source' : 'target',
            x: (r.left - box.left) / zoom,
            y: (r.top - box.top) / zoom,
            width: r.width / zoom,
            height: r.height / zoom,
          };
        });
        return { width: box.width / zoom, height: box.height / zoom, handles };
      });
    });
    expect(drawn.length).toBe(3);
    for (const table of drawn) {
      const fieldIds = table.handles.flatMap((h) => /^field:(.+):in$/.exec(h.id ?? '')?.[1] ?? []);
      const expected = tableGeometry(fieldIds);
      expect(fieldIds.length).toBeGreaterThan(3);
      expect(table.width).toBeCloseTo(expected.width, 0);
      expect(table.height).toBeCloseTo(expected.height, 0);
      expect(table.handles.length).toBe(expected.handles.length);
      for (const want of expected.handles) {
        const got = table.handles.find((h) => h.id === want.id && h.type === want.type);
        expect(got, `handle ${want.id ?? '(anchor)'} ${want.type}`).toBeDefined();
        for (const key of ['x', 'y', 'width', 'height'] as const)
          expect(Math.abs(got![key] - want[key]), `${want.id ?? 'anchor'} ${want.type} ${key}`).toBeLessThan(
            0.6,
          );
      }
    }
  });

  it('adds a table from the palette, undoes and redoes it, and autosaves each state', async () => {
    await page
      .getByRole('complementary', { name: 'Palette' })
      .getByRole('button', { name: /^Table/ })
      .click();
    await expect.poll(() => tables().count()).toBe(4);
    await expect.poll(saved).toMatch(/Saved · v2/);
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => tables().count()).toBe(3);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => tables().count()).toBe(4);
    // Back where the last save left it: nothing new to save.
    await expect.poll(saved).toMatch(/Saved · v2/);
    await screenshot(page, 'canvas-03-table-added');
  });

  it('edits the new table in its inspector and deletes it after a warning', async () => {
    await tables()
      .filter({ has: page.getByText('Table', { exact: true }) })
      .click();
    const inspector = page.getByRole('complementary', { name: 'Side panel' });
    const name = inspector.getByLabel(/^(Table )?name$/i).first();
    await name.fill('Shopping list');
    await expect.poll(() => tables().filter({ hasText: 'Shopping list' }).count()).toBe(1);
    // The rename is its own version (the diff below compares it), saved before the delete.
    await expect.poll(saved).toMatch(/Saved · v3/);
    await screenshot(page, 'canvas-04-inspector');
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await tables().filter({ hasText: 'Shopping list' }).click();
    await page.keyboard.press('Delete');
    const confirm = page.getByRole('alertdialog');
    await expect.poll(() => confirm.textContent()).toMatch(/Delete this part of the app\?/);
    await screenshot(page, 'canvas-05-delete-warning');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => tables().count()).toBe(3);
    await expect.poll(saved).toMatch(/Saved · v4/);
  });

  it('publishes through the review, showing its findings', async () => {
    await page.getByRole('button', { name: 'Publish' }).click();
    const dialog = page.getByTestId('publish-dialog');
    await expect
      .poll(() => dialog.textContent(), { timeout: 30_000 })
      .toMatch(/Published version \d+|review found blockers/);
    await screenshot(page, 'canvas-06-publish');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it("previews a view with live data, drawn by the viewer's own components", async () => {
    await page.locator('.react-flow__controls-fitview').click();
    await page.locator('.react-flow__node-view').first().click();
    await page.getByRole('button', { name: 'Preview with live data' }).click();
    const preview = page.getByRole('dialog');
    await expect.poll(() => preview.textContent()).toMatch(/Preview · published version \d+/);
    await expect.poll(() => preview.textContent()).not.toMatch(/Loading/);
    expect(await preview.textContent()).not.toMatch(
      /not in the published version|Publish the app|went wrong/,
    );
    await screenshot(page, 'canvas-06b-preview');
    await preview.getByRole('button', { name: 'Close' }).click();
  });

  it('diffs two versions on the canvas with a list of the changes', async () => {
    await page.getByRole('tab', { name: 'History' }).click();
    const boxes = page.getByRole('checkbox', { name: /Compare version/ });
    await expect.poll(() => boxes.count()).toBeGreaterThanOrEqual(3);
    // v1 is the template; v3 has the table added in v2 and renamed in v3 (v4 deleted it again).
    await page.getByRole('checkbox', { name: 'Compare version 1' }).check();
    await page.getByRole('checkbox', { name: 'Compare version 3' }).check();
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: /Comparing v1 with v/ })
          .count(),
      )
      .toBe(1);
    const changes = page.getByRole('list', { name: 'Changes' });
    await expect.poll(() => changes.textContent()).toMatch(/Shopping list/);
    // The added table is drawn in green on the canvas.
    const added = tables().filter({ hasText: 'Shopping list' });
    await expect.poll(() => added.locator('.border-emerald-500').count()).toBe(1);
    await screenshot(page, 'canvas-07-diff');
    await page.getByRole('button', { name: 'Back to editing' }).click();
  });

  it('shows a conflict instead of overwriting what another tab saved', async () => {
    const other = await context.newPage();
    other.setDefaultTimeout(15_000);
    await other.goto(appUrl);
    await expect.poll(() => other.locator('.react-flow__node-table').count()).toBe(3);
    await screenshot(other, 'canvas-08-other-tab');
    await other
      .getByRole('complementary', { name: 'Palette' })
      .getByRole('button', { name: /^Table/ })
      .click();
    await expect.poll(() => other.getByTestId('save-status').textContent()).toMatch(/Saved · v5/);
    await other.close();
    // This tab still edits the version it loaded: its save is refused and it says so.
    await page
      .getByRole('complementary', { name: 'Palette' })
      .getByRole('button', { name: /^Table/ })
      .click();
    await expect.poll(saved).toMatch(/Changed elsewhere/);
    await expect
      .poll(() =>
        page
          .getByRole('alert')
          .filter({ hasText: /saved elsewhere/ })
          .count(),
      )
      .toBe(1);
    await screenshot(page, 'canvas-08-conflict');
  });

  it('opens a workflow from a template as a graph from its trigger', async () => {
    // The conflict above left refused, unsaved edits: leaving asks first (beforeunload), which
    // Playwright would dismiss (staying on the canvas). The builder here chooses to leave.
    const leave = (dialog: Dialog) =>
      void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss());
    page.on('dialog', leave);
    await page.goto(`${server.url}/app`);
    await page.waitForURL(/\/app$/);
    page.off('dialog', leave);
    await page.getByRole('button', { name: 'New workflow' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Name').fill('Digest');
    await dialog.getByLabel('Daily digest bot').check();
    await dialog.getByRole('button', { name: 'Create and open' }).click();
    await page.waitForURL('**/app/workflows/*');
    await expect.poll(() => page.locator('.react-flow__node-trigger').count()).toBe(1);
    await expect
      .poll(() => page.locator('.react-flow__node-step, .react-flow__node-forEach').count())
      .toBeGreaterThan(3);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBeGreaterThan(3);
    await screenshot(page, 'canvas-09-workflow');
  });

  it('lists the apps and workflows on the dashboard', async () => {
    await page.goto(`${server.url}/app`);
    await expect.poll(() => page.getByRole('link', { name: 'Family recipes' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('link', { name: 'Digest' }).count()).toBe(1);
    await screenshot(page, 'canvas-10-dashboard');
  });

  it('invites the first table when a draft has none, and adds it', async () => {
    // A draft may be saved in any shape (an agent or the API can leave one without tables).
    const emptied = await page.evaluate(async (url) => {
      const id = url.split('/').pop();
      const stored = Object.keys(localStorage).find((key) => key.endsWith('-auth-token'));
      const token = JSON.parse(localStorage.getItem(stored ?? '') ?? '{}').access_token as string;
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const app = await (await fetch(`/api/apps/${id}`, { headers })).json();
      const definition = { ...app.definition, tables: [], views: [], automations: [], navigation: [] };
      definition.access = {
        ...definition.access,
        roles: definition.access.roles.map((r: object) => ({ ...r, tables: [], hiddenFields: [] })),
      };
      const saved = await fetch(`/api/apps/${id}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ definition, baseVersion: app.currentVersion }),
      });
      return saved.status;
    }, appUrl);
    expect(emptied).toBe(200);
    await page.goto(appUrl);
    await expect.poll(() => page.getByText('This app has no tables yet.').count()).toBe(1);
    await screenshot(page, 'canvas-11-empty-app');
    await page.getByRole('button', { name: 'Add the first table' }).click();
    await expect.poll(() => tables().count()).toBe(1);
    await expect.poll(() => page.getByText('This app has no tables yet.').count()).toBe(0);
    await expect.poll(saved).toMatch(/Saved · v\d+/);
  });
});
