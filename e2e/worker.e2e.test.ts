import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpBuilder } from '../api/testing/builders.ts';
import { platformSuite } from './platform/suite.ts';
import { startWorkerTarget, type WorkerTarget } from './platform/worker-target.ts';
import { workerSkipReason } from './support/worker-dev-process.ts';

// The Cloudflare target end to end (issue #9): scripts/worker-dev.ts runs the Worker under workerd
// (`wrangler dev --local`) against a fresh Postgres database, with the embedded auth server
// standing in for Supabase Auth. The shared platform suite (e2e/platform/suite.ts, which the Node
// target runs in e2e/platform-node.e2e.test.ts) drives it: builders' tokens checked through the
// auth server's JWKS URL, files in local R2, rate limits in the Durable Object, cron workflows
// fired through wrangler's test-scheduled endpoint as the Cron Trigger would. Then what only the
// Worker has: the JWKS key check, the Durable Object's storage, and a clean stop.

const skip = await workerSkipReason();
if (skip) console.info(`worker.e2e skipped: ${skip}`);

const suite = 'the Worker under workerd (wrangler dev --local) against Postgres';
describe.skipIf(skip)(skip ? `${suite} — skipped: ${skip}` : suite, () => {
  let worker: WorkerTarget;

  beforeAll(async () => {
    worker = await startWorkerTarget();
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
  }, 60_000);

  platformSuite(() => worker);

  it('refuses a token signed by a key its JWKS URL does not publish, under the same key id', async () => {
    const builder = await signUpBuilder(worker.authUrl, 'worker-keys');
    const asBearer = (token: string) =>
      fetch(`${worker.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    // Same claims and key id, signed by a stranger's key: refused. The same token signed with the
    // auth server's own key (read from its data folder) passes, so the refusal is the key's, and
    // the Worker checks signatures against the key the JWKS URL publishes.
    const header = decodeProtectedHeader(builder.token);
    expect(header.alg).toBe('ES256');
    const resigned = (key: CryptoKey) =>
      new SignJWT(decodeJwt(builder.token))
        .setProtectedHeader({ alg: header.alg!, ...(header.kid ? { kid: header.kid } : {}), typ: 'JWT' })
        .sign(key);
    const { privateKey: strangerKey } = await generateKeyPair(header.alg!);
    expect((await asBearer(await resigned(strangerKey))).status).toBe(401);
    const stored = JSON.parse(await readFile(join(worker.stateDir, 'auth', 'auth-signing-key.json'), 'utf8'));
    const authKey = await importJWK(stored.privateJwk, header.alg!);
    expect((await asBearer(await resigned(authKey as CryptoKey))).status).toBe(200);
  });

  it('keeps the rate-limit counters in the Durable Object’s storage', async () => {
    // The suite's flood case has spent an app's minute by now, counted by an object of the class:
    // miniflare keeps each object in a database of its own (`<id>.sqlite`) in the class's folder,
    // beside the folder's `metadata.sqlite`, which is there from the start.
    const storage = join(worker.stateDir, 'wrangler', 'v3', 'do');
    const limiter = (await readdir(storage)).find((name) => name.endsWith('-RateLimiterObject'));
    expect(limiter, 'no RateLimiterObject storage').toBeDefined();
    const objects = (await readdir(join(storage, limiter!))).filter((name) =>
      /^[0-9a-f]{64}\.sqlite$/.test(name),
    );
    expect(objects).not.toHaveLength(0);
  });

  it('stops with no wrangler or workerd process left running', async () => {
    const { lingering } = await worker.stopWorker();
    expect(lingering).toEqual([]);
    expect((await fetch(`${worker.url}/health`).catch(() => null))?.status).toBeUndefined();
  });
});
