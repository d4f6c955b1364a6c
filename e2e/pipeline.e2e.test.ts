import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Builder, signUpBuilder } from '../api/testing/builders.ts';
import { studioDemoScript } from '../api/testing/fake-anthropic/pipeline-script.ts';
import { fakeReply } from '../api/testing/fake-anthropic/script.ts';
import { type FakeAnthropic, startFakeAnthropic } from '../api/testing/fake-anthropic/server.ts';
import { FeatureDetail } from '../schemas/index.ts';
import { chromiumAvailable, launchChromium } from './support/browser.ts';
import { pageShot as screenshot } from './support/close-up.ts';
import { serverDatabase } from './support/database.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';
import { logInToStudio } from './support/viewer-pages.ts';

// The agent pipeline as a builder meets it in the studio, in Chromium against the real platform
// process whose model calls go to the local fake Anthropic server (canned recipe tracker and unit
// converter, answered by tool name): the chat without a key, then with one — the BA's reply
// streamed, its recommendation used — the build's stages finishing live, the results read, the app
// approved and opened at its address; and a code-mode feature approved and downloaded as a zip whose
// files are the bundle's.

const PASSWORD = 'a long password for the pipeline';
const KEY = `sk-ant-e2e-${'k'.repeat(24)}`;
const run = chromiumAvailable();
let fake: FakeAnthropic;
let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let builder: Builder;
let recipeFeatureId = '';
let codeFeatureId = '';
const cleanups: (() => Promise<unknown>)[] = [];
// The BA's text arrives in pieces with a pause between them, so the reply visibly streams.
// The BA takes a moment before it answers and streams its text in slow pieces, and the planner is
// slow, so the typing indicator, a half-written reply and a running stage can all be seen.
const demoScript = studioDemoScript({
  chunkDelayMs: 150,
  delayMs: { recommend_mode: 1_500, write_plan: 2_500 },
});

const textOf = (locator: Locator) => locator.textContent({ timeout: 1_000 }).catch(() => '');
const status = () => textOf(page.getByTestId('feature-status').first());
const messages = (author: 'user' | 'assistant') =>
  page.locator(`[data-testid="chat-message"][data-author="${author}"]`);
const stepStates = () =>
  page
    .getByRole('list', { name: 'Build stages' })
    .locator('li')
    .evaluateAll((items) =>
      items.map((item) => `${item.getAttribute('data-step')}:${item.getAttribute('data-state')}`),
    );

async function featureDetail(id: string): Promise<FeatureDetail> {
  const response = await api(server.url, builder, 'GET', `/api/features/${id}`);
  return FeatureDetail.parse(await response.json());
}

/** Starts a conversation on /app/chat and waits for the feature page it opens. */
async function startConversation(message: string): Promise<string> {
  await page.goto(`${server.url}/app/chat`);
  await page.getByLabel('What do you need?').fill(message);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/app\/features\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop() as string;
}

/** Presses Build and waits until every stage is done and the feature waits for approval. */
async function buildToApproval() {
  await page.getByRole('button', { name: 'Build', exact: true }).click();
  await waitForApproval();
}

async function waitForApproval() {
  await expect.poll(status, { timeout: 90_000 }).toBe('Awaiting approval');
  expect(await stepStates()).toEqual([
    'spec:done',
    'planning:done',
    'testing:done',
    'implementing:done',
    'reviewing:done',
    'approval:waiting',
  ]);
}

interface ChatWatch {
  chatWatch: { typingSeen: boolean; partials: string[] };
}

/**
 * Runs in the page: records whether the typing indicator showed and every text the streaming reply
 * had, so "token by token" is checked on what was drawn, however slow the test is to look.
 */
function chatWatcher() {
  const watch = { typingSeen: false, partials: [] as string[] };
  (window as unknown as ChatWatch).chatWatch = watch;
  new MutationObserver(() => {
    if (document.body?.textContent?.includes('The BA agent is typing')) watch.typingSeen = true;
    const reply = document.querySelector('[data-testid="streaming-reply"]')?.textContent;
    if (reply && watch.partials.at(-1) !== reply) watch.partials.push(reply);
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

/** The file names in a zip, read from its central directory (no unzip tool needed). */
function zipEntryNames(zip: Buffer): string[] {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

beforeAll(async () => {
  if (!run) return;
  try {
    fake = await startFakeAnthropic({ keys: [KEY], script: demoScript });
    cleanups.push(() => fake.close());
    const dataDir = await mkdtemp(join(tmpdir(), 'bp-pipeline-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const database = await serverDatabase(dataDir);
    cleanups.push(database.drop);
    server = await startServerProcess({ ...database.env, ANTHROPIC_BASE_URL: fake.url });
    cleanups.push(() => server.stop());
    browser = await launchChromium();
    cleanups.push(() => browser.close());
    builder = await signUpBuilder(server.url, 'chef', PASSWORD);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await context.addInitScript(chatWatcher);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  } catch (error) {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
    throw error;
  }
}, 120_000);
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

// Builds run six model calls through a real worker; on a loaded 2-core box that can take a while.
describe.runIf(run)('the agent pipeline in the studio, in Chromium', { timeout: 120_000 }, () => {
  it('says the chat needs an Anthropic key and links to Settings', async () => {
    await logInToStudio(page, server.url, builder, PASSWORD);
    await page.goto(`${server.url}/app/chat`);
    const notice = page.getByRole('note').filter({ hasText: 'needs your Anthropic key' });
    await expect.poll(() => notice.count()).toBe(1);
    expect(await notice.getByRole('link', { name: 'Add it in Settings' }).getAttribute('href')).toBe(
      '/app/settings',
    );
    await screenshot(page, 'pipeline-01-no-key');
  });

  it('saves a key in Settings', async () => {
    await page.goto(`${server.url}/app/settings`);
    await page.getByLabel('Anthropic API key').fill(KEY);
    await page.getByRole('button', { name: 'Save key' }).click();
    await expect.poll(() => page.getByText(/Saved /).count()).toBeGreaterThan(0);
  });

  it('starts a conversation: the BA agent answers token by token with a question', async () => {
    recipeFeatureId = await startConversation('I want a recipe tracker for my family.');
    await expect
      .poll(() => textOf(page.getByRole('heading', { level: 1 })))
      .toBe('I want a recipe tracker for my family');
    await expect.poll(() => messages('user').count()).toBe(1);
    // Screenshots of the moments in between are best effort (a loaded box may take longer to shoot
    // one than the moment lasts); what the page showed is recorded by the observer (chatWatcher).
    const typing = page.getByRole('status').filter({ hasText: 'The BA agent is typing' });
    if (await typing.count()) await screenshot(page, 'pipeline-02a-typing');
    const streaming = page.getByTestId('streaming-reply');
    if (await streaming.count()) await screenshot(page, 'pipeline-02b-streaming');
    await expect.poll(() => messages('assistant').count(), { timeout: 30_000 }).toBe(1);
    expect(await streaming.count()).toBe(0);
    const final = (await textOf(messages('assistant').first())) ?? '';
    expect(final).toMatch(/Who will use it/);
    // Token by token: the typing indicator came first, then the reply grew through partial texts.
    const { typingSeen, partials } = await page.evaluate(() => (window as unknown as ChatWatch).chatWatch);
    expect(typingSeen).toBe(true);
    const partial = partials.filter((text) => text.length < final.length);
    expect(partial.length).toBeGreaterThan(0);
    for (const text of partial) expect(final.startsWith(text)).toBe(true);
    await screenshot(page, 'pipeline-02-first-reply');
  });

  it('recommends a mode with its reason after the second message, and the builder uses it', async () => {
    const box = page.getByLabel('Message the BA agent');
    await box.fill('The whole family edits recipes, visitors only browse. Yes, a shopping list too.');
    await box.press('Enter');
    await expect.poll(() => messages('assistant').count(), { timeout: 30_000 }).toBe(2);
    const card = page.getByTestId('mode-recommendation');
    await expect.poll(() => textOf(card)).toMatch(/Components/);
    expect(await textOf(card)).toMatch(/keeping and browsing records/);
    expect(await box.inputValue()).toBe('');
    await screenshot(page, 'pipeline-03-recommendation');
    await card.getByRole('button', { name: 'Use this' }).click();
    await expect.poll(() => textOf(card)).toMatch(/Using this mode/);
    expect((await featureDetail(recipeFeatureId)).mode).toBe('components');
  });

  it('builds: the stages finish live and the results can be read', async () => {
    await page.getByRole('button', { name: 'Build', exact: true }).click();
    await expect
      .poll(stepStates, { timeout: 30_000 })
      .toEqual([
        'spec:done',
        'planning:running',
        'testing:pending',
        'implementing:pending',
        'reviewing:pending',
        'approval:pending',
      ]);
    await expect.poll(() => textOf(page.getByTestId('tokens-used'))).not.toMatch(/^0 of/);
    await screenshot(page, 'pipeline-04a-building');
    await waitForApproval();
    expect(await textOf(page.getByTestId('tokens-used'))).toMatch(/^[\d,.]+M? of [\d,.]+M?$/);
    await screenshot(page, 'pipeline-04-awaiting-approval');

    await page.getByRole('tab', { name: 'Spec' }).click();
    await expect.poll(() => textOf(page.getByTestId('spec'))).toMatch(/Family recipe tracker/);
    await page.getByRole('tab', { name: /Tests/ }).click();
    const cases = page.getByRole('table', { name: 'Contract test cases' }).locator('tbody tr');
    await expect.poll(() => cases.count()).toBeGreaterThan(3);
    expect(await textOf(page.getByTestId('contract-run'))).toMatch(/passed, 0 failed/);
    await screenshot(page, 'pipeline-05-tests');
    await page.getByRole('tab', { name: 'Result' }).click();
    await expect.poll(() => textOf(page.getByRole('region', { name: 'Tables' }))).toMatch(/Recipes/i);
    // The candidate drawn on the studio's canvas, read-only, before anything is approved.
    const canvas = page.getByTestId('result-canvas');
    await expect
      .poll(() => canvas.locator('.react-flow__node').count(), { timeout: 30_000 })
      .toBeGreaterThan(1);
    await expect.poll(() => textOf(canvas)).toMatch(/Recipes/);
    await canvas.scrollIntoViewIfNeeded();
    await screenshot(page, 'pipeline-05b-result-canvas');
    await page.getByRole('tab', { name: /Review/ }).click();
    await expect.poll(() => textOf(page.getByRole('tabpanel'))).toMatch(/blocker/);
    await page.getByRole('tab', { name: 'Runs' }).click();
    const runs = page.getByRole('table', { name: 'Agent runs' }).locator('tbody tr');
    await expect.poll(() => runs.count()).toBeGreaterThanOrEqual(6);
    await screenshot(page, 'pipeline-06-runs');
  });

  it('approves: the app is published and opens at its address', async () => {
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(status, { timeout: 30_000 }).toBe('Done');
    const open = page.getByRole('link', { name: 'Open the app' });
    const href = (await open.getAttribute('href')) ?? '';
    expect(href).toMatch(/\/u\/chef\/family-recipes/);
    const detail = await featureDetail(recipeFeatureId);
    expect(await page.getByRole('link', { name: 'Open on the canvas' }).first().getAttribute('href')).toBe(
      `/app/apps/${detail.appId}`,
    );
    await screenshot(page, 'pipeline-07-approved');

    await page.goto(new URL(href, server.url).href);
    await expect.poll(() => page.getByText('Family Recipes').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await screenshot(page, 'pipeline-08-published-app');
  });

  it('builds a code-mode feature, shows its files highlighted, and downloads the bundle as a zip', async () => {
    codeFeatureId = await startConversation(
      'A small TypeScript library that converts units of length, weight and temperature for my other projects.',
    );
    const card = page.getByTestId('mode-recommendation');
    await expect.poll(() => textOf(card), { timeout: 30_000 }).toMatch(/Code/);
    await buildToApproval();
    await page.getByRole('tab', { name: 'Result' }).click();
    const files = page.getByRole('navigation', { name: 'Files' });
    await expect.poll(() => files.getByRole('button').count()).toBeGreaterThan(1);
    await files.getByRole('button', { name: 'convert.ts', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('code-view').locator('span.text-violet-700').count())
      .toBeGreaterThan(3);
    await screenshot(page, 'pipeline-09-code-result');

    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(status, { timeout: 30_000 }).toBe('Done');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download zip' }).click(),
    ]);
    const path = await download.path();
    const names = zipEntryNames(await readFile(path));
    const detail = await featureDetail(codeFeatureId);
    const result = detail.artifacts.result;
    expect(result?.kind).toBe('code');
    const bundle = result?.kind === 'code' ? [...result.files, ...result.tests].map((f) => f.path) : [];
    // The bundle's files and tests, and its spec in markdown.
    expect(names.sort()).toEqual(['SPEC.md', ...bundle].sort());
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    await screenshot(page, 'pipeline-10-code-approved');
  });

  it('shows a rate limit inline with when to retry, and Retry gets the reply without sending the message twice', async () => {
    let limited = false;
    fake.script((request) => {
      if (limited) return demoScript(request);
      limited = true;
      return fakeReply.rateLimited(30);
    });
    await startConversation('Remind me to water the plants.');
    const alert = page.getByRole('log', { name: 'Conversation' }).getByRole('alert');
    await expect.poll(() => textOf(alert), { timeout: 30_000 }).toMatch(/rate limit/i);
    expect(await textOf(alert)).toMatch(/30 seconds/);
    expect(await messages('user').count()).toBe(1);
    await screenshot(page, 'pipeline-11-rate-limited');

    await alert.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => messages('assistant').count(), { timeout: 30_000 }).toBe(1);
    expect(await alert.count()).toBe(0);
    // The message was kept at the first try; Retry asked only for the reply.
    expect(await messages('user').count()).toBe(1);
    await page.reload();
    await expect.poll(() => messages('assistant').count(), { timeout: 30_000 }).toBe(1);
    expect(await messages('user').count()).toBe(1);
  });

  it('stacks the chat above the build panel on a narrow screen', async () => {
    await page.setViewportSize({ width: 400, height: 860 });
    await page.goto(`${server.url}/app/features/${recipeFeatureId}`);
    const chat = page.getByRole('region', { name: 'Chat with the BA agent' });
    const progress = page.getByRole('region', { name: 'Build progress' });
    await expect.poll(() => progress.count()).toBe(1);
    const [chatBox, progressBox] = [await chat.boundingBox(), await progress.boundingBox()];
    expect(progressBox!.y).toBeGreaterThan(chatBox!.y + chatBox!.height - 1);
    await screenshot(page, 'pipeline-12-narrow');
  });
});
