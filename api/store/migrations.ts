import type { Db } from './db.ts';

export interface Migration {
  /** The timestamp prefix of the file name, e.g. "20261125000100". */
  version: string;
  name: string;
  sql: string;
}

export interface MigrationSet {
  /** Which set these belong to: "supabase" (always) or "embedded-auth" (embedded mode only). */
  set: string;
  migrations: Migration[];
}

/** Parses `20261125000100_core.sql` into a migration; other names are a mistake worth failing on. */
export function migrationFromFile(fileName: string, sql: string): Migration {
  const match = /^(\d{14})_([a-z0-9_]+)\.sql$/.exec(fileName);
  if (!match) throw new Error(`migration file "${fileName}" must be named {14-digit timestamp}_{name}.sql`);
  return { version: match[1]!, name: match[2]!, sql };
}

const BOOKKEEPING = `
  create schema if not exists bp_internal;
  create table if not exists bp_internal.schema_migrations (
    migration_set text not null,
    version text not null,
    name text not null,
    applied_at timestamptz not null default now(),
    primary key (migration_set, version)
  );
`;

/**
 * Applies the pending migrations of each set in order, each in its own transaction, and records
 * them. Two processes starting on one Postgres take turns on an advisory lock, so each migration
 * runs once. Returns the ones it applied.
 */
export async function runMigrations(db: Db, sets: MigrationSet[]): Promise<string[]> {
  const applied: string[] = [];
  await db.asOwner(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(7263001)');
    await tx.exec(BOOKKEEPING);
  });
  for (const { set, migrations } of sets) {
    const ordered = [...migrations].sort((a, b) => a.version.localeCompare(b.version));
    for (const migration of ordered) {
      const ran = await db.asOwner(async (tx) => {
        await tx.query('select pg_advisory_xact_lock(7263001)');
        const done = await tx.query(
          'select 1 from bp_internal.schema_migrations where migration_set = $1 and version = $2',
          [set, migration.version],
        );
        if (done.length > 0) return false;
        try {
          await tx.exec(migration.sql);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new Error(`migration ${set}/${migration.version}_${migration.name} failed: ${reason}`);
        }
        await tx.query(
          'insert into bp_internal.schema_migrations (migration_set, version, name) values ($1, $2, $3)',
          [set, migration.version, migration.name],
        );
        return true;
      });
      if (ran) applied.push(`${set}/${migration.version}_${migration.name}`);
    }
  }
  return applied;
}
