import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { serverDatabase } from '../support/database.ts';
import { startWorkerDev, type WorkerDev } from '../support/worker-dev-process.ts';
import type { PlatformTarget } from './target.ts';

export interface WorkerTarget extends PlatformTarget {
  dev: WorkerDev;
  /** worker-dev's state: local R2 and Durable Objects under `wrangler/v3`, the auth server's keys. */
  stateDir: string;
  /** Stops worker-dev (idempotent: the first stop's answer is kept). */
  stopWorker(): Promise<{ lingering: string[] }>;
  /** Stops worker-dev if still running, then drops the database and the state folder. */
  stop(): Promise<void>;
}

/**
 * The Cloudflare target run locally: scripts/worker-dev.ts (the Worker under `wrangler dev
 * --local`, the embedded auth server standing in for Supabase Auth) against a fresh database on
 * the Postgres that DATABASE_URL names. Cron Triggers come through wrangler's test-scheduled
 * endpoint, awaited (its scheduled time is always now: wrangler's middleware passes only `cron`).
 */
export async function startWorkerTarget(): Promise<WorkerTarget> {
  const stateDir = await mkdtemp(join(tmpdir(), 'bp-worker-e2e-'));
  const database = await serverDatabase(join(stateDir, 'unused'));
  const databaseUrl = database.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('the Worker target needs Postgres: set DATABASE_URL');
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const cleanUp = async () => {
    await sql.end({ timeout: 1 });
    await database.drop();
    await rm(stateDir, { recursive: true, force: true });
  };
  let dev: WorkerDev;
  try {
    dev = await startWorkerDev({ databaseUrl, stateDir });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  let stopped: Promise<{ lingering: string[] }> | undefined;
  const stopWorker = () => {
    stopped ??= dev.stop();
    return stopped;
  };
  return {
    url: dev.url,
    authUrl: dev.authUrl,
    health: { db: 'postgres', auth: 'supabase' },
    async schedulerTick() {
      const fired = await fetch(`${dev.url}/__scheduled?cron=*+*+*+*+*`);
      if (fired.status !== 200)
        throw new Error(`the scheduled event failed: ${fired.status} ${await fired.text()}`);
    },
    asOwner: async (text, params = []) => (await sql.unsafe(text, [...params])) as never,
    blobRoot: join(stateDir, 'wrangler', 'v3', 'r2'),
    dev,
    stateDir,
    stopWorker,
    async stop() {
      await stopWorker();
      await cleanUp();
    },
  };
}
