import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';

/** A query as the database superuser (row-level security does not apply). */
export type SuperuserQuery = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

/**
 * Opens the database of a server process that is not running, does `work`, and closes it again:
 * the embedded PGlite in `${DATA_DIR}/pgdata` (one process at a time may hold it, so only while the
 * server is down), or the process's own Postgres database (`DATABASE_URL` in its environment).
 */
export async function withOfflineDatabase<T>(
  env: Record<string, string>,
  work: (query: SuperuserQuery) => Promise<T>,
): Promise<T> {
  if (env.DATABASE_URL) {
    const sql = postgres(env.DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      return await work(async (text, params = []) => (await sql.unsafe(text, params as never[])) as never);
    } finally {
      await sql.end();
    }
  }
  const pg = await PGlite.create({ dataDir: join(env.DATA_DIR!, 'pgdata') });
  try {
    return await work(async (text, params = []) => (await pg.query(text, params)).rows as never);
  } finally {
    await pg.close();
  }
}
