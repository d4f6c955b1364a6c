import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../kernel/context.ts';
import { mountStudio } from './studio-assets.ts';

// The built pages from a dist folder made for the test: the studio's index.html, the published
// apps' viewer.html, and which addresses get which (or a JSON 404).

let dist: string;
let bare: string;

function appOver(distDir: string) {
  const app = new Hono<AppEnv>({ strict: false });
  // An API route mounted before the pages, as `createApp` does: it must keep answering.
  app.get('/u/:username/:slug/app', (c) => c.json({ api: true }));
  mountStudio(app, distDir);
  return app;
}

beforeAll(async () => {
  await mkdir('.tmp', { recursive: true });
  dist = `${resolve(await mkdtemp('.tmp/dist-'))}/`;
  await mkdir(`${dist}assets`);
  await writeFile(`${dist}index.html`, '<!doctype html><title>studio</title>');
  await writeFile(`${dist}viewer.html`, '<!doctype html><title>viewer</title>');
  await writeFile(`${dist}assets/viewer-abc123.js`, 'console.log(1)');
  bare = `${resolve(await mkdtemp('.tmp/dist-'))}/`;
  await writeFile(`${bare}index.html`, '<!doctype html><title>studio</title>');
});
afterAll(async () => {
  await rm(dist, { recursive: true, force: true });
  await rm(bare, { recursive: true, force: true });
});

describe('mountStudio', () => {
  it.each([
    '/u/alice/sales',
    '/u/alice/sales/',
    '/u/alice/sales/sign-in',
    '/u/alice/sales/v/deals',
    '/u/alice/sales/v/deals/00000000-0000-4000-8000-000000000001',
    '/u/al%20ice/sa-les/v/x',
  ])('answers %s with the viewer, never cached stale', async (path) => {
    const response = await appOver(dist).request(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<title>viewer</title>');
  });

  it.each(['/u/alice/sales/nonsense', '/u/alice', '/u', '/u/alice/sales/rest/v1', '/u/alice/sales/app/x'])(
    'answers %s, which is no page of an app, with a JSON 404 rather than the studio',
    async (path) => {
      const response = await appOver(dist).request(path);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toEqual({ error: { code: 'not_found', message: `Nothing at ${path}` } });
    },
  );

  it('answers other methods under /u/ with a JSON 404 too', async () => {
    const response = await appOver(dist).request('/u/alice/sales', { method: 'POST' });
    expect(response.status).toBe(404);
    expect((await response.json()) as unknown).toMatchObject({ error: { code: 'not_found' } });
  });

  it('leaves API routes, the studio and hashed assets as they were', async () => {
    const app = appOver(dist);
    expect(await (await app.request('/u/alice/sales/app')).json()).toEqual({ api: true });
    const studio = await app.request('/dashboard/apps');
    expect(await studio.text()).toContain('<title>studio</title>');
    const asset = await app.request('/assets/viewer-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await app.request('/assets/missing-123.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBeNull();
    expect((await app.request('/api/nothing')).status).toBe(404);
  });

  it('says clearly when the viewer is not built, without falling back to the studio', async () => {
    const response = await appOver(bare).request('/u/alice/sales/v/deals');
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('The app viewer is not built yet. Run `npm run build`, then reload.');
    expect(await (await appOver(bare).request('/')).text()).toContain('<title>studio</title>');
  });
});
