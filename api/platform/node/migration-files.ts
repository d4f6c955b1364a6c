import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type MigrationSet, migrationFromFile } from '../../store/migrations.ts';

const SUPABASE_DIR = fileURLToPath(new URL('../../../supabase/migrations/', import.meta.url));
const EMBEDDED_AUTH_DIR = fileURLToPath(new URL('./auth-server/migrations/', import.meta.url));

async function readSet(set: string, dir: string): Promise<MigrationSet> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations = await Promise.all(
    files.map(async (file) => migrationFromFile(file, await readFile(dir + file, 'utf8'))),
  );
  return { set, migrations };
}

/** The platform's migrations, plus the embedded auth server's when it runs. */
export async function loadMigrationSets(embeddedAuth: boolean): Promise<MigrationSet[]> {
  const sets = [await readSet('supabase', SUPABASE_DIR)];
  if (embeddedAuth) sets.push(await readSet('embedded-auth', EMBEDDED_AUTH_DIR));
  return sets;
}
