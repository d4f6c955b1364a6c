import type { Page } from 'playwright-core';
import { SCREENSHOTS } from './browser.ts';

/**
 * A screenshot of just the canvas nodes, at the page's device scale: a whole workflow fitted
 * into the canvas draws its nodes small, and a run's badges and rings must be checked up close.
 */
export async function canvasCloseUp(page: Page, name: string, padding = 16) {
  const box = await page.evaluate((pad) => {
    const nodes = [...document.querySelectorAll('.react-flow__node')].map((n) => n.getBoundingClientRect());
    if (nodes.length === 0) return null;
    const left = Math.max(0, Math.min(...nodes.map((r) => r.left)) - pad);
    const top = Math.max(0, Math.min(...nodes.map((r) => r.top)) - pad);
    const right = Math.max(...nodes.map((r) => r.right)) + pad;
    const bottom = Math.max(...nodes.map((r) => r.bottom)) + pad;
    return { x: left, y: top, width: right - left, height: bottom - top };
  }, padding);
  if (!box) throw new Error('no canvas nodes to photograph');
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, clip: box, scale: 'device' });
}

/** The whole page at CSS pixels (one screen pixel per CSS pixel) whatever the device scale. */
export async function pageShot(page: Page, name: string) {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true, scale: 'css' });
}
