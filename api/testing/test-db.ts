import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { pgliteDb } from '../platform/node/pglite-db.ts';
import type { Db } from '../store/db.ts';
import { createPostgresDb } from '../store/postgres-db.ts';

/** Where global setup leaves a dump of a migrated PGlite, and the migrated Postgres template. */
export const PGLITE_TEMPLATE = '.tmp/pglite-template.tar.gz';
export const PG_TEMPLATE_DB = 'bp_test_template';

export const usingPostgres = () => Boolean(process.env.DATABASE_URL);

export function databaseUrlFor(name: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A migrated database of its own for one test file: PGlite loaded from the template dump
 * (~1 s instead of 3–5 s), or a fresh Postgres database copied from the template database.
 */
export async function openTestDb(): Promise<Db> {
  if (!usingPostgres()) {
    const dump = new Blob([new Uint8Array(await readFile(PGLITE_TEMPLATE))]);
    return pgliteDb(await PGlite.create({ loadDataDir: dump }));
  }
  const name = `bp_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${PG_TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const db = createPostgresDb(databaseUrlFor(name), { max: 4 });
  return {
    ...db,
    async close() {
      await db.close();
      const dropper = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
