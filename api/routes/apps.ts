import { type Context, Hono } from 'hono';
import type { Definition } from '../../runtime/definitions/index.ts';
import { diffDefinitions, validateApp } from '../../runtime/definitions/index.ts';
import {
  type AppDetail,
  AppIdParam,
  type AppList,
  CreateAppBody,
  OneVersionParams,
  PublishBody,
  SaveDraftBody,
  type SharedAppList,
  VersionParams,
} from '../../schemas/index.ts';
import { publishApp } from '../apps/publish.ts';
import type { AppEnv } from '../kernel/context.ts';
import { HttpError, invalidDefinition, notFound } from '../kernel/errors.ts';
import { readJsonBody, readParams } from '../kernel/validate.ts';
import {
  createApp,
  deleteApp,
  getApp,
  getVersion,
  listApps,
  listVersions,
  saveDraft,
  toSummary,
} from '../store/apps.ts';
import { DbError } from '../store/db.ts';
import { APP_DEFINITIONS } from '../store/definition-versions.ts';
import { getMe } from '../store/profiles.ts';
import { definitionAccess, sharedWithMe } from '../store/reviewers.ts';
import { readOnlyForReviewers, reviewerRoutes } from './reviewers.ts';

/** A draft's name and slug, when it has usable ones (an invalid draft may still be saved). */
function namesOf(definition: unknown): { name?: string; slug?: string } {
  const d = (definition ?? {}) as { name?: unknown; slug?: unknown };
  const slug =
    typeof d.slug === 'string' && /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(d.slug) ? d.slug : undefined;
  const name = typeof d.name === 'string' && d.name.trim() ? d.name.trim().slice(0, 120) : undefined;
  return { ...(name ? { name } : {}), ...(slug ? { slug } : {}) };
}

const slugTaken = (error: unknown) => error instanceof DbError && error.code === '23505';

const guard = readOnlyForReviewers(APP_DEFINITIONS);

/** `GET /api/shared-with-me/apps`: the apps other builders added this builder to as a reviewer. */
export const listSharedApps = async (c: Context<AppEnv>) => {
  const { db, publicUrl } = c.var.platform;
  const body = await db.withUser(c.var.claims, async (tx): Promise<SharedAppList> => {
    const shared = await sharedWithMe(tx, APP_DEFINITIONS);
    if (shared.size === 0) return { apps: [] };
    const rows = (await listApps(tx)).filter((row) => shared.has(row.id));
    return {
      apps: rows.map((row) => {
        const owner = shared.get(row.id)!;
        return { ...toSummary(row, `${publicUrl}/u/${owner}`), access: 'reviewer', owner };
      }),
    };
  });
  return c.json(body);
};

/**
 * `/api/apps`. An app's reviewers (issue #5) read it too (RLS shows it to them), so the builder's
 * own list leaves out what is only shared with them, which `/api/shared-with-me/apps` lists instead.
 */
export const appRoutes = new Hono<AppEnv>()
  // First, for /:id and all under it, so it also guards the routes other routers mount there.
  .use('/:id/*', guard)
  .get('/', async (c) => {
    const { db, publicUrl } = c.var.platform;
    const body = await db.withUser(c.var.claims, async (tx): Promise<AppList> => {
      const me = await getMe(tx, '');
      const base = me ? `${publicUrl}/u/${me.username}` : null;
      const shared = await sharedWithMe(tx, APP_DEFINITIONS);
      const own = (await listApps(tx)).filter((row) => !shared.has(row.id));
      return { apps: own.map((row) => toSummary(row, base)) };
    });
    return c.json(body);
  })
  .post('/', async (c) => {
    const { definition } = await readJsonBody(c, CreateAppBody);
    const result = validateApp(definition);
    if (!result.ok) throw invalidDefinition(result.errors);
    const app = result.value;
    try {
      const detail = await c.var.platform.db.withUser(c.var.claims, async (tx): Promise<AppDetail> => {
        const row = await createApp(tx, app.name, app.slug, app);
        const owner = (await getMe(tx, ''))?.username ?? '';
        return { ...toSummary(row, null), access: 'owner', owner, definition: app, problems: [] };
      });
      return c.json(detail, 201);
    } catch (error) {
      if (slugTaken(error))
        throw new HttpError(
          409,
          'slug_taken',
          `definition.slug: you already have an app at "${app.slug}"; choose another slug`,
        );
      throw error;
    }
  })
  .get('/:id', async (c) => {
    const { id } = readParams(c, AppIdParam);
    const { db, publicUrl } = c.var.platform;
    const detail = await db.withUser(c.var.claims, async (tx): Promise<AppDetail | null> => {
      const row = await getApp(tx, id);
      const ownership = row && (await definitionAccess(tx, APP_DEFINITIONS, id));
      if (!row || !ownership) return null;
      const definition = await getVersion(tx, id, row.current_version);
      const checked = validateApp(definition);
      return {
        ...toSummary(row, ownership.owner ? `${publicUrl}/u/${ownership.owner}` : null),
        ...ownership,
        definition,
        problems: checked.ok ? [] : checked.errors,
      };
    });
    if (!detail) throw notFound('app');
    return c.json(detail);
  })
  .put('/:id', async (c) => {
    const { id } = readParams(c, AppIdParam);
    const { definition, baseVersion } = await readJsonBody(c, SaveDraftBody);
    if (
      typeof definition !== 'object' ||
      definition === null ||
      (definition as { kind?: unknown }).kind !== 'app'
    ) {
      throw new HttpError(
        400,
        'invalid_definition',
        'definition: must be an app definition object (kind "app")',
      );
    }
    const checked = validateApp(definition);
    try {
      const saved = await c.var.platform.db.withUser(c.var.claims, async (tx) => {
        const outcome = await saveDraft(tx, id, baseVersion, definition, 'builder', namesOf(definition));
        return outcome && { outcome, owner: (await getMe(tx, ''))?.username ?? '' };
      });
      if (!saved) throw notFound('app');
      const { outcome, owner } = saved;
      if (!outcome.ok) {
        throw new HttpError(
          409,
          'version_conflict',
          `This app changed since version ${baseVersion} (it is now at version ${outcome.currentVersion}, saved elsewhere). Reload it, then edit again.`,
        );
      }
      const detail: AppDetail = {
        ...toSummary(outcome.row, null),
        access: 'owner',
        owner,
        definition,
        problems: checked.ok ? [] : checked.errors,
      };
      return c.json(detail);
    } catch (error) {
      if (slugTaken(error))
        throw new HttpError(409, 'slug_taken', 'definition.slug: you already have an app with this slug');
      throw error;
    }
  })
  .delete('/:id', async (c) => {
    const { id } = readParams(c, AppIdParam);
    const deleted = await c.var.platform.db.withUser(c.var.claims, (tx) => deleteApp(tx, id));
    if (!deleted) throw notFound('app');
    return c.body(null, 204);
  })
  .get('/:id/versions', async (c) => {
    const { id } = readParams(c, AppIdParam);
    const versions = await c.var.platform.db.withUser(c.var.claims, async (tx) => {
      const row = await getApp(tx, id);
      return row ? listVersions(tx, id, row.published_version) : null;
    });
    if (!versions) throw notFound('app');
    return c.json({ versions });
  })
  .get('/:id/versions/:version', async (c) => {
    const { id, version } = readParams(c, OneVersionParams);
    const definition = await c.var.platform.db.withUser(c.var.claims, (tx) => getVersion(tx, id, version));
    if (definition === undefined) throw notFound(`version ${version} of this app`);
    return c.json({ version, definition });
  })
  .get('/:id/versions/:a/diff/:b', async (c) => {
    const { id, a, b } = readParams(c, VersionParams);
    const pair = await c.var.platform.db.withUser(c.var.claims, async (tx) => [
      await getVersion(tx, id, a),
      await getVersion(tx, id, b),
    ]);
    if (pair[0] === undefined) throw notFound(`version ${a} of this app`);
    if (pair[1] === undefined) throw notFound(`version ${b} of this app`);
    return c.json(diffDefinitions(pair[0] as Definition, pair[1] as Definition));
  })
  .post('/:id/publish', async (c) => {
    const { id } = readParams(c, AppIdParam);
    const { version: requested } = await readJsonBody(c, PublishBody);
    const { status, result } = await publishApp(c.var.platform, c.var.claims, id, requested);
    return c.json(result, status);
  })
  .route('/', reviewerRoutes(APP_DEFINITIONS));
