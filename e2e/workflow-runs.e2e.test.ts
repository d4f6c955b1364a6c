import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Builder, signUpBuilder } from '../api/testing/builders.ts';
import { chromiumAvailable } from './support/browser.ts';
import { canvasCloseUp, pageShot as screenshot } from './support/close-up.ts';
import { createWorkflow, deliver, orderHook, STEP_LABELS, setSigningSecret } from './support/order-hook.ts';
import type { ServerProcess } from './support/server-process.ts';
import { type StudioSession, startStudioSession } from './support/studio-session.ts';
import { logInToStudio } from './support/viewer-pages.ts';

// The workflow runtime as a builder meets it in the studio, in a real browser against the real
// platform process: a test run drawn on the canvas, a step's input and output, activation blocked
// by the review until the signing secret is set, signed deliveries showing up live in the Runs
// tab, a re-run from a step, a failing run in red with its error, and deactivation.

const PASSWORD = 'a long password for runs';
const run = chromiumAvailable();
let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let session: StudioSession | undefined;
let builder: Builder;
let workflowId = '';

const step = (label: string) => page.locator('.react-flow__node-step').filter({ hasText: label });
const outcomeOf = (label: string) =>
  step(label)
    .locator('[data-run-outcome]')
    .getAttribute('data-run-outcome', { timeout: 1_000 })
    .catch(() => null);
const status = () => page.getByTestId('workflow-status').textContent();
const runList = () => page.getByRole('list', { name: 'Runs' });
const runButtons = () => runList().getByRole('button');
const selectedRun = () => page.getByRole('region', { name: 'Selected run' });
const inRun = () => page.getByRole('region', { name: 'In the selected run' });
const textOf = (locator: Locator) => locator.textContent({ timeout: 1_000 }).catch(() => '');

async function openRunsTab() {
  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect.poll(() => page.getByRole('tab', { name: 'Runs' }).getAttribute('aria-selected')).toBe('true');
}

/** Test-runs the draft with `payload` typed into the dialog, as the builder would. */
async function testRun(payload: unknown) {
  await page.getByRole('button', { name: 'Test run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Test run' });
  await dialog.getByLabel('Trigger payload (JSON)').fill(JSON.stringify(payload, null, 2));
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(() => dialog.count(), { timeout: 30_000 }).toBe(0);
}

beforeAll(async () => {
  if (!run) return;
  session = await startStudioSession('workflow-runs');
  ({ server, browser } = session);
  builder = await signUpBuilder(server.url, 'flows', PASSWORD);
  workflowId = await createWorkflow(server.url, builder, orderHook);
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 2 });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await session?.close();
});

describe.runIf(run)('workflow runs in the studio, in Chromium', () => {
  it('opens a new webhook workflow as a draft with its steps on the canvas', async () => {
    await logInToStudio(page, server.url, builder, PASSWORD);
    await page.goto(`${server.url}/app/workflows/${workflowId}`);
    await expect.poll(() => page.locator('.react-flow__node-step').count()).toBe(4);
    await expect.poll(status).toBe('Draft');
    await openRunsTab();
    await expect
      .poll(() => page.getByText('No runs yet — send a test run or activate the workflow').count())
      .toBe(1);
    await screenshot(page, 'workflow-01-draft');
  });

  it('keeps typed text and says where a test payload is not JSON', async () => {
    await page.getByRole('button', { name: 'Test run', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Test run' });
    const payload = dialog.getByLabel('Trigger payload (JSON)');
    await expect.poll(() => payload.inputValue()).toMatch(/"body"/);
    const broken = '{"body": {"customer": "Ada", "amount": 250,}}';
    await payload.fill(broken);
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    await expect
      .poll(() => textOf(dialog.getByRole('alert')))
      .toMatch(/not valid JSON \(line 1, column \d+\)/);
    expect(await payload.inputValue()).toBe(broken);
    expect(await payload.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'workflow-02-invalid-json');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('runs the draft and draws the path it took: green where it ran, grey on the branch not taken', async () => {
    await testRun({ body: { customer: 'Ada', amount: 250 }, headers: {}, query: {} });
    await expect
      .poll(() => page.getByRole('tab', { name: 'Runs' }).getAttribute('aria-selected'))
      .toBe('true');
    await expect.poll(() => runButtons().count()).toBe(1);
    expect(await runButtons().first().getAttribute('aria-pressed')).toBe('true');
    expect(await runButtons().first().locator('[data-run-status]').getAttribute('data-run-status')).toBe(
      'succeeded',
    );
    for (const label of [STEP_LABELS.shape, STEP_LABELS.size, STEP_LABELS.big])
      await expect.poll(async () => `${label}: ${await outcomeOf(label)}`).toBe(`${label}: succeeded`);
    await expect.poll(() => outcomeOf(STEP_LABELS.small)).toBe('not_reached');
    const steps = selectedRun().getByRole('list', { name: 'Steps of the run' });
    await expect.poll(() => steps.getByRole('listitem').count()).toBe(5);
    await expect.poll(() => textOf(selectedRun())).toMatch(/Manual test · v1/);
    await screenshot(page, 'workflow-03-test-run');
    await canvasCloseUp(page, 'workflow-03b-test-run-canvas');
  });

  it("shows a clicked step's recorded input and output in the inspector", async () => {
    await step(STEP_LABELS.shape).click();
    await expect.poll(() => inRun().count()).toBe(1);
    const output = inRun().getByRole('region', { name: 'Output' });
    await expect.poll(() => textOf(output)).toMatch(/"customer": "Ada"/);
    expect(await textOf(output)).toMatch(/"amount": 250/);
    await expect.poll(() => inRun().getByRole('region', { name: 'Input' }).count()).toBe(1);
    await screenshot(page, 'workflow-04-step-input-output');
    await page.locator('.react-flow__node-trigger').click();
    await expect
      .poll(() => textOf(inRun().getByRole('region', { name: 'What started it' })))
      .toMatch(/"amount": 250/);
  });

  it('refuses to activate until the signing secret is set, then activates', async () => {
    await page.getByRole('button', { name: 'Activate', exact: true }).click();
    const dialog = page.getByTestId('activation-dialog');
    await expect
      .poll(() => textOf(dialog.getByRole('heading')), { timeout: 30_000 })
      .toBe('Not activated: the review found blockers');
    const findings = dialog.getByRole('list', { name: 'Review findings' });
    await expect.poll(() => textOf(findings)).toMatch(/secret "signing"/);
    await screenshot(page, 'workflow-05-activation-blocked');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(status).toBe('Draft');

    await setSigningSecret(server.url, builder, workflowId);
    await page.getByRole('button', { name: 'Activate', exact: true }).click();
    await expect
      .poll(() => textOf(dialog.getByRole('heading')), { timeout: 30_000 })
      .toBe('Active: version 1');
    await expect.poll(() => textOf(dialog)).toContain(`/hooks/${workflowId}`);
    await screenshot(page, 'workflow-06-activated');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(status).toBe('Active v1');
    expect(await page.getByRole('button', { name: 'Deactivate' }).count()).toBe(1);
  });

  it('lists signed deliveries in the Runs tab as they arrive, without a reload', async () => {
    await openRunsTab();
    const small = await deliver(server.url, workflowId, { customer: 'Bo', amount: 20 }, 'delivery-1');
    expect(small.status).toBe(200);
    expect(await small.json()).toEqual({ size: 'small' });
    const big = await deliver(server.url, workflowId, { customer: 'Cy', amount: 900 }, 'delivery-2');
    expect(big.status).toBe(200);
    expect(await big.json()).toEqual({ size: 'big', customer: 'Cy' });
    // The list asks again every 10 s while nothing is moving: no reload, just waiting.
    await expect.poll(() => runButtons().count(), { timeout: 30_000 }).toBe(3);
    await expect.poll(() => textOf(runButtons().nth(0))).toMatch(/Webhook/);
    await expect.poll(() => textOf(runButtons().nth(1))).toMatch(/Webhook/);
    await screenshot(page, 'workflow-07-runs-1280');
    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(page, 'workflow-08-runs-1024');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('opens a delivered run and re-runs it from the condition', async () => {
    // Newest first: the second delivery (big), then the first (small).
    await runButtons().nth(1).click();
    await expect.poll(() => runButtons().nth(1).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => outcomeOf(STEP_LABELS.small)).toBe('succeeded');
    await expect.poll(() => outcomeOf(STEP_LABELS.big)).toBe('not_reached');
    await expect.poll(() => textOf(selectedRun())).toMatch(/Webhook · v1/);
    await step(STEP_LABELS.size).click();
    await expect.poll(() => inRun().count()).toBe(1);
    await expect.poll(() => textOf(inRun())).toMatch(/branch: otherwise|branch/);
    await inRun().getByRole('button', { name: 'Re-run from here' }).click();
    const dialog = page.getByRole('dialog', { name: /^Re-run from .Big order\?.$/ });
    await expect.poll(() => dialog.count()).toBe(1);
    expect(await dialog.getByRole('radio', { name: 'The version this run used (v1)' }).isChecked()).toBe(
      true,
    );
    expect(await dialog.getByRole('radio', { name: 'The current draft' }).count()).toBe(1);
    await screenshot(page, 'workflow-09-rerun-dialog');
    await dialog.getByRole('button', { name: 'Re-run', exact: true }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await openRunsTab();
    await expect.poll(() => runButtons().count(), { timeout: 30_000 }).toBe(4);
    await expect.poll(() => textOf(runButtons().nth(0))).toMatch(/Re-run/);
    expect(await runButtons().nth(0).getAttribute('aria-pressed')).toBe('true');
    await expect
      .poll(() => textOf(selectedRun()), { timeout: 30_000 })
      .toMatch(/Re-run from step “Big order\?”/);
    await expect
      .poll(() => runButtons().nth(0).locator('[data-run-status]').getAttribute('data-run-status'), {
        timeout: 30_000,
      })
      .toBe('succeeded');
    // The re-run started at the condition: the values were kept from the delivery's run, not
    // set again, and the small answer ran again.
    await expect.poll(() => outcomeOf(STEP_LABELS.small)).toBe('succeeded');
    await expect.poll(() => outcomeOf(STEP_LABELS.shape)).toBe('kept');
    await expect.poll(() => outcomeOf(STEP_LABELS.big)).toBe('not_reached');
    await screenshot(page, 'workflow-10-rerun');
    await canvasCloseUp(page, 'workflow-10b-rerun-canvas');
    await step(STEP_LABELS.shape).click();
    await expect.poll(() => textOf(inRun())).toMatch(/Not run again: this re-run kept the output/);
    await page.locator('.react-flow__node-trigger').click();
    await expect
      .poll(() => textOf(inRun().getByRole('region', { name: 'What started it' })))
      .toMatch(/"customer": "Bo"/);
    // The delivery's signature header is one long word: it wraps inside the panel, not off it.
    const json = inRun().getByRole('region', { name: 'What started it' }).locator('pre');
    expect(await json.textContent()).toMatch(/"x-signature": "sha256=[0-9a-f]{64}"/);
    expect(await json.evaluate((pre) => pre.scrollWidth - pre.clientWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'workflow-10c-rerun-trigger');
  });

  it('draws a failing run in red with its error', async () => {
    await testRun({ body: { customer: 'Dee' }, headers: {}, query: {} });
    await expect.poll(() => runButtons().count()).toBe(5);
    expect(await runButtons().nth(0).locator('[data-run-status]').getAttribute('data-run-status')).toBe(
      'failed',
    );
    await expect.poll(() => outcomeOf(STEP_LABELS.shape)).toBe('failed');
    await expect.poll(() => outcomeOf(STEP_LABELS.size)).toBe('not_reached');
    await expect.poll(() => textOf(selectedRun().getByRole('alert'))).toMatch(/amount/);
    await screenshot(page, 'workflow-11-failed-run');
    await canvasCloseUp(page, 'workflow-11b-failed-run-canvas');
    await step(STEP_LABELS.shape).click();
    await expect.poll(() => textOf(inRun().getByRole('alert'))).toMatch(/amount/);
    expect(await textOf(inRun().getByRole('region', { name: 'Input' }))).toMatch(/Not built/);
    await screenshot(page, 'workflow-12-failed-step');
  });

  it('deactivates: the header says Inactive and deliveries get 404', async () => {
    await page.getByRole('button', { name: 'Deactivate' }).click();
    await expect.poll(status).toBe('Inactive');
    expect(await page.getByRole('button', { name: 'Activate', exact: true }).count()).toBe(1);
    const refused = await deliver(server.url, workflowId, { customer: 'Eve', amount: 5 }, 'delivery-3');
    expect(refused.status).toBe(404);
    await openRunsTab();
    await expect.poll(() => runButtons().count()).toBe(5);
    await screenshot(page, 'workflow-13-inactive');
  });
});
