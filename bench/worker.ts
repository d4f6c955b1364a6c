import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { createPostgresDb } from '../api/store/postgres-db.ts';
import { api, type Builder, signUpBuilder } from '../api/testing/builders.ts';
import { startWorkerDev } from '../e2e/support/worker-dev-process.ts';
import { benchApp, loadRows, QUERY } from './data-api-app.ts';
import { httpClient, runLoad, type Stats } from './data-api-load.ts';
import { deliveries, orderWorkflow, sender } from './webhook-order.ts';
import { startNodeServer } from './worker-node-process.ts';

// The Cloudflare target against the Node target (issue #9), each on a fresh local Postgres
// database: the Worker under workerd (`wrangler dev --local`, scripts/worker-dev.ts) and the Node
// server in its own process as `npm start` runs it. The same two loads on both, from this process:
// (1) signed deliveries to the 6-step sync workflow of bench/workflow-webhook.ts, every run
// stored; (2) the data API's GET of a published app's table of a few thousand rows. Both builders
// are on a plan whose limits no load reaches, so the Worker's Durable Object limiter and Node's
// in-memory one count every request but refuse none.

const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECRET = `whsec_${randomBytes(16).toString('hex')}`;
const ROWS = 5_000;
const CONCURRENCY = 8;
const ROUNDS = 3;
const HOOKS = { total: 1_000, warmup: 100, maxMs: 20_000, concurrency: CONCURRENCY };
const READS = { total: 1_000, warmup: 100, maxMs: 20_000, concurrency: CONCURRENCY };
const BUDGET_MS = 240_000;
const NOTICE =
  'The Worker opens a Postgres connection per request locally (Hyperdrive pools them in production): ' +
  'its figures are not production figures.';

const startedAt = performance.now();
const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(0)} s`;
const note = (line: string) => console.log(`  · ${line}`);
const loadAverage = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');

const cleanups: (() => Promise<unknown>)[] = [];
async function cleanup() {
  while (cleanups.length) await cleanups.pop()!().catch((error) => console.error(`cleanup: ${error}`));
}
const watchdog = setTimeout(() => {
  console.error(`bench: over the ${BUDGET_MS / 1000} s budget, stopping`);
  void cleanup().finally(() => process.exit(2));
}, BUDGET_MS);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));

interface Target {
  name: string;
  /** Where the API, the data API and the webhooks are served. */
  url: string;
  /** Where builders sign up. */
  authUrl: string;
}

interface Result {
  hooks: Stats;
  reads: Stats;
  storedAll: boolean;
}

function checkLocal(url: string) {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost')
    throw new Error(`DATABASE_URL must point at a local Postgres for this benchmark, not ${host}`);
}

/** A fresh database on the local server, dropped at the end. */
async function freshDatabase(): Promise<string> {
  const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
  cleanups.push(() => admin.end({ timeout: 5 }));
  const name = `bp_bench_${randomBytes(4).toString('hex')}`;
  await admin.unsafe(`create database ${name}`);
  cleanups.push(() => admin.unsafe(`drop database if exists ${name} with (force)`));
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

const median = (rounds: Stats[]) => [...rounds].sort((a, b) => a.rps - b.rps)[Math.floor(rounds.length / 2)]!;

async function expectStatus(response: Response, status: number, what: string) {
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${await response.text()}`);
}

/** A builder on a plan no load reaches, so limits are counted and never refuse. */
async function unlimitedBuilder(target: Target, sql: postgres.Sql): Promise<Builder> {
  const builder = await signUpBuilder(target.authUrl, 'bench-worker');
  await sql`insert into public.plans (id, active_features, artifact_bytes, app_requests_per_minute,
              workflow_executions_per_hour, execution_timeout_seconds, rows_per_app, published_apps)
            values ('bench', 20, 524288000, 2147483647, 2147483647, 120, 2147483647, null)
            on conflict (id) do nothing`;
  await sql`update public.profiles set plan = 'bench' where id = ${builder.id}`;
  return builder;
}

async function benchHooks(target: Target, builder: Builder, sql: postgres.Sql) {
  const { url } = target;
  const created = await api(url, builder, 'POST', '/api/workflows', { definition: orderWorkflow() });
  await expectStatus(created.clone(), 201, 'create the workflow');
  const { id } = (await created.json()) as { id: string };
  await expectStatus(
    await api(url, builder, 'PUT', `/api/workflows/${id}/secrets/signing`, { value: SECRET }),
    200,
    'set the signing secret',
  );
  await expectStatus(await api(url, builder, 'POST', `/api/workflows/${id}/activate`), 200, 'activate');
  const signed = deliveries(500, SECRET);
  const client = sender(url, CONCURRENCY);
  cleanups.push(async () => client.close());
  let next = 0;
  let wrong = 0;
  let sent = 0;
  // Every answer is checked: the respond step of the branch the amount decides.
  const op = async () => {
    const delivery = signed[next++ % signed.length]!;
    sent++;
    const answer = await client.post(`/hooks/${id}`, delivery.body, delivery.signature);
    const tier = answer.status === 200 ? (JSON.parse(answer.body) as { tier?: string }).tier : undefined;
    if (tier !== (delivery.large ? 'priority' : 'standard') && wrong++ === 0)
      note(`first wrong answer: ${answer.status} ${answer.body.slice(0, 300)}`);
  };
  const rounds: Stats[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const stats = await runLoad(`webhook round ${round}`, op, {
      ...HOOKS,
      warmup: round === 1 ? HOOKS.warmup : 20,
    });
    rounds.push(stats);
    note(
      `${stats.label}: ${stats.ops}${stats.capped ? ' (time cap)' : ''} runs in ${stats.seconds.toFixed(2)} s = ` +
        `${stats.rps.toFixed(0)} executions/s; p50 ${stats.p50.toFixed(2)} ms, p99 ${stats.p99.toFixed(2)} ms`,
    );
  }
  client.close();
  // A run is stored before its sync answer leaves; the wait only covers a slow final commit.
  let stored = 0;
  for (let tries = 0; tries < 25; tries++) {
    const [row] = await sql<
      { runs: number }[]
    >`select count(*) filter (where status = 'succeeded')::int as runs
                                               from workflow_runs where workflow_id = ${id}`;
    stored = row!.runs;
    if (stored >= sent) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  note(`runs stored and succeeded: ${stored} of ${sent} deliveries; wrong answers: ${wrong}`);
  return { hooks: median(rounds), storedAll: stored === sent && wrong === 0 };
}

async function benchReads(target: Target, builder: Builder, databaseUrl: string) {
  const { url } = target;
  const definition = benchApp('tasks-bench');
  const created = await api(url, builder, 'POST', '/api/apps', { definition });
  await expectStatus(created.clone(), 201, 'create the app');
  const { id: appId } = (await created.json()) as { id: string };
  await expectStatus(await api(url, builder, 'POST', `/api/apps/${appId}/publish`, {}), 200, 'publish');
  const db = createPostgresDb(databaseUrl);
  try {
    const started = performance.now();
    await loadRows(db, { userId: builder.id, appId }, ROWS, ROWS);
    note(
      `${ROWS.toLocaleString('en')} rows loaded through the database in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await db.close();
  }
  const path = `/u/${builder.username}/tasks-bench/rest/v1/tasks?${QUERY}`;
  const client = httpClient(url, CONCURRENCY);
  cleanups.push(async () => client.close());
  const first = await client.get(path);
  if (first.status !== 200) throw new Error(`data API answered ${first.status}: ${first.body}`);
  const page = JSON.parse(first.body.toString('utf8')) as unknown[];
  if (page.length !== 50) throw new Error(`data API answered ${page.length} rows, not a page of 50`);
  let failed = 0;
  const op = async () => {
    const response = await client.get(path);
    if (response.status !== 200 && failed++ === 0)
      note(`first failed read: ${response.status} ${response.body.toString('utf8').slice(0, 300)}`);
  };
  const rounds: Stats[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const stats = await runLoad(`data API round ${round}`, op, {
      ...READS,
      warmup: round === 1 ? READS.warmup : 20,
    });
    rounds.push(stats);
    note(
      `${stats.label}: ${stats.ops}${stats.capped ? ' (time cap)' : ''} GETs in ${stats.seconds.toFixed(2)} s = ` +
        `${stats.rps.toFixed(0)} req/s; p50 ${stats.p50.toFixed(2)} ms, p95 ${stats.p95.toFixed(2)} ms`,
    );
  }
  client.close();
  if (failed > 0) throw new Error(`${failed} data API reads did not answer 200`);
  return median(rounds);
}

async function benchTarget(name: string, start: (databaseUrl: string, dir: string) => Promise<Target>) {
  console.log(`\n== ${name} (${elapsed()})`);
  const databaseUrl = await freshDatabase();
  const dir = await mkdtemp(join(tmpdir(), 'bp-bench-worker-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const target = await start(databaseUrl, dir);
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  cleanups.push(() => sql.end({ timeout: 5 }));
  const builder = await unlimitedBuilder(target, sql);
  const { hooks, storedAll } = await benchHooks(target, builder, sql);
  const reads = await benchReads(target, builder, databaseUrl);
  return { hooks, reads, storedAll } satisfies Result;
}

const startWorker = async (databaseUrl: string, dir: string): Promise<Target> => {
  const dev = await startWorkerDev({ databaseUrl, stateDir: dir });
  cleanups.push(async () => {
    const { lingering } = await dev.stop();
    if (lingering.length > 0) console.error(`worker-dev left (then killed): ${lingering.join('; ')}`);
  });
  note(`Worker under workerd ready in ${(dev.readyMs / 1000).toFixed(1)} s on ${dev.url}`);
  return { name: 'Worker', url: dev.url, authUrl: dev.authUrl };
};

const startNode = async (databaseUrl: string, dir: string): Promise<Target> => {
  const server = await startNodeServer({ databaseUrl, dataDir: dir });
  cleanups.push(() => server.stop());
  note(`Node server (npm start) ready in ${(server.readyMs / 1000).toFixed(1)} s on ${server.url}`);
  return { name: 'Node', url: server.url, authUrl: server.url };
};

function summary(worker: Result, node: Result) {
  const rows: [string, (r: Result) => number, number][] = [
    ['webhook executions/s', (r) => r.hooks.rps, 0],
    ['webhook p50 ms', (r) => r.hooks.p50, 2],
    ['webhook p99 ms', (r) => r.hooks.p99, 2],
    ['data API req/s', (r) => r.reads.rps, 0],
    ['data API p95 ms', (r) => r.reads.p95, 2],
  ];
  console.log(`\n== summary (median of ${ROUNDS} rounds, ${CONCURRENCY} in flight)`);
  console.log(`${''.padEnd(22)}${'Worker'.padStart(10)}${'Node'.padStart(10)}${'Worker/Node'.padStart(13)}`);
  for (const [label, figure, digits] of rows)
    console.log(
      `${label.padEnd(22)}${figure(worker).toFixed(digits).padStart(10)}${figure(node).toFixed(digits).padStart(10)}` +
        `${(figure(worker) / figure(node)).toFixed(2).padStart(13)}`,
    );
  console.log(
    `every webhook run stored: Worker ${worker.storedAll ? 'yes' : 'NO'}, Node ${node.storedAll ? 'yes' : 'NO'}`,
  );
  console.log(`note: ${NOTICE}`);
}

async function main() {
  checkLocal(PG_URL);
  console.log(
    'Worker (workerd, wrangler dev --local) against Node (npm start), each on a fresh local Postgres',
  );
  console.log(
    `webhook: signed deliveries to the 6-step sync workflow of bench/workflow-webhook.ts, ${HOOKS.total} a round; ` +
      `data API: GET ${QUERY} on ${ROWS.toLocaleString('en')} rows, ${READS.total} a round`,
  );
  console.log(`note: ${NOTICE}`);
  console.log(`machine: ${cpus().length} cores, load average ${loadAverage()} at start`);
  const worker = await benchTarget('Worker under workerd', startWorker);
  await cleanup();
  const node = await benchTarget('Node server in its own process', startNode);
  await cleanup();
  summary(worker, node);
  console.log(`total time ${elapsed()}, load average ${loadAverage()} at the end`);
  if (!worker.storedAll || !node.storedAll) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
