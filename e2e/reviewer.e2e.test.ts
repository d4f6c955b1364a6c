import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openCreateDialog, screenshot } from './support/browser.ts';
import type { ServerProcess } from './support/server-process.ts';
import { type StudioSession, startStudioSession } from './support/studio-session.ts';

// Issue #5, "Reviewers can read a diff without editing rights", in a real browser against the
// real platform: the owner makes an app with two versions and adds a reviewer by username in the
// app's settings; the reviewer finds it on their dashboard, opens it read-only (banner, no palette,
// no publish, nothing saved), compares the two versions and reads the list of changes; once
// removed, they cannot open it any more.

const run = chromiumAvailable();
let server: ServerProcess;
let browser: Browser;
let session: StudioSession | undefined;
let ownerContext: BrowserContext;
let reviewerContext: BrowserContext;
/** Owner's page. */
let owner: Page;
/** Reviewer's page. */
let reviewer: Page;
let appUrl = '';

async function signUp(page: Page, username: string) {
  await page.goto(`${server.url}/signup`);
  await page.getByLabel('Email').fill(`${username}@example.test`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('a long password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/app');
}

const tables = (page: Page) => page.locator('.react-flow__node-table');
const sidePanel = (page: Page) => page.getByRole('complementary', { name: 'Side panel' });

beforeAll(async () => {
  if (!run) return;
  session = await startStudioSession('reviewer');
  ({ server, browser } = session);
  ownerContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  reviewerContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  owner = await ownerContext.newPage();
  reviewer = await reviewerContext.newPage();
  owner.setDefaultTimeout(15_000);
  reviewer.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await session?.close();
});

describe.runIf(run)('a reviewer reads versions and diffs without editing rights', () => {
  it('the owner makes an app from a template and changes it: two versions', async () => {
    await signUp(reviewer, 'rita-reviews');
    await signUp(owner, 'olivia-owns');
    const dialog = await openCreateDialog(owner, 'New app');
    await dialog.getByLabel('Name').fill('Family recipes');
    await dialog.getByLabel('Recipe tracker').check();
    await dialog.getByRole('button', { name: 'Create and open' }).click();
    await owner.waitForURL('**/app/apps/*');
    appUrl = owner.url();
    await expect.poll(() => tables(owner).count()).toBe(3);
    await owner
      .getByRole('complementary', { name: 'Palette' })
      .getByRole('button', { name: /^Table/ })
      .click();
    await expect.poll(() => tables(owner).count()).toBe(4);
    await expect.poll(() => owner.getByTestId('save-status').textContent()).toMatch(/Saved · v2/);
  });

  it('the owner adds the reviewer by username in the app’s settings, with errors shown', async () => {
    await owner.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await owner.getByRole('tab', { name: 'Inspect' }).click();
    const form = sidePanel(owner).getByRole('form', { name: 'Add a reviewer' });
    const field = form.getByLabel('Reviewer’s username');
    await field.fill('nobody-by-this-name');
    await form.getByRole('button', { name: 'Add reviewer' }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toMatch(/no builder is called "nobody-by-this-name"/);
    await form.scrollIntoViewIfNeeded();
    await screenshot(owner, 'reviewer-01-unknown-username');
    await field.fill('olivia-owns');
    await form.getByRole('button', { name: 'Add reviewer' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/that is you/);
    await field.fill('rita-reviews');
    await form.getByRole('button', { name: 'Add reviewer' }).click();
    const list = sidePanel(owner).getByRole('list', { name: 'Reviewers' });
    await expect.poll(() => list.textContent()).toMatch(/rita-reviews/);
    await expect.poll(() => field.inputValue()).toBe('');
    await sidePanel(owner).getByRole('heading', { name: 'Reviewers' }).scrollIntoViewIfNeeded();
    await screenshot(owner, 'reviewer-02-owner-added-reviewer');
  });

  it('the reviewer finds it under “Shared with you for review” and opens it read-only', async () => {
    await reviewer.goto(`${server.url}/app`);
    const shared = reviewer.getByRole('region', { name: 'Shared with you for review' });
    await expect.poll(() => shared.getByRole('link', { name: 'Family recipes' }).count()).toBe(1);
    await expect.poll(() => shared.textContent()).toMatch(/App by olivia-owns · v2/);
    // Not among the reviewer's own apps.
    const own = reviewer.getByRole('region', { name: 'Your apps' });
    await expect.poll(() => own.textContent()).toMatch(/No apps yet/);
    await screenshot(reviewer, 'reviewer-03-dashboard-shared');

    await shared.getByRole('link', { name: 'Family recipes' }).click();
    await reviewer.waitForURL(appUrl);
    await expect.poll(() => tables(reviewer).count()).toBe(4);
    const banner = reviewer.getByRole('note', { name: 'Reviewing' });
    await expect
      .poll(() => banner.textContent())
      .toMatch(
        /You are reviewing Family recipes by olivia-owns: you can read versions and diffs, not edit\./,
      );
    expect(await reviewer.getByRole('complementary', { name: 'Palette' }).count()).toBe(0);
    expect(await reviewer.getByRole('button', { name: 'Publish' }).count()).toBe(0);
    expect(await reviewer.getByTestId('save-status').textContent()).toMatch(/Read-only · v2/);
    // The settings are shown, disabled; the owner's invitations and reviewers are not.
    await reviewer.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    const name = sidePanel(reviewer).getByLabel('Name', { exact: true });
    await expect.poll(() => name.isDisabled()).toBe(true);
    expect(await sidePanel(reviewer).getByRole('heading', { name: 'Reviewers' }).count()).toBe(0);
    expect(await sidePanel(reviewer).getByRole('heading', { name: 'Invited people' }).count()).toBe(0);
    await screenshot(reviewer, 'reviewer-04-read-only-settings');
    // A table's inspector is read-only too.
    await tables(reviewer).first().click();
    await expect.poll(() => sidePanel(reviewer).locator('fieldset[disabled]').count()).toBeGreaterThan(0);
    await screenshot(reviewer, 'reviewer-05-read-only-inspector');
  });

  it('the reviewer diffs the two versions and reads the change list; nothing is saved', async () => {
    const saves: string[] = [];
    reviewer.on('request', (request) => {
      if (request.method() !== 'GET' && request.url().includes('/api/')) saves.push(request.url());
    });
    await reviewer.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => sidePanel(reviewer).textContent()).toMatch(/v1 by olivia-owns/);
    await reviewer.getByRole('checkbox', { name: 'Compare version 1' }).check();
    await reviewer.getByRole('checkbox', { name: 'Compare version 2' }).check();
    await expect
      .poll(() =>
        reviewer
          .getByRole('status')
          .filter({ hasText: /Comparing v1 with v2/ })
          .count(),
      )
      .toBe(1);
    const changes = reviewer.getByRole('list', { name: 'Changes' });
    await expect.poll(() => changes.textContent()).toMatch(/table/i);
    await expect.poll(() => changes.getByRole('listitem').count()).toBeGreaterThan(0);
    // The added table is drawn in green on the canvas.
    await expect.poll(() => reviewer.locator('.react-flow__node-table .border-emerald-500').count()).toBe(1);
    await screenshot(reviewer, 'reviewer-06-diff');
    await changes.getByRole('button').first().click();
    await reviewer.getByRole('button', { name: 'Back to the latest version' }).click();
    await expect.poll(() => tables(reviewer).count()).toBe(4);
    // Keys that edit for the owner do nothing here.
    await tables(reviewer).first().click();
    await reviewer.keyboard.press('Delete');
    expect(await reviewer.getByRole('alertdialog').count()).toBe(0);
    await reviewer.waitForTimeout(1200);
    expect(saves).toEqual([]);
  });

  it('the server refuses a reviewer’s save even if the page tried', async () => {
    const status = await reviewer.evaluate(async (url) => {
      const id = url.split('/').pop();
      const stored = Object.keys(localStorage).find((key) => key.endsWith('-auth-token'));
      const token = JSON.parse(localStorage.getItem(stored ?? '') ?? '{}').access_token as string;
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const app = await (await fetch(`/api/apps/${id}`, { headers })).json();
      const saved = await fetch(`/api/apps/${id}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ definition: app.definition, baseVersion: app.currentVersion }),
      });
      return saved.status;
    }, appUrl);
    expect(status).toBe(403);
  });

  it('once the owner removes them, the reviewer can no longer open it', async () => {
    await owner.getByRole('button', { name: 'Remove reviewer rita-reviews' }).click();
    await expect.poll(() => sidePanel(owner).getByText('No reviewers yet.').count()).toBe(1);
    await reviewer.goto(`${server.url}/app`);
    await expect.poll(() => reviewer.getByRole('heading', { name: 'Your apps' }).count()).toBe(1);
    expect(await reviewer.getByRole('region', { name: 'Shared with you for review' }).count()).toBe(0);
    await reviewer.goto(appUrl);
    await expect.poll(() => reviewer.getByText('There is no such app').count()).toBe(1);
    await screenshot(reviewer, 'reviewer-07-removed');
  });

  it('works the same for a workflow: shared, opened read-only with its history', async () => {
    await owner.goto(`${server.url}/app`);
    await owner.getByRole('button', { name: 'New workflow' }).click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Digest');
    await dialog.getByLabel('Daily digest bot').check();
    await dialog.getByRole('button', { name: 'Create and open' }).click();
    await owner.waitForURL('**/app/workflows/*');
    const workflowUrl = owner.url();
    await expect.poll(() => owner.locator('.react-flow__node-trigger').count()).toBe(1);
    await owner.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    const form = sidePanel(owner).getByRole('form', { name: 'Add a reviewer' });
    await form.getByLabel('Reviewer’s username').fill('rita-reviews');
    await form.getByRole('button', { name: 'Add reviewer' }).click();
    await expect
      .poll(() => sidePanel(owner).getByRole('list', { name: 'Reviewers' }).textContent())
      .toMatch(/rita-reviews/);

    await reviewer.goto(`${server.url}/app`);
    const shared = reviewer.getByRole('region', { name: 'Shared with you for review' });
    await expect.poll(() => shared.textContent()).toMatch(/Workflow by olivia-owns · v1/);
    await shared.getByRole('link', { name: 'Digest' }).click();
    await reviewer.waitForURL(workflowUrl);
    await expect.poll(() => reviewer.locator('.react-flow__node-trigger').count()).toBe(1);
    await expect
      .poll(() => reviewer.getByRole('note', { name: 'Reviewing' }).textContent())
      .toMatch(/You are reviewing Digest by olivia-owns/);
    expect(await reviewer.getByRole('complementary', { name: 'Palette' }).count()).toBe(0);
    await reviewer.locator('.react-flow__node-trigger').click();
    await expect.poll(() => sidePanel(reviewer).locator('fieldset[disabled]').count()).toBeGreaterThan(0);
    await reviewer.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => sidePanel(reviewer).textContent()).toMatch(/v1 by olivia-owns/);
    await screenshot(reviewer, 'reviewer-08-workflow');
  });
});
