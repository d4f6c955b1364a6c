import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../kernel/context.ts';
import type { PublishedApp } from '../../store/published-apps.ts';
import { type Caller, limitAppRate, resolveCaller } from './actor.ts';
import { RestError, restErrorResponse } from './errors.ts';
import { openApiDocument } from './openapi.ts';
import { readRows } from './read.ts';
import { deleteRows, insertRows, updateRows } from './write.ts';

export type Handler = (
  c: Context<AppEnv>,
  app: PublishedApp,
  caller: Caller,
  tableId: string,
) => Promise<Response>;

/**
 * Resolves the app and the caller, applies the app's rate limit, and answers errors as PostgREST does.
 * The app's file routes (`files.ts`) are served through it too.
 */
export function serve(handler: Handler) {
  return async (c: Context<AppEnv>) => {
    try {
      const { username, slug } = c.req.param() as { username: string; slug: string };
      const app = await c.var.platform.apps.find(username, slug);
      if (!app) throw new RestError(404, 'PGRST001', `There is no published app at /u/${username}/${slug}`);
      await limitAppRate(c, app);
      const caller = await resolveCaller(c, app);
      return await handler(c, app, caller, c.req.param('table') ?? '');
    } catch (error) {
      return restErrorResponse(c, error);
    }
  };
}

/**
 * The data API of a published app, at `/u/{username}/{slug}/rest/v1`, in PostgREST's grammar so
 * `@supabase/postgrest-js` works against it unmodified. Every read goes through the role's
 * visibility, every write through the runtime's write pipeline.
 */
export const dataApiRoutes = new Hono<AppEnv>()
  .get(
    '/',
    serve(async (c, app, caller) =>
      c.json(openApiDocument(app, caller.actor, new URL(c.req.url).href.replace(/\/$/, ''))),
    ),
  )
  .get('/:table', serve(readRows))
  .post('/:table', serve(insertRows))
  .patch('/:table', serve(updateRows))
  .delete('/:table', serve(deleteRows));
