import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { api, signUpBuilder } from '../api/testing/builders.ts';
import { runLoad, type Stats } from './data-api-load.ts';
import { deliveries, orderWorkflow, sender } from './webhook-order.ts';

// Webhook-triggered workflows under load, as in production: a signed delivery (HMAC-SHA256) to
// /hooks/{id}, the workflow's five kinds of step (set values, a condition, a set-values step on
// each branch, an answer on each branch), a sync answer from its respond step, and every run
// stored in workflow_runs before the answer leaves. The platform runs in its own process (as
// `npm start` does); this process only sends. Goal (issue #7): >= 1,500 executions/s with p99
// under 25 ms on Postgres on this 2-core machine; PGlite's figures are printed beside them.

const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const GOAL_RPS = 1_500;
const GOAL_P99_MS = 25;
const SECRET = `whsec_${randomBytes(16).toString('hex')}`;
const ROUNDS = Number(process.env.BENCH_ROUNDS) || 3;
const plan = {
  postgres: { concurrency: 20, total: 6_000, warmup: 1_000, maxMs: 15_000 },
  pglite: { concurrency: 8, total: 2_000, warmup: 400, maxMs: 15_000 },
} as const;

const note = (line: string) => console.log(`  · ${line}`);
const cleanups: (() => Promise<unknown>)[] = [];
async function cleanup() {
  while (cleanups.length) await cleanups.pop()!().catch((error) => console.error(`cleanup: ${error}`));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));

async function startServer(databaseUrl: string) {
  const child = fork(fileURLToPath(new URL('./workflow-webhook-server.ts', import.meta.url)), {
    // BENCH_PROFILE=<dir>: the server writes a CPU profile there when it stops.
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    ],
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl },
  });
  cleanups.push(async () => {
    child.disconnect();
    await once(child, 'exit');
  });
  const [ready] = (await once(child, 'message')) as [{ url: string }];
  const ask = async <T>(message: object): Promise<T> => {
    const answer = once(child, 'message') as Promise<[T]>;
    child.send(message);
    return (await answer)[0];
  };
  return { url: ready.url, ask };
}

async function benchTarget(kind: 'postgres' | 'pglite', databaseUrl: string) {
  console.log(`\n== ${kind}`);
  const server = await startServer(databaseUrl);
  const builder = await signUpBuilder(server.url, `bench-${kind}`);
  const created = await api(server.url, builder, 'POST', '/api/workflows', { definition: orderWorkflow() });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  await api(server.url, builder, 'PUT', `/api/workflows/${id}/secrets/signing`, { value: SECRET });
  const activated = await api(server.url, builder, 'POST', `/api/workflows/${id}/activate`);
  if (activated.status !== 200) throw new Error(`activate: ${activated.status} ${await activated.text()}`);
  const signed = deliveries(500, SECRET);
  const { total, warmup, maxMs } = plan[kind];
  const concurrency = Number(process.env.BENCH_CONCURRENCY) || plan[kind].concurrency;
  const client = sender(server.url, concurrency);
  cleanups.push(async () => client.close());

  // Every answer is checked: the respond step of the branch the amount decides.
  let next = 0;
  let wrong = 0;
  const op = async () => {
    const delivery = signed[next++ % signed.length]!;
    const answer = await client.post(`/hooks/${id}`, delivery.body, delivery.signature);
    const tier = answer.status === 200 ? (JSON.parse(answer.body) as { tier?: string }).tier : undefined;
    if (tier !== (delivery.large ? 'priority' : 'standard')) {
      if (wrong++ === 0) note(`first wrong answer: ${answer.status} ${answer.body.slice(0, 300)}`);
    }
  };
  const before = await server.ask<{ runs: number }>({ ask: 'runs', workflowId: id });
  const rounds: Stats[] = [];
  let sent = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const cpuBefore = await server.ask<{ cpuMs: number }>({ ask: 'cpu' });
    const stats = await runLoad(`round ${round}`, op, {
      total,
      concurrency,
      warmup: round === 1 ? warmup : 100,
      maxMs,
    });
    const cpuAfter = await server.ask<{ cpuMs: number }>({ ask: 'cpu' });
    sent += stats.ops + (round === 1 ? warmup : 100);
    rounds.push(stats);
    note(
      `${stats.label}: ${stats.ops} runs in ${stats.seconds.toFixed(2)} s = ${stats.rps.toFixed(0)} executions/s; ` +
        `p50 ${stats.p50.toFixed(2)} ms, p99 ${stats.p99.toFixed(2)} ms; server CPU ${((cpuAfter.cpuMs - cpuBefore.cpuMs) / stats.ops).toFixed(3)} ms/run`,
    );
  }
  const stored = await server.ask<{ runs: number; succeeded: number; steps: number }>({
    ask: 'runs',
    workflowId: id,
  });
  const median = [...rounds].sort((a, b) => a.rps - b.rps)[Math.floor(rounds.length / 2)]!;
  note(
    `runs stored: ${stored.runs - before.runs} of ${sent} deliveries (${stored.succeeded} succeeded, ${stored.steps} step records); wrong answers: ${wrong}`,
  );
  return { kind, median, storedAll: stored.runs - before.runs === sent && wrong === 0 };
}

async function main() {
  console.log(
    `webhook workflow benchmark: signed deliveries, 6-step workflow (4 steps run per delivery), sync answer, every run stored`,
  );
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' / ')} at start`,
  );
  const only = process.env.BENCH_DB;
  const results = [];
  if (!only || only === 'postgres') {
    const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
    cleanups.push(() => admin.end({ timeout: 5 }));
    const name = `bp_bench_${randomBytes(4).toString('hex')}`;
    await admin.unsafe(`create database ${name}`);
    cleanups.push(() => admin.unsafe(`drop database if exists ${name} with (force)`));
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    results.push(await benchTarget('postgres', url.toString()));
  }
  if (!only || only === 'pglite') results.push(await benchTarget('pglite', 'pglite'));
  console.log('\n== summary (median of 3 rounds)');
  for (const r of results) {
    const met = r.median.rps >= GOAL_RPS && r.median.p99 < GOAL_P99_MS;
    console.log(
      `  ${r.kind.padEnd(8)} ${r.median.rps.toFixed(0).padStart(6)} executions/s  p50 ${r.median.p50.toFixed(2)} ms  p99 ${r.median.p99.toFixed(2)} ms  ` +
        `(${r.median.concurrency} in flight)  every run stored: ${r.storedAll ? 'yes' : 'NO'}` +
        (r.kind === 'postgres'
          ? `  goal >= ${GOAL_RPS}/s, p99 < ${GOAL_P99_MS} ms: ${met ? 'MET' : 'MISSED'}`
          : ''),
    );
  }
  console.log(
    `machine load average at the end: ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' / ')}`,
  );
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
