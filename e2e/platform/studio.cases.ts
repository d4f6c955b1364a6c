import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import type { SuiteContext } from './context.ts';

const DIST = fileURLToPath(new URL('../../editor/dist/', import.meta.url));

/** The built studio and viewer (editor/dist), with the addresses each answers. */
export function studioCases(ctx: SuiteContext) {
  it('serves the studio at / and at a client route, a hashed asset for a year, the viewer at an app', async () => {
    const { url } = ctx.target();
    const [index, viewer] = await Promise.all([
      readFile(`${DIST}index.html`, 'utf8'),
      readFile(`${DIST}viewer.html`, 'utf8'),
    ]);
    // A reload on a client route must still get the studio, never a 404 or the viewer.
    for (const path of ['/', '/app/settings', '/app/apps/3f1c9a52-7d0e-4b8a-9c61-2e5f8d4a7b10']) {
      const page = await fetch(`${url}${path}`);
      expect(page.status, path).toBe(200);
      expect(page.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(page.headers.get('cache-control'), path).toBe('no-cache');
      expect(await page.text(), path).toBe(index);
    }

    const script = index.match(/src="(\/assets\/index-[\w-]+\.js)"/)?.[1];
    expect(script, 'index.html names its hashed entry script').toBeDefined();
    const asset = await fetch(`${url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe(await readFile(`${DIST}${script!.slice(1)}`, 'utf8'));
    const missing = await fetch(`${url}/assets/index-nothere0.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control') ?? '').not.toMatch(/immutable/);

    const owner = await ctx.owner();
    const desk = await ctx.desk();
    for (const path of [`/u/${owner.username}/${desk.slug}`, `/u/${owner.username}/${desk.slug}/v/docs`]) {
      const page = await fetch(`${url}${path}`);
      expect(page.status, path).toBe(200);
      expect(await page.text(), path).toBe(viewer);
    }
  });

  it('answers an address under /u/ that is no page of an app with a JSON 404, not a page', async () => {
    const { url } = ctx.target();
    for (const path of ['/u/x/y/nothing', '/u/platform-owner/platform-desk/nothing']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({ error: { code: 'not_found', message: `Nothing at ${path}` } });
    }
  });
}
