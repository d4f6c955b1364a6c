import { mkdir, writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { loadMigrationSets } from '../platform/node/migration-files.ts';
import { pgliteDb } from '../platform/node/pglite-db.ts';
import { runMigrations } from '../store/migrations.ts';
import { createPostgresDb } from '../store/postgres-db.ts';
import { databaseUrlFor, PG_TEMPLATE_DB, PGLITE_TEMPLATE, usingPostgres } from './test-db.ts';

/** Migrates one database once per run; each test file then starts from a copy of it. */
export default async function setup() {
  const sets = await loadMigrationSets(true);
  if (!usingPostgres()) {
    const pg = await PGlite.create();
    await runMigrations(pgliteDb(pg), sets);
    const dump = await pg.dumpDataDir('gzip');
    await mkdir('.tmp', { recursive: true });
    await writeFile(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
    await pg.close();
    return;
  }
  const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${PG_TEMPLATE_DB} with (force)`);
    await admin.unsafe(`create database ${PG_TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const db = createPostgresDb(databaseUrlFor(PG_TEMPLATE_DB), { max: 1 });
  try {
    await runMigrations(db, sets);
  } finally {
    await db.close();
  }
}
