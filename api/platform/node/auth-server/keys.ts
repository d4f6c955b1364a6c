import { randomUUID } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

export interface SigningKeys {
  kid: string;
  privateKey: CryptoKey;
  /** The public half as the JWKS endpoint serves it. */
  publicJwk: JWK;
}

interface StoredKeys {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

async function generate(): Promise<StoredKeys> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  return { kid, privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
}

async function toSigningKeys(stored: StoredKeys): Promise<SigningKeys> {
  const privateKey = (await importJWK(stored.privateJwk, 'ES256')) as CryptoKey;
  return {
    kid: stored.kid,
    privateKey,
    publicJwk: { ...stored.publicJwk, kid: stored.kid, alg: 'ES256', use: 'sig', key_ops: ['verify'] },
  };
}

/**
 * The ES256 key pair of the embedded auth server: generated once into the data folder (mode
 * 0600) and reused, so tokens stay valid across restarts. Without a folder, kept in memory.
 */
export async function loadSigningKeys(dataDir: string | undefined): Promise<SigningKeys> {
  if (!dataDir) return toSigningKeys(await generate());
  const file = join(dataDir, 'auth-signing-key.json');
  try {
    return await toSigningKeys(JSON.parse(await readFile(file, 'utf8')) as StoredKeys);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`cannot read the auth signing key at ${file}: ${(error as Error).message}`);
    }
  }
  const stored = await generate();
  await writeFile(file, JSON.stringify(stored), { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return toSigningKeys(stored);
}
