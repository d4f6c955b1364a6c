import type { AppDefinition } from '../../schemas/definitions.ts';
import type { Db } from './db.ts';

export interface PublishedApp {
  appId: string;
  ownerId: string;
  username: string;
  version: number;
  level: 'public' | 'private' | 'invite_only';
  plan: string;
  requestsPerMinute: number;
  definition: AppDefinition;
}

interface Row {
  app_id: string;
  owner_id: string;
  version: number;
  level: PublishedApp['level'];
  plan: string;
  requests_per_minute: number;
  definition: AppDefinition;
}

const TTL_MS = 5_000;

/**
 * Resolves `/u/{username}/{slug}` to the published version of an app. Answers are kept for a few
 * seconds (every data request needs one); a publish in this process clears its entry at once,
 * other processes see it within the TTL.
 */
export function publishedApps(db: Db, now: () => number = Date.now) {
  const cache = new Map<string, { at: number; app: PublishedApp | null }>();
  return {
    async find(username: string, slug: string): Promise<PublishedApp | null> {
      const key = `${username}/${slug}`;
      const hit = cache.get(key);
      if (hit && now() - hit.at < TTL_MS) return hit.app;
      const [row] = await db.asService('app-resolver', (tx) =>
        tx.query<Row>(
          `select d.id as app_id, d.user_id as owner_id, d.published_version as version, a.level,
                  p.id as plan, p.app_requests_per_minute as requests_per_minute, v.definition
           from app_definitions d
           join profiles pr on pr.id = d.user_id
           join plans p on p.id = pr.plan
           join app_access a on a.app_id = d.id
           join definition_versions v on v.app_id = d.id and v.version = d.published_version
           where pr.username = $1 and d.slug = $2 and d.published_version is not null`,
          [username, slug],
        ),
      );
      const app = row
        ? {
            appId: row.app_id,
            ownerId: row.owner_id,
            username,
            version: row.version,
            level: row.level,
            plan: row.plan,
            requestsPerMinute: row.requests_per_minute,
            definition: row.definition,
          }
        : null;
      if (cache.size > 10_000) cache.clear();
      cache.set(key, { at: now(), app });
      return app;
    },
    forget(username: string, slug: string) {
      cache.delete(`${username}/${slug}`);
    },
  };
}

export type PublishedAppResolver = ReturnType<typeof publishedApps>;
