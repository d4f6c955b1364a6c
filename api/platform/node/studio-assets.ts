import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../kernel/context.ts';

const DIST_DIR = fileURLToPath(new URL('../../../editor/dist/', import.meta.url));

/** Paths the studio never answers: they belong to the API, auth, webhooks or health. */
const NOT_STUDIO = /^\/(api|auth|hooks|health)(\/|$)/;

/** The pages of a published app the viewer answers; its API routes are mounted before these. */
const VIEWER_PAGES = ['/u/:username/:slug', '/u/:username/:slug/sign-in', '/u/:username/:slug/v/*'];

const notFound = (c: Context) =>
  c.json({ error: { code: 'not_found', message: `Nothing at ${c.req.path}` } }, 404);

/** Answers one built page (no-cache, so a new build shows at the next load), or a 503 saying to build it. */
async function page(c: Context, file: string, what: string) {
  if (!existsSync(file))
    return c.text(`The ${what} is not built yet. Run \`npm run build\`, then reload.`, 503);
  c.header('cache-control', 'no-cache');
  return c.html(await readFile(file, 'utf8'));
}

/**
 * Serves the built studio from editor/dist: hashed assets cached for a year, the published apps'
 * pages (`/u/{username}/{slug}`, `/v/…`, `/sign-in`) answered with viewer.html, any other
 * address under `/u/` a JSON 404, and every other page path answered with index.html so the
 * studio's client-side routes survive a reload.
 */
export function mountStudio(app: Hono<AppEnv>, distDir = DIST_DIR) {
  const index = `${distDir}index.html`;
  const viewer = `${distDir}viewer.html`;
  const root = relative(process.cwd(), distDir) || '.';
  // Set after the file is served: serveStatic's onFound runs after its response is made, so a
  // header set there never reached the browser.
  app.use(
    '/assets/*',
    async (c, next) => {
      await next();
      if (c.res.ok) c.header('cache-control', 'public, max-age=31536000, immutable');
    },
    serveStatic({ root }),
  );
  for (const path of VIEWER_PAGES) app.get(path, (c) => page(c, viewer, 'app viewer'));
  app.all('/u/*', notFound);
  app.use('*', serveStatic({ root, index: '__no_directory_index__' }));
  app.get('*', async (c) => {
    if (NOT_STUDIO.test(c.req.path) || c.req.path.startsWith('/assets/')) return notFound(c);
    return page(c, index, 'studio');
  });
}
