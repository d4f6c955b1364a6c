import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openCreateDialog, screenshot } from './support/browser.ts';
import type { ServerProcess } from './support/server-process.ts';
import { type StudioSession, startStudioSession } from './support/studio-session.ts';

// Issue #5: a builder makes the recipe tracker from a blank app with the mouse and the keyboard
// only — tables, a select field, a relation dragged between two field rows, a board and a form —
// breaks it on purpose and fixes it, publishes through the review, changes a field and diffs the
// two versions. Every step leaves a screenshot in e2e/screenshots/recipe-*.png.

const run = chromiumAvailable();
let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** The version the review published, compared with the draft after the last change. */
let publishedVersion = 0;
let session: StudioSession | undefined;

/** The studio answers in well under a second, but CI machines and a concurrent build are slower. */
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });

const tables = () => page.locator('.react-flow__node-table');
const views = () => page.locator('.react-flow__node-view');
const table = (label: string) =>
  tables().filter({ has: page.locator('header span[title]').getByText(label, { exact: true }) });
const saved = () => page.getByTestId('save-status').textContent();
const palette = () => page.getByRole('complementary', { name: 'Palette' });
const inspector = () => page.getByRole('complementary', { name: 'Side panel' });
const pane = () => page.locator('.react-flow__pane');

/** The field row of a table node on the canvas. */
const row = (tableLabel: string, fieldLabel: string) =>
  table(tableLabel).locator('li').filter({ hasText: fieldLabel }).first();

async function centre(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Fits the whole app into the canvas (React Flow's own control), so a screenshot shows all of it. */
async function fitToScreen() {
  await page.getByRole('button', { name: /fit view/i }).click();
}

/** Waits until the autosave has caught up with the last edit. */
async function settled() {
  await eventually(saved).toMatch(/Saved · v\d+/);
}

/** Clicks a table node on its header (not on a row handle), which selects it and opens its inspector. */
async function selectTable(label: string) {
  await page.getByRole('tab', { name: 'Inspect' }).click();
  await table(label)
    .locator('header')
    .click({ position: { x: 230, y: 24 } });
  await eventually(() => inspector().getByRole('heading', { level: 2 }).first().textContent()).toBe(label);
}

beforeAll(async () => {
  if (!run) return;
  session = await startStudioSession('recipes');
  ({ server, browser } = session);
  context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await session?.close();
});

describe.runIf(run)(
  'building the recipe tracker in Chromium, by mouse and keyboard',
  { timeout: 90_000 },
  () => {
    it('signs up and starts a blank app', async () => {
      await page.goto(`${server.url}/signup`);
      await page.getByLabel('Email').fill('cook@example.test');
      await page.getByLabel('Username').fill('cook');
      await page.getByLabel('Password').fill('a long password');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL('**/app');
      const dialog = await openCreateDialog(page, 'New app');
      await dialog.getByLabel('Name').fill('Recipe tracker');
      await dialog.getByLabel('Blank app').check();
      await screenshot(page, 'recipe-01-new-blank-app');
      await dialog.getByRole('button', { name: 'Create and open' }).click();
      await page.waitForURL('**/app/apps/*');
      await eventually(() => tables().count()).toBe(1);
      await eventually(() => table('Items').count()).toBe(1);
      await settled();
      await screenshot(page, 'recipe-02-blank-app');
    });

    it('renames the starter table to Recipes, its Name field to Title, and adds a Status choice', async () => {
      await selectTable('Items');
      const panel = inspector();
      await panel.getByLabel('Name', { exact: true }).first().fill('Recipes');
      await eventually(() => table('Recipes').count()).toBe(1);
      await panel.getByRole('button', { name: /^Name, Text/ }).click();
      // The open field's editor has the second "Name" input of the panel.
      await panel.getByLabel('Name', { exact: true }).nth(1).fill('Title');
      await eventually(() => row('Recipes', 'Title').count()).toBe(1);

      await panel.getByLabel('New field of type').selectOption({ label: 'Single choice' });
      await panel.getByRole('button', { name: 'Add field' }).click();
      // The new field opens in its editor.
      const status = panel.getByLabel('Name', { exact: true }).nth(1);
      await status.fill('Status');
      await eventually(() => row('Recipes', 'Status').count()).toBe(1);
      const optionNames = ['Idea', 'Testing', 'Perfected'];
      for (const [i, name] of optionNames.entries()) {
        const input = panel.getByLabel(`Name of option ${i + 1}`);
        if ((await input.count()) === 0) await panel.getByRole('button', { name: '+ Add option' }).click();
        await input.fill(name);
      }
      for (const [i, name] of optionNames.entries())
        expect(await panel.getByLabel(`Name of option ${i + 1}`).inputValue()).toBe(name);
      // Any options past the three the recipe needs go.
      while ((await panel.getByLabel('Name of option 4').count()) > 0) {
        const extra = await panel.getByLabel('Name of option 4').inputValue();
        await panel.getByRole('button', { name: `Remove option ${extra}` }).click();
      }
      await settled();
      await screenshot(page, 'recipe-03-recipes-with-status');
    });

    it('adds an Ingredients table with a required Quantity', async () => {
      await pane().click({ position: { x: 5, y: 5 } });
      await palette()
        .getByRole('button', { name: /^Table/ })
        .click();
      await eventually(() => tables().count()).toBe(2);
      const panel = inspector();
      await panel.getByLabel('Name', { exact: true }).first().fill('Ingredients');
      await eventually(() => table('Ingredients').count()).toBe(1);
      await panel.getByLabel('New field of type').selectOption({ label: 'Text' });
      await panel.getByRole('button', { name: 'Add field' }).click();
      await panel.getByLabel('Name', { exact: true }).nth(1).fill('Quantity');
      await panel.getByLabel('Required').check();
      await eventually(() => row('Ingredients', 'Quantity').count()).toBe(1);
      await page.getByRole('button', { name: 'Auto-layout' }).click();
      await fitToScreen();
      await settled();
      await screenshot(page, 'recipe-04-ingredients');
    });

    it('drags a relation from an ingredient row to a recipe row and picks many → one', async () => {
      await pane().click({ position: { x: 5, y: 5 } });
      const from = await centre(row('Ingredients', 'Name').locator('.react-flow__handle.source'));
      const to = await centre(row('Recipes', 'Title').locator('.react-flow__handle.target'));
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2 + 40, { steps: 10 });
      await page.mouse.move(to.x, to.y, { steps: 10 });
      await screenshot(page, 'recipe-05-dragging-relation');
      await page.mouse.up();
      const dialog = page.getByRole('dialog');
      await eventually(() => dialog.getByRole('heading').first().textContent()).toBe(
        'Link Ingredients to Recipes',
      );
      await dialog.getByRole('radio', { name: /many → one/ }).check();
      await dialog.getByLabel('Field in Ingredients').fill('Recipe');
      await screenshot(page, 'recipe-06-relation-dialog');
      await dialog.getByRole('button', { name: 'Create relation' }).click();
      await eventually(() => dialog.count()).toBe(0);
      await eventually(() => page.locator('.react-flow__edge-relation').count()).toBeGreaterThan(0);
      await eventually(() => row('Ingredients', 'Recipe').textContent()).toMatch(/many → one/);
      await settled();
      await fitToScreen();
      await screenshot(page, 'recipe-07-relation');
    });

    it('adds a board of recipes by status and a form for ingredients', async () => {
      await selectTable('Recipes');
      await palette()
        .getByRole('button', { name: /^Board Cards in columns/ })
        .click();
      await eventually(() => views().count()).toBe(1);
      const panel = inspector();
      await eventually(() => panel.textContent()).toMatch(/Board view of Recipes/);
      await panel.getByLabel('Columns from').selectOption({ label: 'Status' });
      await panel.getByLabel('Name', { exact: true }).first().fill('Recipes by status');
      await eventually(() => views().filter({ hasText: 'Recipes by status' }).count()).toBe(1);
      await screenshot(page, 'recipe-08-board');

      await selectTable('Ingredients');
      await palette()
        .getByRole('button', { name: /^Form A form/ })
        .click();
      await eventually(() => views().count()).toBe(2);
      await eventually(() => panel.textContent()).toMatch(/Form view of Ingredients/);
      await panel.getByLabel('Name', { exact: true }).first().fill('Add an ingredient');
      await eventually(() => views().filter({ hasText: 'Add an ingredient' }).count()).toBe(1);
      await settled();
      await fitToScreen();
      await screenshot(page, 'recipe-09-form');
    });

    it('shows a problem for an invalid condition on the form, and clears it when fixed', async () => {
      const panel = inspector();
      await panel.getByRole('button', { name: '+ Show a field only sometimes' }).click();
      const condition = panel.getByLabel('Shown while');
      await condition.fill('record.nonsense == 1');
      await eventually(() => page.getByRole('tab', { name: /^Problems \(\d+\)/ }).count()).toBe(1);
      await eventually(() => panel.getByRole('region', { name: 'Problems' }).textContent()).toMatch(
        /nonsense/,
      );
      await screenshot(page, 'recipe-10-problem-in-inspector');
      await page.getByRole('tab', { name: /^Problems/ }).click();
      await eventually(() => page.getByRole('list', { name: 'Problems' }).textContent()).toMatch(/nonsense/);
      await screenshot(page, 'recipe-11-problems-tab');
      // The problem's button leads back to the form's inspector, where it is fixed.
      await page.getByRole('list', { name: 'Problems' }).getByRole('button').first().click();
      await inspector().getByLabel('Shown while').fill('true');
      await eventually(() => page.getByRole('tab', { name: 'Problems', exact: true }).count()).toBe(1);
      await page.getByRole('tab', { name: 'Problems', exact: true }).click();
      await eventually(() => inspector().textContent()).toMatch(/No problems: this draft can be published/);
      await settled();
      await screenshot(page, 'recipe-12-problem-fixed');
    });

    it('publishes through the review and reads its findings', async () => {
      await page.getByRole('button', { name: 'Publish' }).click();
      const dialog = page.getByTestId('publish-dialog');
      await expect
        .poll(() => dialog.textContent(), { timeout: 45_000 })
        .toMatch(/Published version \d+|review found blockers/);
      await screenshot(page, 'recipe-13-publish-review');
      const text = (await dialog.textContent()) ?? '';
      expect(text).toMatch(/Published version \d+/);
      publishedVersion = Number(/Published version (\d+)/.exec(text)![1]);
      await dialog.getByRole('button', { name: 'Close' }).click();
    });

    it('changes a field after publishing and diffs the two versions', async () => {
      await selectTable('Ingredients');
      const panel = inspector();
      await panel.getByRole('button', { name: /^Quantity, Text/ }).click();
      await panel.getByLabel('Name', { exact: true }).nth(1).fill('Amount');
      await eventually(() => row('Ingredients', 'Amount').count()).toBe(1);
      await settled();
      await screenshot(page, 'recipe-14-field-renamed');
      const latest = Number(/v(\d+)/.exec((await saved()) ?? '')![1]);
      expect(latest).toBeGreaterThan(publishedVersion);

      await page.getByRole('tab', { name: 'History' }).click();
      await page.getByRole('checkbox', { name: `Compare version ${publishedVersion}` }).check();
      await page.getByRole('checkbox', { name: `Compare version ${latest}` }).check();
      await eventually(() =>
        page
          .getByRole('status')
          .filter({ hasText: new RegExp(`Comparing v${publishedVersion} with v${latest}`) })
          .count(),
      ).toBe(1);
      const changes = page.getByRole('list', { name: 'Changes' });
      await eventually(() => changes.textContent()).toMatch(/Amount/);
      await fitToScreen();
      await screenshot(page, 'recipe-15-diff');
      await page.getByRole('button', { name: 'Back to editing' }).click();
    });
  },
);
