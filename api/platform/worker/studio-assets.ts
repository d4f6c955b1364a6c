import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../kernel/context.ts';
import type { Fetcher } from './bindings.ts';

// The built studio and viewer (editor/dist) on the Worker, through the ASSETS binding, with the
// routing of the Node target (api/platform/node/studio-assets.ts): hashed assets cached for a year,
// a published app's pages answered with viewer.html, anything else under /u/ a JSON 404, other
// files as they are, and every other page path the studio's index.html (its client-side routes
// survive a reload). wrangler.toml sends every request to the Worker first (run_worker_first), so
// the API's routes, mounted before these, always win. The two path rules below are the Node
// file's (not exported there, and that file reads the disk).

/** Paths the studio never answers: they belong to the API, auth, webhooks or health. */
const NOT_STUDIO = /^\/(api|auth|hooks|health)(\/|$)/;

/** The pages of a published app the viewer answers; its API routes are mounted before these. */
const VIEWER_PAGES = ['/u/:username/:slug', '/u/:username/:slug/sign-in', '/u/:username/:slug/v/*'];

const notFound = (c: Context) =>
  c.json({ error: { code: 'not_found', message: `Nothing at ${c.req.path}` } }, 404);

/** One asset by its path in editor/dist (wrangler.toml sets html_handling = "none": no redirects). */
const asset = (assets: Fetcher, c: Context, path: string) =>
  assets.fetch(new Request(new URL(path, c.req.url), { method: 'GET' }));

async function page(assets: Fetcher, c: Context, file: string, what: string) {
  const found = await asset(assets, c, file);
  if (!found.ok) return c.text(`The ${what} is not built yet. Run \`npm run build\`, then deploy.`, 503);
  // no-cache: a new deployment shows at the next load.
  return new Response(found.body, {
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
  });
}

export function mountStudioAssets(app: Hono<AppEnv>, assets: Fetcher) {
  app.get('/assets/*', async (c) => {
    const found = await asset(assets, c, c.req.path);
    if (!found.ok) return notFound(c);
    const response = new Response(found.body, found);
    response.headers.set('cache-control', 'public, max-age=31536000, immutable');
    return response;
  });
  for (const path of VIEWER_PAGES) app.get(path, (c) => page(assets, c, '/viewer.html', 'app viewer'));
  app.all('/u/*', notFound);
  app.get('*', async (c) => {
    if (NOT_STUDIO.test(c.req.path)) return notFound(c);
    if (c.req.path !== '/') {
      const found = await asset(assets, c, c.req.path);
      // Copied: a fetched response's headers are immutable, and the kernel adds its own.
      if (found.ok) return new Response(found.body, found);
    }
    return page(assets, c, '/index.html', 'studio');
  });
}
