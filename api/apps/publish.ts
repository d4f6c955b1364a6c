import { indexesForViews, indexPrefix } from '../../runtime/components/query/index.ts';
import { validateApp } from '../../runtime/definitions/index.ts';
import type { AppDefinition } from '../../schemas/definitions.ts';
import type { PublishResult } from '../../schemas/index.ts';
import type { Platform } from '../kernel/context.ts';
import { invalidDefinition, limitReached, notFound } from '../kernel/errors.ts';
import { blocks, reviewDefinition } from '../review/index.ts';
import { describeDataImpact } from '../routes/apps-data-impact.ts';
import { reviewersOnlyRead } from '../routes/reviewers.ts';
import { getApp, getVersion, markPublished, syncAppIndexes } from '../store/apps.ts';
import type { JwtClaims } from '../store/db.ts';
import { APP_DEFINITIONS } from '../store/definition-versions.ts';
import { limitFromDbError } from '../store/limits.ts';
import { getMe } from '../store/profiles.ts';
import { definitionAccess } from '../store/reviewers.ts';

// Publishing an app version: validation, the security review (a blocker stops it), then the
// 'app-publisher' job and the view indexes. One path for the builder's Publish button and for
// approving an agent-built app, so both go through the same review.

export interface PublishOutcome {
  /** 200 published; 422 the review found blockers and nothing changed. */
  status: 200 | 422;
  result: PublishResult;
}

/**
 * Publishes `requested` (default: the current draft) of the caller's app. Throws 404 when the
 * app or version is not theirs to see, 403 for a reviewer, 400 for an invalid definition, the
 * plan's limit as 403.
 */
export async function publishApp(
  platform: Platform,
  claims: JwtClaims,
  id: string,
  requested?: number,
): Promise<PublishOutcome> {
  const { db, publicUrl } = platform;
  const loaded = await db.withUser(claims, async (tx) => {
    const row = await getApp(tx, id);
    if (!row) return null;
    // Publishing goes on as the service job and the database owner, which RLS does not stop:
    // only the owner of what was read here may get that far.
    if ((await definitionAccess(tx, APP_DEFINITIONS, id))?.access !== 'owner')
      throw reviewersOnlyRead(APP_DEFINITIONS);
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
    return {
      status: 422,
      result: { published: false, version: loaded.version, url: null, findings, dataImpact: [] },
    };
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
  if (loaded.username) platform.apps.forget(loaded.username, app.slug);
  return {
    status: 200,
    result: { published: true, version: loaded.version, url, findings, dataImpact, indexes },
  };
}
