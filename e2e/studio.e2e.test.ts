import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot } from './support/browser.ts';
import type { ServerProcess } from './support/server-process.ts';
import { type StudioSession, startStudioSession } from './support/studio-session.ts';

// A builder in a real browser against the real platform process: sign up, log out, log in,
// create and delete a feature, save the Anthropic key and see it masked.

const KEY = 'sk-ant-api03-e2e-browser-secret-000000000000WXYZ';
const run = chromiumAvailable();
let server: ServerProcess;
let browser: Browser;
let page: Page;
let session: StudioSession | undefined;

beforeAll(async () => {
  if (!run) return;
  session = await startStudioSession('e2e');
  ({ server, browser } = session);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(10_000);
});
afterAll(async () => {
  await session?.close();
});

describe.runIf(run)('the studio in Chromium', () => {
  it('signs a new builder up from the landing page', async () => {
    await page.goto(server.url);
    await screenshot(page, '01-landing');
    await page.getByRole('link', { name: 'Sign up' }).first().click();
    await page.waitForURL('**/signup');
    await page.getByLabel('Email').fill('maker@example.test');
    await page.getByLabel('Username').fill('Bad Name');
    await page.getByLabel('Password').fill('a long password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/Username/);
    await screenshot(page, '02-signup-field-error');
    await page.getByLabel('Username').fill('maker');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/app');
    await expect.poll(() => page.getByTestId('current-username').textContent()).toContain('maker');
    await expect.poll(() => page.getByText(/No features yet/i).count()).toBeGreaterThan(0);
    await screenshot(page, '03-dashboard-empty');
  });

  it('logs out and back in', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/login');
    await page.goto(`${server.url}/app/settings`);
    await page.waitForURL('**/login');
    await page.getByLabel('Email').fill('maker@example.test');
    await page.getByLabel('Password').fill('the wrong password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toMatch(/Invalid login credentials/);
    await screenshot(page, '04-login-wrong-password');
    await page.getByLabel('Password').fill('a long password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/app(\/settings)?$/);
  });

  it('creates and deletes a feature', async () => {
    await page.goto(`${server.url}/app`);
    await page.getByLabel('Feature title').fill('Recipe tracker');
    await page.getByLabel('Output mode').selectOption({ label: 'Components' });
    await page.getByRole('button', { name: 'Create feature' }).click();
    const list = page.getByRole('list', { name: 'Features' });
    await expect.poll(() => list.getByRole('link', { name: /Recipe tracker/ }).count()).toBe(1);
    await page.getByLabel('Feature title').fill('Daily digest');
    await page.getByRole('button', { name: 'Create feature' }).click();
    await expect.poll(() => list.getByRole('link').count()).toBe(2);
    await expect
      .poll(() => page.getByTestId('feature-usage').textContent())
      .toMatch(/2 of 20 active features/);
    await screenshot(page, '05-dashboard-features');

    await page.getByRole('button', { name: 'Delete Recipe tracker' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.textContent()).toMatch(/Delete “Recipe tracker”\?/);
    await screenshot(page, '06-delete-confirm');
    await dialog.getByRole('button', { name: 'Delete feature' }).click();
    await expect.poll(() => list.getByRole('link', { name: /Recipe tracker/ }).count()).toBe(0);
    await expect
      .poll(() => page.getByTestId('feature-usage').textContent())
      .toMatch(/1 of 20 active features/);

    // The feature page opens and says honestly what is not built yet.
    await list.getByRole('link', { name: /Daily digest/ }).click();
    await page.waitForURL('**/app/features/*');
    await expect.poll(() => page.getByRole('heading', { name: 'Daily digest' }).count()).toBe(1);
    await screenshot(page, '07-feature');
  });

  it('saves the Anthropic key and shows it only masked', async () => {
    await page.goto(`${server.url}/app/settings`);
    await expect.poll(() => page.getByTestId('anthropic-key-status').textContent()).toMatch(/Not configured/);
    await page.getByLabel('Anthropic API key').fill(KEY);
    await page.getByRole('button', { name: 'Save key' }).click();
    await expect
      .poll(() => page.getByTestId('anthropic-key-status').textContent())
      .toMatch(/Configured: sk-ant-…WXYZ/);
    expect(await page.getByLabel('Anthropic API key').inputValue()).toBe('');
    await page.reload();
    await expect
      .poll(() => page.getByTestId('anthropic-key-status').textContent())
      .toMatch(/Configured: sk-ant-…WXYZ/);
    expect(await page.content()).not.toContain('e2e-browser-secret');
    await screenshot(page, '08-settings-key-masked');
    expect(server.output()).not.toContain('e2e-browser-secret');
  });
});
