import { Hono } from 'hono';
import { indexesForViews, indexPrefix } from '../../runtime/components/query/index.ts';
import type { Definition } from '../../runtime/definitions/index.ts';
import { diffDefinitions, validateApp } from '../../runtime/definitions/index.ts';
import type { AppDefinition } from '../../schemas/definitions.ts';
import {
  AppIdParam,
  type AppSummary,
  CreateAppBody,
  OneVersionParams,
  PublishBody,
  type PublishResult,
  SaveDraftBody,
  VersionParams,
} from '../../schemas/index.ts';
import type { AppEnv } from '../kernel/context.ts';
import { HttpError, limitReached, notFound } from '../kernel/errors.ts';
import { readJsonBody, readParams } from '../kernel/validate.ts';
import { blocks, reviewDefinition } from '../review/index.ts';
import {
  createApp,
  deleteApp,
  getApp,
  getVersion,
  listApps,
  listVersions,
  markPublished,
  saveDraft,
  syncAppIndexes,
  toSummary,
} from '../store/apps.ts';
import { DbError } from '../store/db.ts';
import { limitFromDbError } from '../store/limits.ts';
import { getMe } from '../store/profiles.ts';
import { describeDataImpact } from './apps-data-impact.ts';

const invalidDefinition = (errors: { path: string; message: string }[]) =>
  new HttpError(
    400,
    'invalid_definition',
    `definition: ${errors.length} problem(s), first: ${errors[0]!.path}: ${errors[0]!.message}`,
    {
      issues: errors.map((e) => ({ path: `definition.${e.path}`, message: e.message })),
    },
  );

/** A draft's name and slug, when it has usable ones (an invalid draft may still be saved). */
function namesOf(definition: unknown): { name?: string; slug?: string } {
  const d = (definition ?? {}) as { name?: unknown; slug?: unknown };
  const slug =
    typeof d.slug === 'string' && /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(d.slug) ? d.slug : undefined;
  const name = typeof d.name === 'string' && d.name.trim() ? d.name.trim().slice(0, 120) : undefined;
  return { ...(name ? { name } : {}), ...(slug ? { slug } : {}) };
}

const slugTaken = (error: unknown) => error instanceof DbError && error.code === '23505';

export const appRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { db, publicUrl } = c.var.platform;
    const body = await db.withUser(c.var.claims, async (tx) => {
      const me = await getMe(tx, '');
      const base = me ? `${publicUrl}/u/${me.username}` : null;
      return { apps: (await listApps(tx)).map((row) => toSummary(row, base)) };
    });
    return c.json(body);
  })
  .post('/', async (c) => {
    const { definition } = await readJsonBody(c, CreateAppBody);
    const result = validateApp(definition);
    if (!result.ok) throw invalidDefinition(result.errors);
    const app = result.value;
    try {
      const summary = await c.var.platform.db.withUser(c.var.claims, async (tx): Promise<AppSummary> => {
        const row = await createApp(tx, app.name, app.slug, app);
        return toSummary(row, null);
      });
      return c.json({ ...summary, definition: app, problems: [] }, 201);
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
    const detail = await db.withUser(c.var.claims, async (tx) => {
      const row = await getApp(tx, id);
      if (!row) return null;
      const me = await getMe(tx, '');
      const definition = await getVersion(tx, id, row.current_version);
      const checked = validateApp(definition);
      return {
        ...toSummary(row, me ? `${publicUrl}/u/${me.username}` : null),
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
      const outcome = await c.var.platform.db.withUser(c.var.claims, (tx) =>
        saveDraft(tx, id, baseVersion, definition, 'builder', namesOf(definition)),
      );
      if (!outcome) throw notFound('app');
      if (!outcome.ok) {
        throw new HttpError(
          409,
          'version_conflict',
          `This app changed since version ${baseVersion} (it is now at version ${outcome.currentVersion}, saved elsewhere). Reload it, then edit again.`,
        );
      }
      return c.json({
        ...toSummary(outcome.row, null),
        definition,
        problems: checked.ok ? [] : checked.errors,
      });
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
    const { db, publicUrl } = c.var.platform;
    const claims = c.var.claims;
    const loaded = await db.withUser(claims, async (tx) => {
      const row = await getApp(tx, id);
      if (!row) return null;
      const version = requested ?? row.current_version;
      const me = await getMe(tx, '');
      const previous = row.published_version ? await getVersion(tx, id, row.published_version) : undefined;
      return {
        row,
        version,
        definition: await getVersion(tx, id, version),
        previous,
        username: me?.username,
      };
    });
    if (!loaded) throw notFound('app');
    if (loaded.definition === undefined) throw notFound(`version ${loaded.version} of this app`);
    const checked = validateApp(loaded.definition);
    if (!checked.ok) throw invalidDefinition(checked.errors);
    const app = checked.value;
    const findings = reviewDefinition(app);
    const url = `${publicUrl}/u/${loaded.username}/${app.slug}`;
    if (blocks(findings)) {
      const result: PublishResult = {
        published: false,
        version: loaded.version,
        url: null,
        findings,
        dataImpact: [],
      };
      return c.json(result, 422);
    }
    const dataImpact = await describeDataImpact(
      db,
      claims,
      id,
      loaded.previous as AppDefinition | undefined,
      app,
    );
    try {
      await db.asService('app-publisher', (tx) =>
        markPublished(tx, id, claims.sub, loaded.version, app.access.level),
      );
    } catch (error) {
      const limit = limitFromDbError(error);
      if (limit) throw limitReached(limit);
      throw error;
    }
    const indexes = await db.asOwner((tx) => syncAppIndexes(tx, indexPrefix(id), indexesForViews(app, id)));
    if (loaded.username) c.var.platform.apps.forget(loaded.username, app.slug);
    const result: PublishResult = {
      published: true,
      version: loaded.version,
      url,
      findings,
      dataImpact,
      indexes,
    };
    return c.json(result);
  });
