import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Parses MASTER_KEY: 64 hex characters or base64 of 32 bytes. */
export function parseMasterKey(text: string): Uint8Array {
  const trimmed = text.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (bytes.length !== 32) throw new Error('MASTER_KEY must be 32 bytes, as 64 hex characters or base64');
  return new Uint8Array(bytes);
}

/**
 * The key that seals builders' secrets in embedded mode: MASTER_KEY if set, else generated once
 * into the data folder with mode 0600. Without a folder (tests), a fresh key in memory.
 */
export async function loadMasterKey(
  env: string | undefined,
  dataDir: string | undefined,
): Promise<Uint8Array> {
  if (env) return parseMasterKey(env);
  if (!dataDir) return new Uint8Array(randomBytes(32));
  const file = join(dataDir, 'master.key');
  try {
    return parseMasterKey(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  await writeFile(file, key.toString('hex'), { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return new Uint8Array(key);
}
