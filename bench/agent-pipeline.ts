import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { AGENT_TOOLS } from '../api/agents/contracts.ts';
import { loadMigrationSets } from '../api/platform/node/migration-files.ts';
import { pgliteDb } from '../api/platform/node/pglite-db.ts';
import type { Db } from '../api/store/db.ts';
import { runMigrations } from '../api/store/migrations.ts';
import { createPostgresDb } from '../api/store/postgres-db.ts';
import { api, type Builder, signUpBuilder } from '../api/testing/builders.ts';
import {
  codePipelineScript,
  type PipelineScriptOptions,
  recipePipelineScript,
  workflowPipelineScript,
} from '../api/testing/fake-anthropic/pipeline-script.ts';
import { startFakeAnthropic } from '../api/testing/fake-anthropic/server.ts';
import { startTestServer } from '../api/testing/test-server.ts';
import {
  type AgentRun,
  AgentRunList,
  FeatureDetail,
  FeatureMode,
  PIPELINE_STAGES,
} from '../schemas/index.ts';

// The agent pipeline end to end, as a builder drives it: a components feature (the canned recipe
// tracker) is created, the BA answers one chat message (streamed) with a recommendation, the build
// runs spec → planning → testing → implementing → reviewing on the real worker, and we wait for
// awaiting_approval. The model is the local fake Anthropic server (its token counts are estimates:
// characters / 4, see api/testing/fake-anthropic/usage.ts), so the figures that matter are the
// number of calls, the tokens sent and how many of them the prompt cache covers, and the time the
// platform itself spends around the model calls — queueing, database, parsing, the dry run.
//   npm run bench:agent-pipeline                    (PGlite; also Postgres when DATABASE_URL is set)
//   BENCH_FEATURES=5 BENCH_MODEL_MS=0 BENCH_DB=pglite|postgres BENCH_MODE=components|workflows|code

const FEATURES = Number(process.env.BENCH_FEATURES) || 5;
/** A pretend model latency per call, to see the overhead against a realistic wall time. */
const MODEL_MS = Number(process.env.BENCH_MODEL_MS) || 0;
const KEY = `sk-ant-bench${randomBytes(12).toString('hex')}`;
/** The canned feature built: the recipe tracker (components) unless told otherwise. */
const MODE = FeatureMode.parse(process.env.BENCH_MODE ?? 'components');
const FEATURE = {
  components: {
    title: 'Recipe tracker',
    script: recipePipelineScript,
    message:
      'I want a family recipe tracker: recipes with ingredients, method, timings and a star rating, ' +
      'that anyone with the link can browse, and a shared shopping list the family editors keep.',
  },
  workflows: {
    title: 'Recipe suggestion inbox',
    script: workflowPipelineScript,
    message:
      'When a friend sends a recipe suggestion from our web form, check it is really a recipe and ' +
      'post it to our #recipes Slack channel; refuse spam.',
  },
  code: {
    title: 'Unit converter',
    script: codePipelineScript,
    message:
      'A small TypeScript library that converts lengths, masses and temperatures between metric and ' +
      'imperial units, with clear errors, for use in my own app.',
  },
}[MODE] satisfies { title: string; script: (options: PipelineScriptOptions) => unknown; message: string };
const STAGES = ['chat', ...PIPELINE_STAGES] as const;
type Stage = (typeof STAGES)[number];

const note = (line: string) => console.log(`  · ${line}`);
const cleanups: (() => Promise<unknown>)[] = [];
async function cleanup() {
  while (cleanups.length) await cleanups.pop()!().catch((error) => console.error(`cleanup: ${error}`));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));

async function openPglite(): Promise<Db> {
  const pg = await PGlite.create();
  cleanups.push(() => pg.close());
  const db = pgliteDb(pg);
  await runMigrations(db, await loadMigrationSets(true));
  return db;
}

async function openPostgres(): Promise<Db> {
  const base = new URL(process.env.DATABASE_URL!);
  if (base.hostname !== '127.0.0.1' && base.hostname !== 'localhost')
    throw new Error(`DATABASE_URL must point at 127.0.0.1 for this benchmark, not ${base.hostname}`);
  const name = `bp_bench_pipeline_${randomBytes(4).toString('hex')}`;
  const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
  cleanups.push(() => admin.end({ timeout: 5 }));
  await admin.unsafe(`create database ${name}`);
  cleanups.push(() => admin.unsafe(`drop database if exists ${name} with (force)`));
  base.pathname = `/${name}`;
  const db = createPostgresDb(base.toString());
  cleanups.push(() => db.close());
  await runMigrations(db, await loadMigrationSets(true));
  return db;
}

/** One feature's figures. Times in ms. */
interface FeatureFigures {
  runs: AgentRun[];
  buildWallMs: number;
  stages: Record<Stage, { wallMs: number; queueMs: number; modelMs: number; calls: number }>;
}

async function call(url: string, who: Builder, method: string, path: string, body?: unknown) {
  const response = await api(url, who, method, path, body);
  const text = await response.text();
  return { status: response.status, text };
}

/** The SSE events of a chat reply, by name (the body is read to its end: the reply is stored then). */
function sseEvents(text: string): { event: string; data: string }[] {
  return text
    .split(/\n\n+/)
    .map((block) => ({
      event: /^event: (.*)$/m.exec(block)?.[1] ?? '',
      data: block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n'),
    }))
    .filter((e) => e.event);
}

async function runFeature(url: string, db: Db, who: Builder, n: number): Promise<FeatureFigures> {
  const created = await call(url, who, 'POST', '/api/features', { title: `${FEATURE.title} ${n}` });
  if (created.status !== 201) throw new Error(`create feature: ${created.status} ${created.text}`);
  const { id } = JSON.parse(created.text) as { id: string };

  const chatStarted = performance.now();
  const chat = await call(url, who, 'POST', `/api/features/${id}/messages`, { content: FEATURE.message });
  const chatWallMs = performance.now() - chatStarted;
  const events = sseEvents(chat.text);
  if (chat.status !== 200 || !events.some((e) => e.event === 'done'))
    throw new Error(`chat: ${chat.status} ${chat.text.slice(0, 500)}`);
  if (!events.some((e) => e.event === 'recommendation'))
    throw new Error('chat: the BA recommended no mode, so the build cannot start');

  const buildStarted = performance.now();
  const build = await call(url, who, 'POST', `/api/features/${id}/build`, {});
  if (build.status !== 202) throw new Error(`build: ${build.status} ${build.text}`);
  for (;;) {
    const shown = FeatureDetail.parse(JSON.parse((await call(url, who, 'GET', `/api/features/${id}`)).text));
    if (shown.status === 'awaiting_approval') break;
    if (shown.status === 'failed')
      throw new Error(`build failed at ${shown.failedStage}: ${shown.failureReason}`);
    if (performance.now() - buildStarted > 120_000)
      throw new Error(`build still ${shown.status} after 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const buildWallMs = performance.now() - buildStarted;

  const { runs } = AgentRunList.parse(
    JSON.parse((await call(url, who, 'GET', `/api/features/${id}/runs`)).text),
  );
  // Stage wall times from the queue itself: queued → claimed → done, in the database's clock.
  const jobs = await db.withUser({ sub: who.id, role: 'authenticated' }, (tx) =>
    tx.query<{ stage: Stage; wall_ms: number; queue_ms: number }>(
      `select stage,
              (extract(epoch from finished_at - created_at) * 1000)::float8 as wall_ms,
              (extract(epoch from started_at - created_at) * 1000)::float8 as queue_ms
         from pipeline_jobs where feature_id = $1 and status = 'done' order by created_at`,
      [id],
    ),
  );
  const stages = Object.fromEntries(
    STAGES.map((stage) => {
      const own = runs.filter((run) => run.stage === stage);
      const job = jobs.filter((j) => j.stage === stage);
      return [
        stage,
        {
          wallMs: stage === 'chat' ? chatWallMs : job.reduce((sum, j) => sum + Number(j.wall_ms), 0),
          queueMs: job.reduce((sum, j) => sum + Number(j.queue_ms), 0),
          modelMs: own.reduce((sum, run) => sum + run.durationMs, 0),
          calls: own.length,
        },
      ];
    }),
  ) as FeatureFigures['stages'];
  return { runs, buildWallMs, stages };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => n.toFixed(n < 10 ? 1 : 0);
const pct = (part: number, whole: number) => `${whole ? ((100 * part) / whole).toFixed(1) : '0.0'}%`;

function tokens(runs: AgentRun[]) {
  const sum = (pick: (run: AgentRun) => number) => runs.reduce((total, run) => total + pick(run), 0);
  const input = sum((r) => r.inputTokens);
  const cacheWrite = sum((r) => r.cacheWriteTokens);
  const cacheRead = sum((r) => r.cacheReadTokens);
  return {
    calls: runs.length,
    input,
    cacheWrite,
    cacheRead,
    sent: input + cacheWrite + cacheRead,
    output: sum((r) => r.outputTokens),
    cost: sum((r) => r.costUsd),
  };
}

function report(figures: FeatureFigures[]) {
  const all = figures.map((f) => tokens(f.runs));
  const first = all[0]!;
  const later = tokens(figures.slice(1).flatMap((f) => f.runs));
  const m = (pick: (t: ReturnType<typeof tokens>) => number) => median(all.map(pick));
  console.log(
    `  per feature (median of ${figures.length}): ${m((t) => t.calls)} model calls · ${int(m((t) => t.sent))} input tokens sent · ${int(m((t) => t.output))} output tokens · $${m((t) => t.cost).toFixed(4)}`,
  );
  const shares = (t: ReturnType<typeof tokens>) =>
    `read from cache ${pct(t.cacheRead, t.sent)} · written to cache ${pct(t.cacheWrite, t.sent)} · after the last breakpoint ${pct(t.input, t.sent)}`;
  console.log(`  input tokens, first feature (cold cache): ${int(first.sent)} — ${shares(first)}`);
  if (figures.length > 1) {
    const which = figures.length === 2 ? 'feature 2' : `features 2–${figures.length}`;
    console.log(
      `  input tokens, ${which} (warm cache): ${int(later.sent / (figures.length - 1))} each — ${shares(later)}`,
    );
  }
  const agents = [...new Set(figures[0]!.runs.map((r) => `${r.stage}/${r.agent}`))];
  note(`calls of feature 1: ${agents.join(', ')}`);
  // The real API caches a prefix only from 1,024 tokens (Sonnet/Opus; 2,048 for Haiku); the fake
  // caches any length, so a prefix under that here would not be cached for real.
  const prefixes = figures[0]!.runs.map((r) => `${r.agent} ${int(r.cacheWriteTokens)}`);
  note(`cached prefix per call of feature 1 (tokens written to cache): ${prefixes.join(', ')}`);
  note(
    `model(s): ${[...new Set(figures.flatMap((f) => f.runs.map((r) => r.model)))].join(', ')} (cost at their list prices)`,
  );

  console.log('\n  stage          calls   wall ms   queue ms   model ms   platform ms   platform share');
  let wall = 0;
  let model = 0;
  for (const stage of STAGES) {
    const pick = (key: 'wallMs' | 'queueMs' | 'modelMs' | 'calls') =>
      median(figures.map((f) => f.stages[stage][key]));
    const overhead = median(figures.map((f) => f.stages[stage].wallMs - f.stages[stage].modelMs));
    if (stage !== 'chat') {
      wall += pick('wallMs');
      model += pick('modelMs');
    }
    console.log(
      `  ${stage.padEnd(14)} ${String(pick('calls')).padStart(5)} ${ms(pick('wallMs')).padStart(9)} ${(stage === 'chat' ? '—' : ms(pick('queueMs'))).padStart(10)} ${ms(pick('modelMs')).padStart(10)} ${ms(overhead).padStart(13)} ${pct(overhead, pick('wallMs')).padStart(16)}`,
    );
  }
  const buildWall = median(figures.map((f) => f.buildWallMs));
  console.log(
    `  ${'build (sum)'.padEnd(14)} ${''.padStart(5)} ${ms(wall).padStart(9)} ${''.padStart(10)} ${ms(model).padStart(10)} ${ms(wall - model).padStart(13)} ${pct(wall - model, wall).padStart(16)}`,
  );
  note(`POST /build → awaiting_approval seen by polling every 20 ms: median ${ms(buildWall)} ms`);
}

async function benchTarget(kind: 'pglite' | 'postgres') {
  console.log(`\n== ${kind}: ${FEATURES} × ${FEATURE.title} (${MODE}), fake model latency ${MODEL_MS} ms`);
  const db = kind === 'pglite' ? await openPglite() : await openPostgres();
  const delayMs = MODEL_MS
    ? Object.fromEntries(
        [
          AGENT_TOOLS.ba,
          AGENT_TOOLS.spec,
          AGENT_TOOLS.planner,
          AGENT_TOOLS['contract-tests'],
          AGENT_TOOLS.implementer[MODE],
          AGENT_TOOLS['security-reviewer'],
          AGENT_TOOLS['code-reviewer'],
        ].map((tool) => [tool, MODEL_MS]),
      )
    : undefined;
  const fake = await startFakeAnthropic({ keys: [KEY], script: FEATURE.script({ delayMs }) });
  cleanups.push(() => fake.close());
  const server = await startTestServer(db, { pipeline: true, env: { ANTHROPIC_BASE_URL: fake.url } });
  cleanups.push(() => server.stop());
  const builder = await signUpBuilder(server.url, `bench-${kind}`);
  const saved = await call(server.url, builder, 'PUT', '/api/settings/anthropic-key', { key: KEY });
  if (saved.status !== 200) throw new Error(`save key: ${saved.status} ${saved.text}`);

  const figures: FeatureFigures[] = [];
  for (let n = 1; n <= FEATURES; n++) figures.push(await runFeature(server.url, db, builder, n));
  const recorded = figures.reduce((sum, f) => sum + f.runs.length, 0);
  if (recorded !== fake.requests.length)
    note(`the fake answered ${fake.requests.length} requests but agent_runs holds ${recorded}`);
  report(figures);
  await cleanup();
}

console.log(
  `agent pipeline benchmark — node ${process.version}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}`,
);
try {
  const only = process.env.BENCH_DB;
  for (const kind of ['pglite', 'postgres'] as const) {
    if (only && only !== kind) continue;
    if (kind === 'postgres' && !process.env.DATABASE_URL) {
      note('Postgres skipped: set DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres) to run it');
      continue;
    }
    await benchTarget(kind);
  }
} finally {
  await cleanup();
}
