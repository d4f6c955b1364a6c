import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { z } from 'zod';
import { readConfig } from '../api/platform/node/config.ts';
import { createNodePlatform } from '../api/platform/node/platform.ts';

// The Cloudflare target run locally: the Worker under workerd (`wrangler dev --local`) against a
// local Postgres, with the embedded auth server of the Node target standing in for Supabase Auth.
// The auth server applies the migrations, signs builders' tokens, and publishes its JWKS at
// `${SUPABASE_URL}/auth/v1/.well-known/jwks.json`, which the Worker verifies tokens against,
// exactly as it would a Supabase project's. Only its API and auth are served: its workflow
// scheduler is not started, so the Worker's Cron Trigger is the only one firing schedules.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bp_worker_dev npx tsx scripts/worker-dev.ts
//
// Then: Worker on WORKER_PORT (8787), auth server on AUTH_PORT (8788); scheduled events by
// `curl "http://127.0.0.1:8787/__scheduled?cron=*+*+*+*+*"`. Ctrl-C stops both.

const Env = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be postgres://… of a local database'),
  WORKER_PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  AUTH_PORT: z.coerce.number().int().min(1).max(65535).default(8788),
  /** workerd's devtools port: each wrangler dev running at once needs its own. */
  INSPECTOR_PORT: z.coerce.number().int().min(1).max(65535).default(9229),
  /** R2 and Durable Object state, the auth server's keys and the env file. */
  STATE_DIR: z.string().default('.tmp/worker-dev'),
  /** Default: kept in STATE_DIR, so secrets sealed by one run open in the next. */
  MASTER_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be 64 hex characters')
    .optional(),
  OUTBOUND_DEV_HOSTS: z.string().default(''),
  ANTHROPIC_BASE_URL: z.string().optional(),
  /** Passed to the Worker as they are (bindings.ts checks them): tests shorten the leases. */
  WORKFLOW_RUN_LEASE_MS: z.string().regex(/^\d+$/).optional(),
  PIPELINE_LEASE_MS: z.string().regex(/^\d+$/).optional(),
  PIPELINE_RETRY_BASE_MS: z.string().regex(/^\d+$/).optional(),
  PIPELINE_TOKEN_BUDGET: z.string().regex(/^\d+$/).optional(),
});

const PASSED_THROUGH = [
  'WORKFLOW_RUN_LEASE_MS',
  'PIPELINE_LEASE_MS',
  'PIPELINE_RETRY_BASE_MS',
  'PIPELINE_TOKEN_BUDGET',
] as const;

async function stateMasterKey(file: string): Promise<string> {
  const kept = await readFile(file, 'utf8').catch(() => null);
  if (kept && /^[0-9a-f]{64}$/i.test(kept.trim())) return kept.trim();
  const key = randomBytes(32).toString('hex');
  await writeFile(file, key, { mode: 0o600 });
  return key;
}

async function main() {
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const stateDir = resolve(env.STATE_DIR);
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const authUrl = `http://127.0.0.1:${env.AUTH_PORT}`;
  const masterKey = env.MASTER_KEY ?? (await stateMasterKey(`${stateDir}/master.key`));

  const auth = await createNodePlatform(
    readConfig({
      DATABASE_URL: env.DATABASE_URL,
      PORT: String(env.AUTH_PORT),
      HOST: '127.0.0.1',
      DATA_DIR: `${stateDir}/auth`,
      MASTER_KEY: masterKey,
      PUBLIC_URL: authUrl,
      // The studio, served by the Worker, signs in here from the Worker's origin.
      CORS_ORIGINS: `http://127.0.0.1:${env.WORKER_PORT}`,
    }),
    // The Worker runs the pipeline's stages (its Durable Objects); this process only signs in.
    { pipeline: false },
  );
  const server = serve({ fetch: auth.app.fetch, port: env.AUTH_PORT, hostname: '127.0.0.1' });
  console.log(`auth server (embedded, migrations applied) on ${authUrl}`);

  // The Worker's settings, as `wrangler secret put` would give them in a deployment.
  const envFile = `${stateDir}/worker.env`;
  const lines = [
    `DATABASE_URL=${env.DATABASE_URL}`,
    `SUPABASE_URL=${authUrl}`,
    'SUPABASE_ANON_KEY=embedded',
    `MASTER_KEY=${masterKey}`,
    `PUBLIC_URL=http://127.0.0.1:${env.WORKER_PORT}`,
    ...(env.OUTBOUND_DEV_HOSTS ? [`OUTBOUND_DEV_HOSTS=${env.OUTBOUND_DEV_HOSTS}`] : []),
    ...(env.ANTHROPIC_BASE_URL ? [`ANTHROPIC_BASE_URL=${env.ANTHROPIC_BASE_URL}`] : []),
    ...PASSED_THROUGH.flatMap((name) => (env[name] ? [`${name}=${env[name]}`] : [])),
  ];
  await writeFile(envFile, `${lines.join('\n')}\n`, { mode: 0o600 });

  const worker = spawn(
    'npx',
    [
      'wrangler',
      'dev',
      '--local',
      '--ip',
      '127.0.0.1',
      '--port',
      String(env.WORKER_PORT),
      '--inspector-port',
      String(env.INSPECTOR_PORT),
      '--env-file',
      envFile,
      '--persist-to',
      `${stateDir}/wrangler`,
      '--test-scheduled',
      '--show-interactive-dev-session=false',
    ],
    // Its own process group: npx runs wrangler, which runs workerd; stopping stops them all.
    { stdio: 'inherit', detached: true },
  );

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (worker.exitCode === null && worker.pid) process.kill(-worker.pid, 'SIGTERM');
    server.close();
    await auth.close();
    process.exit(code);
  };
  worker.on('exit', (code) => void stop(code ?? 1));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
}

main().catch((error) => {
  console.error(`worker-dev could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
