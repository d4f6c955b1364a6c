import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { loadMigrationSets } from '../api/platform/node/migration-files.ts';
import { pgliteDb } from '../api/platform/node/pglite-db.ts';
import { MAX_ROWS, visibility } from '../api/routes/data-api/read.ts';
import type { Db, JwtClaims, Tx } from '../api/store/db.ts';
import { runMigrations } from '../api/store/migrations.ts';
import { createPostgresDb } from '../api/store/postgres-db.ts';
import { api, signUpBuilder } from '../api/testing/builders.ts';
import { startTestServer, type TestServer } from '../api/testing/test-server.ts';
import {
  compileSelect,
  compileSelectJson,
  indexPrefix,
  parseReadQuery,
  projectRows,
  type RawRow,
} from '../runtime/components/query/index.ts';
import { benchApp, loadRows, QUERY, TABLE_ID } from './data-api-app.ts';
import { countingButUnlimited } from './data-api-limits.ts';
import {
  httpClient,
  type LoadOptions,
  median,
  type Pair,
  runLoad,
  runPairs,
  STATS_HEADER,
  type Stats,
  statsRow,
  summarizePairs,
} from './data-api-load.ts';
import { profileCpu } from './data-api-profile.ts';
import { findTools, pgbenchRunner, wrkRps } from './data-api-tools.ts';

// The data API of a published app against the same query run directly in SQL, on the same
// database in the same run. Goal from the component-runtime issue ("Speed"): on 100,000 rows of
// a 10-field table (filter on a single-select field, sort on a date, page of 50) the API's
// throughput is at least 60% of SQL's, with p95 under 15 ms on Postgres; PGlite's figures are
// printed beside them.
//
// The real platform runs in this process (`startTestServer`), over a fresh Postgres database
// (created here, dropped at the end) and over an in-memory PGlite, and on Postgres also in a
// process of its own as `npm start` runs it; everything shares the machine's cores with Postgres
// itself, as on a small self-host. Every SQL baseline runs as a prepared statement on its own
// connection, the fastest way a client has to send it (postgres.js's tagged queries,
// `pgbench -M prepared`). The table shows every variant (median of interleaved rounds); the goal
// is judged on back-to-back pairs of the API in its own process and the SQL under the same RLS,
// driven from Node, and checked with pgbench against wrk where they are installed.

const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROWS = 100_000;
const GOAL_RATIO = 0.6;
const GOAL_P95_MS = 15;
const BUDGET_MS = 900_000;

/**
 * The queries: the list view's own (its filter, its sort with nulls last as the view sorts, a page
 * of 50), which the viewer sends and publishing indexes for; and the same with PostgREST's
 * default null order for a descending sort (nulls first), which a hand-written client would send.
 */
const QUERIES = [
  ["the view's query", QUERY],
  ['default null order', QUERY.replace('order=due.desc.nullslast', 'order=due.desc')],
] as const;
/**
 * Every variant runs this many times, interleaved, and the median round counts: this machine's
 * speed drifts by a quarter within minutes (a shared VM), and the same rounds see the same drift.
 */
const ROUNDS = 5;
/**
 * The goal's measure: the API (server in its own process, as `npm start` runs it) and the SQL
 * baseline back to back in this many pairs, each pair's ratio kept (see runPairs). PAIR_OPS
 * requests a side with Node clients; TOOL_PAIR_SECONDS a side with pgbench and wrk.
 */
const PAIRS = 8;
const PAIR_OPS = 1_500;
const TOOL_PAIRS = 6;
const TOOL_PAIR_SECONDS = 2;

const plan = {
  postgres: {
    concurrency: 8,
    total: 2_000,
    warmup: 200,
    maxMs: 10_000,
    latencyTotal: 500,
    triggerProbe: 10_000,
    profiled: 1_000,
  },
  pglite: {
    concurrency: 1,
    total: 400,
    warmup: 40,
    maxMs: 8_000,
    latencyTotal: 200,
    triggerProbe: 5_000,
    profiled: 300,
  },
} as const;

const startedAt = performance.now();
const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(0)} s`;
const log = (line: string) => console.log(line);
const note = (line: string) => console.log(`  · ${line}`);

// ---------------------------------------------------------------- cleanup and the time budget
const cleanups: (() => Promise<unknown>)[] = [];
async function cleanup() {
  while (cleanups.length) {
    const fn = cleanups.pop()!;
    try {
      await fn();
    } catch (error) {
      console.error(`cleanup: ${(error as Error).message}`);
    }
  }
}
const watchdog = setTimeout(() => {
  console.error(`bench: over the ${BUDGET_MS / 1000} s budget, stopping`);
  void cleanup().finally(() => process.exit(2));
}, BUDGET_MS);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
process.on('uncaughtException', (error) => {
  console.error(error);
  void cleanup().finally(() => process.exit(1));
});

// ---------------------------------------------------------------- the two databases
interface Target {
  kind: 'postgres' | 'pglite';
  /** The platform's own Db (its pools on Postgres). */
  db: Db;
  /** Where a platform in another process finds the same database (Postgres only). */
  url?: string;
  /** The query straight through the driver, on worker `w`'s own connection. */
  sql(w: number, text: string, params: string[]): Promise<RawRow[]>;
  /** Puts every baseline connection under the visitor's role and claims (null: back to the owner). */
  session(claims: string | null): Promise<void>;
}

function checkLocal(url: string) {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost')
    throw new Error(`DATABASE_URL must point at 127.0.0.1 for this benchmark, not ${host}`);
}

async function openPostgres(sets: Awaited<ReturnType<typeof loadMigrationSets>>): Promise<Target> {
  checkLocal(PG_URL);
  const name = `bp_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
  cleanups.push(() => admin.end({ timeout: 5 }));
  await admin.unsafe(`create database ${name}`);
  cleanups.push(() => admin.unsafe(`drop database if exists ${name} with (force)`));
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  // The pool the platform opens by default (createPostgresDb's max of 10).
  const db = createPostgresDb(url.toString());
  cleanups.push(() => db.close());
  await runMigrations(db, sets);
  const n = plan.postgres.concurrency;
  const raw = postgres(url.toString(), {
    max: n,
    onnotice: () => {},
    connection: { application_name: 'bp-bench-sql' },
  });
  cleanups.push(() => raw.end({ timeout: 5 }));
  const conns = await Promise.all(Array.from({ length: n }, () => raw.reserve()));
  cleanups.push(async () => {
    for (const c of conns) c.release();
  });
  note(`Postgres: database ${name} on ${url.host}, migrated (${elapsed()})`);
  return {
    kind: 'postgres',
    db,
    url: url.toString(),
    // Prepared, as postgres.js's tagged queries and `pgbench -M prepared` run them: one round trip
    // a query, planned once per connection (an unprepared query with parameters takes two).
    sql: (w, text, params) =>
      conns[w]!.unsafe(text, params, { prepare: true }) as unknown as Promise<RawRow[]>,
    async session(claims) {
      for (const c of conns) {
        if (claims)
          await c.unsafe(
            "select set_config('role', 'anon', false), set_config('request.jwt.claims', $1, false)",
            [claims],
          );
        else await c.unsafe("reset role; select set_config('request.jwt.claims', '', false)").simple();
      }
    },
  };
}

async function openPglite(sets: Awaited<ReturnType<typeof loadMigrationSets>>): Promise<Target> {
  const pg = await PGlite.create();
  cleanups.push(() => pg.close());
  const db = pgliteDb(pg);
  await runMigrations(db, sets);
  note(`PGlite: in memory, migrated (${elapsed()})`);
  return {
    kind: 'pglite',
    db,
    sql: async (_w, text, params) => (await pg.query<RawRow>(text, params)).rows,
    async session(claims) {
      if (claims)
        await pg.query(
          "select set_config('role', 'anon', false), set_config('request.jwt.claims', $1, false)",
          [claims],
        );
      else await pg.exec("reset role; select set_config('request.jwt.claims', '', false)");
    },
  };
}

// ---------------------------------------------------------------- the platform in its own process
const OWN_PROCESS = 'API, server in its own process';
/** The API's own statement (one row: the page as JSON text) run straight in SQL. */
const JSON_BODY = 'SQL JSON body as visitor';

/**
 * The platform as `npm start` runs it, in a process of its own (bench/data-api-server.ts) over
 * the same database, so the load generator does not share the server's event loop.
 */
async function startOwnServer(databaseUrl: string, sockets: number) {
  const child = fork(fileURLToPath(new URL('./data-api-server.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl },
  });
  cleanups.push(async () => {
    child.disconnect();
    await once(child, 'exit');
  });
  const [ready] = (await once(child, 'message')) as [{ url: string }];
  let client = httpClient(ready.url, sockets);
  cleanups.push(async () => client.close());
  return {
    get client() {
      return client;
    },
    freshClient() {
      client.close();
      client = httpClient(ready.url, sockets);
    },
    url: ready.url,
    async cpuMs(): Promise<number> {
      const answer = once(child, 'message') as Promise<[{ cpuMs: number }]>;
      child.send('cpu');
      return (await answer)[0].cpuMs;
    },
    /** The server's CPU time per request in each run, by what the runs were (rounds, pairs). */
    perRequest: new Map<string, number[]>(),
  };
}

// ---------------------------------------------------------------- plans
interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Sort Method'?: string;
  'Actual Rows'?: number;
  'Rows Removed by Filter'?: number;
  'Index Cond'?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

function describePlan(node: PlanNode): string {
  const parts: string[] = [];
  const walk = (n: PlanNode) => {
    let s = n['Node Type'];
    if (n['Index Name']) s += ` using ${n['Index Name'].replace(/^ad_[0-9a-f]{32}_/, 'ad_<app>_')}`;
    if (n['Sort Method']) s += ` (${n['Sort Method']})`;
    if (n['Relation Name'] && !n['Index Name']) s += ` on ${n['Relation Name']}`;
    if (n['Node Type'].includes('Scan') || n['Node Type'] === 'Bitmap Heap Scan')
      s += ` [${n['Actual Rows'] ?? '?'} rows${n['Rows Removed by Filter'] ? `, ${n['Rows Removed by Filter']} filtered out` : ''}${n['Index Cond'] ? ', has Index Cond' : ''}${/app_is_public\(app_id\)/.test(n.Filter ?? '') ? ', app_is_public() per row' : ''}]`;
    parts.push(s);
    for (const child of n.Plans ?? []) walk(child);
  };
  walk(node);
  return parts.join(' > ');
}

async function explain(db: Db, claims: JwtClaims | null, text: string, params: string[], generic = false) {
  const run = async (tx: Tx) => {
    if (generic) await tx.query("select set_config('plan_cache_mode', 'force_generic_plan', true)");
    return tx.query<Record<string, unknown>>(`explain (analyze, format json) ${text}`, params);
  };
  const rows = claims ? await db.withUser(claims, run) : await db.asOwner(run);
  const raw = rows[0]?.['QUERY PLAN'];
  const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
    Plan: PlanNode;
    'Execution Time': number;
    'Planning Time': number;
  }[];
  const top = doc[0]!;
  return `${describePlan(top.Plan)}; plan ${top['Planning Time'].toFixed(2)} ms, run ${top['Execution Time'].toFixed(2)} ms`;
}

// ---------------------------------------------------------------- one database
interface Row {
  db: string;
  query: string;
  stats: Stats;
}

/** The goal's pairs for one query: Node clients on both sides, and pgbench against wrk. */
interface Paired {
  query: string;
  node: Pair[];
  tools: Pair[] | string;
  /** p95 latency of each of the pairs' API runs (8 in flight), ms. */
  p95s: number[];
}
const paired: Paired[] = [];

/** Stats of the round with the median throughput: one slow or lucky round moves no figure. */
function medianRound(rounds: Stats[]): Stats {
  const sorted = [...rounds].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * pgbench (the API's statement on connections entered as the visitor) paired with wrk (the API in
 * its own process), or why they did not run.
 */
async function toolPairs(
  target: Target,
  apiUrl: string,
  statement: { text: string; params: string[] },
  claims: JwtClaims,
  apiBody: unknown[],
): Promise<Pair[] | string> {
  const tools = await findTools();
  if (!tools.ready)
    return `skipped: ${tools.missing.join(', ')} not installed (apt-get install -y wrk postgresql-client)`;
  if (!target.url) return 'skipped: no Postgres URL';
  const claimsText = JSON.stringify(claims);
  const pgbench = await pgbenchRunner({
    url: target.url,
    ...statement,
    role: claims.role,
    claims: claimsText,
  });
  try {
    // Its connections are the visitor's (a superuser would read past RLS) and read the API's rows.
    const who = await pgbench.answer("select current_user, current_setting('request.jwt.claims')");
    if (who !== `${claims.role}\t${claimsText}`)
      throw new Error(`pgbench would run as ${who}, not as the visitor`);
    const [count, body] = (await pgbench.answer()).split('\t');
    if (Number(count) !== apiBody.length || !isDeepStrictEqual(JSON.parse(body ?? 'null'), apiBody))
      throw new Error('pgbench would not read the rows the API answered');
    const n = plan.postgres.concurrency;
    return await runPairs(
      () => pgbench.tps(n, TOOL_PAIR_SECONDS),
      () => wrkRps(apiUrl, n, TOOL_PAIR_SECONDS),
      TOOL_PAIRS,
    );
  } finally {
    await pgbench.close();
  }
}

async function benchDatabase(target: Target): Promise<Row[]> {
  const cfg = plan[target.kind];
  const rows: Row[] = [];
  const { db } = target;
  log('');
  log(`== ${target.kind} (${elapsed()})`);

  const server: TestServer = await startTestServer(db, { rateLimiter: countingButUnlimited() });
  cleanups.push(() => server.stop());
  const builder = await signUpBuilder(server.url, 'bench');
  await db.asService('test-fixtures', (tx) =>
    tx.query("update public.profiles set plan = 'paid' where id = $1", [builder.id]),
  );
  const definition = benchApp('tasks-bench');
  const created = await api(server.url, builder, 'POST', '/api/apps', { definition });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${await created.text()}`);
  const { id: appId } = (await created.json()) as { id: string };
  const published = await api(server.url, builder, 'POST', `/api/apps/${appId}/publish`, {});
  if (published.status !== 200)
    throw new Error(`publish failed: ${published.status} ${await published.text()}`);
  const madeAtPublish = await db.asOwner((tx) =>
    tx.query<{ indexdef: string }>(
      "select indexdef from pg_indexes where tablename = 'app_data' and indexname like $1",
      [`${indexPrefix(appId)}%`],
    ),
  );
  note(
    `published a public app (builder on plan 'paid'); publishing created ${madeAtPublish.length} index(es):`,
  );
  for (const { indexdef } of madeAtPublish) note(`  ${shortIndex(indexdef)}`);
  if (madeAtPublish.length === 0) throw new Error('publishing made no index for the view');

  const load = await loadRows(db, { userId: builder.id, appId }, ROWS, cfg.triggerProbe);
  for (const line of load.lines) note(line);
  note(`rows loaded (${elapsed()})`);

  // The statement the data API runs for a query, compiled as read.ts compiles it.
  const actor = { kind: 'visitor' as const, roleId: definition.access.defaultRoleId };
  const compile = (qs: string) => {
    const parsed = parseReadQuery(new URLSearchParams(qs), {
      app: definition,
      tableId: TABLE_ID,
      visible: visibility(definition, actor),
      maxRows: MAX_ROWS,
    });
    if (!parsed.ok) throw new Error(`query does not parse: ${parsed.error.message}`);
    const options = { appId, tableId: TABLE_ID };
    const json = compileSelectJson(parsed.value, options);
    if (!json) throw new Error('the query has no JSON form');
    return { query: parsed.value, sql: compileSelect(parsed.value, options), json };
  };
  const claims: JwtClaims = { sub: '', role: 'anon', app_id: appId };
  const claimsText = JSON.stringify(claims);
  const base = `/u/bench/tasks-bench/rest/v1/${TABLE_ID}`;
  // A fresh keep-alive client per phase: the server closes sockets idle for 5 s, and a reused
  // socket it has just closed answers ECONNRESET.
  let client = httpClient(server.url, cfg.concurrency);
  cleanups.push(async () => client.close());
  const freshClient = () => {
    client.close();
    client = httpClient(server.url, cfg.concurrency);
  };

  const ownServer = target.url ? await startOwnServer(target.url, cfg.concurrency) : null;

  for (const [label, qs] of QUERIES) {
    const main = compile(qs);
    const path = `${base}?${qs}`;
    log('');
    log(`-- ${label}: GET ${qs}`);
    note(`SQL the API runs: ${main.json.text.replace(/[0-9a-f-]{36}/, '<app>')}`);
    note(`  params ${JSON.stringify(main.json.params)}`);
    note(`the same rows as plain rows: ${main.sql.text.replace(/[0-9a-f-]{36}/, '<app>')}`);

    // The API and every SQL baseline return the same 50 rows.
    const response = await client.get(path);
    if (response.status !== 200) throw new Error(`API answered ${response.status}: ${response.body}`);
    const body = JSON.parse(response.body.toString('utf8')) as unknown[];
    const asOwner = projectRows(main.query, await target.sql(0, main.sql.text, main.sql.params));
    await target.session(claimsText);
    const asVisitor = projectRows(main.query, await target.sql(0, main.sql.text, main.sql.params));
    const [answer] = await target.sql(0, main.json.text, main.json.params);
    const asJson = JSON.parse(String(answer?.body)) as unknown[];
    await target.session(null);
    if (
      body.length !== 50 ||
      !isDeepStrictEqual(body, asOwner) ||
      !isDeepStrictEqual(body, asVisitor) ||
      !isDeepStrictEqual(body, asJson)
    )
      throw new Error('the API and the SQL baselines disagree on the rows');
    note('checked: the API and every SQL baseline return the same 50 rows');
    // Custom plans (a prepared statement's first five runs) and the generic plan after them.
    note(`plan as owner:   ${await explain(db, null, main.sql.text, main.sql.params)}`);
    note(`plan as visitor: ${await explain(db, claims, main.json.text, main.json.params)}`);
    note(`generic plan as visitor: ${await explain(db, claims, main.json.text, main.json.params, true)}`);

    const sqlOp = (w: number) => target.sql(w, main.sql.text, main.sql.params).then(() => {});
    const jsonOp = (w: number) => target.sql(w, main.json.text, main.json.params).then(() => {});
    const asVisitorSession = () => target.session(claimsText);
    const asOwnerSession = () => target.session(null);
    const variants: [string, (w: number) => Promise<void>, (() => Promise<void>)?, (() => Promise<void>)?][] =
      [
        ['SQL as owner (no RLS)', sqlOp],
        ['SQL as visitor (RLS)', sqlOp, asVisitorSession, asOwnerSession],
        [JSON_BODY, jsonOp, asVisitorSession, asOwnerSession],
        ["db.readAsUser (the API's SQL)", () => db.readAsUser(claims, [main.json]).then(() => {})],
        [
          'API in-process app.fetch',
          async () => {
            const r = await server.app.fetch(new Request(`${server.url}${path}`));
            if (r.status !== 200) throw new Error(`API answered ${r.status}`);
            await r.arrayBuffer();
          },
        ],
        [
          'API over HTTP',
          async () => {
            const r = await client.get(path);
            if (r.status !== 200) throw new Error(`API answered ${r.status}: ${r.body}`);
          },
          async () => freshClient(),
        ],
      ];
    /** Where the server's CPU per request of a run of the API in its own process goes (null: nowhere). */
    let serverCpu: { key: string; requests: number } | null = null;
    ownServer?.perRequest.clear();
    if (ownServer) {
      const own = ownServer;
      let before = 0;
      variants.push([
        OWN_PROCESS,
        async () => {
          const r = await own.client.get(path);
          if (r.status !== 200) throw new Error(`API answered ${r.status}: ${r.body}`);
        },
        async () => {
          own.freshClient();
          before = await own.cpuMs();
        },
        async () => {
          if (!serverCpu) return;
          const { key, requests } = serverCpu;
          const used = (await own.cpuMs()) - before;
          own.perRequest.set(key, [...(own.perRequest.get(key) ?? []), used / requests]);
        },
      ]);
    }
    const opts = { concurrency: cfg.concurrency, total: cfg.total, warmup: cfg.warmup, maxMs: cfg.maxMs };
    const rounds = new Map<string, Stats[]>();
    // Steady state: every variant runs once before any round counts, so no round pays for a cold
    // JIT (the server in its own process starts cold: ~2x its CPU a request in its first round).
    const runVariant = async ([name, op, before, after]: (typeof variants)[number], options: LoadOptions) => {
      await before?.();
      try {
        return await runLoad(name, op, options);
      } finally {
        await after?.();
      }
    };
    for (const variant of variants) await runVariant(variant, { ...opts, warmup: 0 });
    serverCpu = { key: 'rounds', requests: cfg.total + cfg.warmup };
    for (let round = 0; round < ROUNDS; round++)
      for (const variant of variants) {
        const stats = await runVariant(variant, opts);
        rounds.set(variant[0], [...(rounds.get(variant[0]) ?? []), stats]);
      }
    if (ownServer) {
      const options = { ...opts, total: PAIR_OPS, warmup: Math.round(PAIR_OPS / 10) };
      serverCpu = { key: 'pairs', requests: options.total + options.warmup };
      const apiRuns: Stats[] = [];
      const side = (name: string) => {
        const variant = variants.find(([n]) => n === name)!;
        return async () => {
          const stats = await runVariant(variant, options);
          if (name === OWN_PROCESS) apiRuns.push(stats);
          return stats.rps;
        };
      };
      const node = await runPairs(side(JSON_BODY), side(OWN_PROCESS), PAIRS);
      note(
        `pairs, ${JSON_BODY} then the API in its own process (ABBA): ${summarizePairs(node, GOAL_RATIO).line}`,
      );
      const tools = await toolPairs(target, ownServer.url + path, main.json, claims, body);
      if (typeof tools === 'string') note(`pgbench / wrk: ${tools}`);
      else
        note(
          `pairs, pgbench then wrk on the API in its own process (ABBA): ${summarizePairs(tools, GOAL_RATIO).line}`,
        );
      paired.push({ query: label, node, tools, p95s: apiRuns.map((s) => s.p95) });
    }
    // Latency with one request at a time: what one person waits, without the queue of a saturated box.
    const single = { concurrency: 1, total: cfg.latencyTotal, warmup: 20, maxMs: cfg.maxMs };
    await target.session(claimsText);
    const sqlAlone = await runLoad('SQL as visitor, 1 in flight', sqlOp, single);
    await target.session(null);
    freshClient();
    const apiAlone = await runLoad(
      'API over HTTP, 1 in flight',
      async () => {
        const r = await client.get(path);
        if (r.status !== 200) throw new Error(`API answered ${r.status}`);
      },
      single,
    );
    for (const [name, all] of rounds) {
      const stats = medianRound(all);
      rows.push({ db: target.kind, query: label, stats });
      note(
        `${name.padEnd(30)} rounds: ${all.map((s) => s.rps.toFixed(0)).join(' / ')} req/s -> median ${stats.rps.toFixed(0)}`,
      );
    }
    for (const [key, perRequest] of ownServer?.perRequest ?? [])
      note(
        `the server process's own CPU per request (${OWN_PROCESS}), ${key}: ${perRequest.map((ms) => ms.toFixed(2)).join(' / ')} ms`,
      );
    rows.push(
      { db: target.kind, query: label, stats: sqlAlone },
      { db: target.kind, query: label, stats: apiAlone },
    );
  }

  if (process.env.BENCH_PROFILE) {
    const path = `${base}?${QUERIES[0][1]}`;
    freshClient();
    const cpu = await profileCpu(
      async () => {
        await runLoad(
          'profile',
          async () => {
            const r = await client.get(path);
            if (r.status !== 200) throw new Error(`API answered ${r.status}`);
          },
          { concurrency: cfg.concurrency, total: cfg.profiled, warmup: 0, maxMs: 20_000 },
        );
      },
      12,
      profileFile(target.kind),
    );
    note(`CPU profile of this process over ${cfg.profiled} API requests, ${cfg.concurrency} in flight:`);
    for (const line of cpu) note(`  ${line}`);
  }
  return rows;
}

/** BENCH_PROFILE=<dir> also keeps the raw profile (open it in Chrome's DevTools); =1 only prints. */
function profileFile(kind: string): string | undefined {
  const dir = process.env.BENCH_PROFILE;
  return dir && dir !== '1' ? `${dir}/data-api-${kind}.cpuprofile` : undefined;
}

const shortIndex = (sql: string) =>
  sql.replace(/ad_[0-9a-f]{32}_/, 'ad_<app>_').replace(/'[0-9a-f-]{36}'/, "'<app>'");

// ---------------------------------------------------------------- main
const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

async function main() {
  log(`data API benchmark: ${ROWS.toLocaleString('en')} rows, GET ${QUERY}`);
  log(
    `machine: ${cpus().length} cores, load average ${loadAverage()} at start (other work on the box skews every figure)`,
  );
  const only = process.env.BENCH_DB;
  const sets = await loadMigrationSets(true);
  const all: Row[] = [];
  for (const open of [openPostgres, openPglite]) {
    if (only && !open.name.toLowerCase().includes(only)) continue;
    const target = await open(sets);
    try {
      all.push(...(await benchDatabase(target)));
    } finally {
      await cleanup();
    }
  }

  log('');
  log(
    `Results (Postgres: median of ${ROUNDS} interleaved rounds). /owner and /visitor: req/s over the req/s of`,
  );
  log('SQL reading the same rows on the same database and indexes in a tight loop: as the owner (no RLS,');
  log('what pgbench would run), and as the visitor role the API uses (same RLS, same rows; the faster of');
  log(
    'plain rows and the JSON body). Every SQL baseline runs as a prepared statement. * = stopped by its time cap.',
  );
  log(`${'query'.padEnd(19)} ${STATS_HEADER}`);
  const same = (row: Row, label: string) =>
    all.find((r) => r.db === row.db && r.query === row.query && r.stats.label === label)?.stats;
  // Against the faster of the two ways SQL can return the visitor's rows (plain rows or the JSON body).
  const ratios = (row: Row) => {
    // The latency rows (one request at a time) have no ratio; PGlite's load rows run one at a time too.
    if (row.stats.label.endsWith(', 1 in flight')) return ['-', '-'];
    const owner = same(row, 'SQL as owner (no RLS)');
    const visitor = Math.max(same(row, 'SQL as visitor (RLS)')?.rps ?? 0, same(row, JSON_BODY)?.rps ?? 0);
    return [
      owner ? (row.stats.rps / owner.rps).toFixed(2) : '-',
      visitor ? (row.stats.rps / visitor).toFixed(2) : '-',
    ];
  };
  for (const row of all) log(`${row.query.padEnd(19)} ${statsRow(row.db, '', row.stats, ratios(row))}`);
  log('');
  log(
    `Goal (Postgres): API throughput >= ${GOAL_RATIO} x the same SQL, API p95 < ${GOAL_P95_MS} ms; PGlite printed beside it.`,
  );
  log(
    `Throughput: the median ratio of ${PAIRS} back-to-back pairs (ABBA) of the API, its server in its own process as`,
  );
  log(
    '`npm start` runs it, and SQL reading the same rows under the same RLS with the same prepared statement, both',
  );
  log('driven from Node (node:http, postgres.js); the same with pgbench and wrk when installed.');
  for (const row of all.filter((r) => r.stats.label === OWN_PROCESS)) {
    const pairs = paired.find((p) => p.query === row.query);
    if (!pairs) continue;
    const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const describe = (name: string, set: Pair[]) => {
      const s = summarizePairs(set, GOAL_RATIO);
      return `${name} ${s.median.toFixed(2)} x (${met(s.median >= GOAL_RATIO)}; pairs ${s.min.toFixed(2)}-${s.max.toFixed(2)}, ${s.reached} of ${set.length} >= ${GOAL_RATIO})`;
    };
    const alone = same(row, 'API over HTTP, 1 in flight');
    const [vsOwner] = ratios(row);
    log(
      `${row.db.padEnd(8)} ${row.query.padEnd(19)} ${describe('Node clients', pairs.node)} | ` +
        `${typeof pairs.tools === 'string' ? `pgbench/wrk ${pairs.tools}` : describe('pgbench/wrk', pairs.tools)}`,
    );
    const p95s = [...pairs.p95s].sort((a, b) => a - b);
    const p95 = median(p95s);
    log(
      `${''.padEnd(28)} p95 ${alone ? alone.p95.toFixed(1) : '-'} ms 1 in flight (${met((alone?.p95 ?? Infinity) < GOAL_P95_MS)}), ` +
        `${p95.toFixed(1)} ms ${row.stats.concurrency} in flight, median of the pairs' runs ` +
        `(${p95s[0]?.toFixed(1)}-${p95s.at(-1)?.toFixed(1)}; ${met(p95 < GOAL_P95_MS)}) | ` +
        `table: ${row.stats.rps.toFixed(0)} req/s, ${vsOwner} x SQL as owner without RLS`,
    );
  }
  // PGlite: printed beside, no goal (one in flight: PGlite answers one query at a time).
  for (const row of all.filter((r) => r.db === 'pglite' && r.stats.label === 'API over HTTP')) {
    const alone = same(row, 'API over HTTP, 1 in flight');
    log(
      `${row.db.padEnd(8)} ${row.query.padEnd(19)} API over HTTP ${row.stats.rps.toFixed(0)} req/s, ` +
        `${ratios(row)[1]} x SQL under the same RLS | p95 ${alone ? alone.p95.toFixed(1) : '-'} ms 1 in flight`,
    );
  }
  log(`total time ${elapsed()}, load average ${loadAverage()} at the end`);
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
