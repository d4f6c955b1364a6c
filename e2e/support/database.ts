import postgres from 'postgres';
import { databaseUrlFor, usingPostgres } from '../../api/testing/test-db.ts';

/**
 * Environment for a server process: on PGlite just a data folder; with DATABASE_URL a fresh,
 * empty database on that server (so the process runs the migrations itself), dropped afterwards.
 */
export async function serverDatabase(
  dataDir: string,
): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  if (!usingPostgres()) return { env: { DATA_DIR: dataDir }, drop: async () => {} };
  const name = `bp_proc_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: databaseUrlFor(name) },
    drop: async () => {
      const dropper = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
