import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

/**
 * Chromium is a system package (`apt-get install -y chromium`). Without it the browser suites are
 * skipped on a developer's machine, loudly, and fail in CI, where .ci/run installs it.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI)
    throw new Error(`${CHROMIUM} is missing: CI must install it (apt-get install -y chromium)`);
  console.warn(`skipping browser tests: ${CHROMIUM} is missing (apt-get install -y chromium)`);
  return false;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export async function screenshot(page: Page, name: string) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/**
 * Clicks the dashboard's "New app" (or "New workflow") and returns its dialog, once open. Seen once
 * in .ci/run (2026-11-26): the click landed right after sign-up and no dialog opened within 15 s,
 * not reproduced in eight runs since. Such a miss is logged with what the page showed and a
 * screenshot (`flake-<label>.png`), then the button is clicked once more: the tests that use this
 * are about what happens after the dialog, and the log keeps the evidence for whoever finds the cause.
 */
export async function openCreateDialog(page: Page, label: 'New app' | 'New workflow') {
  const dialog = page.getByRole('dialog');
  await page.getByRole('button', { name: label }).click();
  try {
    await dialog.waitFor({ state: 'visible', timeout: 5_000 });
  } catch {
    const slug = label.toLowerCase().replace(/\s+/g, '-');
    await screenshot(page, `flake-${slug}`);
    const seen = await page.evaluate(() => ({
      url: location.href,
      buttons: [...document.querySelectorAll('button')].map((b) => b.textContent?.trim()).slice(0, 20),
      active: document.activeElement?.outerHTML.slice(0, 200),
    }));
    console.warn(`"${label}" opened no dialog within 5 s; clicking again. The page: ${JSON.stringify(seen)}`);
    await page.getByRole('button', { name: label }).click();
  }
  await dialog.waitFor({ state: 'visible' });
  return dialog;
}
