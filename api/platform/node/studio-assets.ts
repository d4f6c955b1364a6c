import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { AppEnv } from '../../kernel/context.ts';

const DIST_DIR = fileURLToPath(new URL('../../../editor/dist/', import.meta.url));

/** Paths the studio never answers: they belong to the API, auth, webhooks or health. */
const NOT_STUDIO = /^\/(api|auth|hooks|health)(\/|$)/;

/**
 * Serves the built studio from editor/dist: hashed assets cached for a year, every other page
 * path answered with index.html so client-side routes survive a reload.
 */
export function mountStudio(app: Hono<AppEnv>, distDir = DIST_DIR) {
  const index = `${distDir}index.html`;
  const root = relative(process.cwd(), distDir) || '.';
  app.use(
    '/assets/*',
    serveStatic({
      root,
      onFound: (_path, c) => {
        c.header('cache-control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use('*', serveStatic({ root, index: '__no_directory_index__' }));
  app.get('*', async (c) => {
    if (NOT_STUDIO.test(c.req.path) || c.req.path.startsWith('/assets/')) {
      return c.json({ error: { code: 'not_found', message: `Nothing at ${c.req.path}` } }, 404);
    }
    if (!existsSync(index)) {
      return c.text('The studio is not built yet. Run `npm run build`, then reload.', 503);
    }
    c.header('cache-control', 'no-cache');
    return c.html(await readFile(index, 'utf8'));
  });
}
