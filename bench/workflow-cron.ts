import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { loadMigrationSets } from '../api/platform/node/migration-files.ts';
import { pgliteDb } from '../api/platform/node/pglite-db.ts';
import { startSchedulerLoop } from '../api/platform/node/scheduler-loop.ts';
import type { Db, JwtClaims } from '../api/store/db.ts';
import { runMigrations } from '../api/store/migrations.ts';
import { createPostgresDb } from '../api/store/postgres-db.ts';
import type { DueSchedule } from '../api/workflows/run-request.ts';
import { upsertSchedule } from '../api/workflows/schedules.ts';

// The cron scheduler under its worst minute (issue #7, "Speed"): 1,000 active cron workflows due
// in the same minute all start within 1 s of their due time, and none is lost or doubled across a
// restart in the middle. On a fresh Postgres database and on an in-memory PGlite.
//
// The embedded Node loop runs as in production (ticks on whole seconds, batches, leases); its
// clock is the real one shifted to 1.5 s before the due minute, so a round takes seconds, not a
// minute. `fire` stores the run as the runner does: a workflow_runs row under the builder's
// row-level security, keyed `cron:<due ISO time>`, so a second firing of a due time shows up as a
// conflict. Drift is (run requested − due) and (run stored − due) on that clock.

const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WORKFLOWS = 1_000;
const STOP_AFTER = 400;
const GOAL_MS = 1_000;
const CRASH_LEASE_MS = 3_000;
const LEAD_MS = 1_500;
const log = (line: string) => console.log(line);
const quiet = {
  info: () => {},
  error: (event: string, f?: object) => log(`  ! ${event} ${JSON.stringify(f)}`),
};

interface Target {
  kind: 'postgres' | 'pglite';
  db: Db;
  /** A second handle on the same database: the restarted process. */
  reopen(): Db;
  close(): Promise<void>;
}

async function openPostgres(sets: Awaited<ReturnType<typeof loadMigrationSets>>): Promise<Target> {
  const host = new URL(PG_URL).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost')
    throw new Error(`DATABASE_URL must be local, not ${host}`);
  const name = `bp_bench_cron_${randomBytes(4).toString('hex')}`;
  const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const handles: Db[] = [createPostgresDb(url.toString())];
  await runMigrations(handles[0]!, sets);
  return {
    kind: 'postgres',
    db: handles[0]!,
    reopen() {
      handles.push(createPostgresDb(url.toString()));
      return handles.at(-1)!;
    },
    async close() {
      await Promise.allSettled(handles.map((h) => h.close()));
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

async function openPglite(sets: Awaited<ReturnType<typeof loadMigrationSets>>): Promise<Target> {
  const pg = await PGlite.create();
  const db = pgliteDb(pg);
  await runMigrations(db, sets);
  // PGlite is one in-process database: a "restarted process" is a new port over the same instance.
  return { kind: 'pglite', db, reopen: () => pgliteDb(pg), close: () => pg.close() };
}

/** 1,000 active workflows of one builder, each with a cron schedule due every minute. */
async function seed(db: Db, firstDue: Date): Promise<JwtClaims> {
  const userId = randomUUID();
  await db.asOwner(async (tx) => {
    await tx.query(`insert into auth.users (id, email, raw_user_meta_data) values ($1, $2, $3::jsonb)`, [
      userId,
      'cron-bench@example.test',
      JSON.stringify({ username: 'cron-bench' }),
    ]);
    await tx.query(
      `insert into workflow_definitions (user_id, name, status, active_version)
       select $1, 'Cron ' || i, 'active', 1 from generate_series(1, $2) i`,
      [userId, WORKFLOWS],
    );
  });
  const claims = { sub: userId, role: 'authenticated' };
  const ids = await db.withUser(claims, (tx) =>
    tx.query<{ id: string }>('select id from workflow_definitions'),
  );
  // Activation's own call, a hundred per transaction.
  for (let i = 0; i < ids.length; i += 100) {
    await db.withUser(claims, async (tx) => {
      for (const { id } of ids.slice(i, i + 100)) {
        await upsertSchedule(tx, {
          workflowId: id,
          userId,
          trigger: { kind: 'cron', cron: '* * * * *', timezone: 'Europe/Berlin' },
          now: new Date(firstDue.getTime() - 30_000),
        });
      }
    });
  }
  return claims;
}

/** What every firing of a round did: when it was requested and stored, and whether it was new. */
class Round {
  readonly requested = new Map<string, number[]>();
  readonly stored: number[] = [];
  duplicates = 0;
  constructor(
    readonly due: Date,
    readonly clock: () => number,
  ) {}

  fireInto(db: () => Db, claims: JwtClaims) {
    return async (due: DueSchedule) => {
      const at = this.clock();
      this.requested.set(due.workflowId, [
        ...(this.requested.get(due.workflowId) ?? []),
        at - due.dueAt.getTime(),
      ]);
      const rows = await db().withUser(claims, (tx) =>
        tx.query(
          `insert into workflow_runs (workflow_id, version, trigger, idempotency_key) values ($1, 1, 'cron', $2)
           on conflict (workflow_id, idempotency_key) do nothing returning id`,
          [due.workflowId, `cron:${due.dueAt.toISOString()}`],
        ),
      );
      if (rows.length === 0) this.duplicates++;
      else this.stored.push(this.clock() - due.dueAt.getTime());
    };
  }

  get fires() {
    return [...this.requested.values()].reduce((n, list) => n + list.length, 0);
  }
}

const clockBefore = (due: Date) => {
  const offset = due.getTime() - LEAD_MS - Date.now();
  return () => Date.now() + offset;
};

async function waitFor(what: string, ok: () => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function runsFor(db: Db, due: Date): Promise<{ runs: number; keys: number }> {
  const [row] = await db.asOwner((tx) =>
    tx.query<{ runs: number; keys: number }>(
      `select count(*)::int as runs, count(distinct workflow_id)::int as keys
       from workflow_runs where idempotency_key = $1`,
      [`cron:${due.toISOString()}`],
    ),
  );
  return row!;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const drift = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return `first ${s[0]!.toFixed(0)} ms, p50 ${pct(s, 50).toFixed(0)} ms, p99 ${pct(s, 99).toFixed(0)} ms, max ${s.at(-1)!.toFixed(0)} ms`;
};

async function report(target: Target, name: string, round: Round, withinGoal: boolean) {
  const firsts = [...round.requested.values()].map((list) => list[0]!);
  const { runs, keys } = await runsFor(target.db, round.due);
  const doubled = [...round.requested.values()].filter((list) => list.length > 1).length;
  const lost = WORKFLOWS - keys;
  const maxStored = Math.max(...round.stored);
  log(`  ${name}`);
  log(`    requested: ${drift(firsts)}   stored: ${drift(round.stored)}`);
  log(
    `    ${runs} runs for ${keys} workflows, lost ${lost}, doubled runs ${runs - keys}; ` +
      `due times fired twice ${doubled} (the runner answered ${round.duplicates} of them with the stored run)`,
  );
  if (withinGoal) {
    log(
      `    goal: all ${WORKFLOWS} stored within ${GOAL_MS} ms of due: ${maxStored < GOAL_MS && lost === 0 && runs === keys ? 'met' : 'MISSED'}`,
    );
  }
  return { lost, doubledRuns: runs - keys };
}

async function bench(target: Target) {
  const due1 = new Date('2026-11-26T10:00:00Z');
  const started = performance.now();
  const claims = await seed(target.db, due1);
  log(
    `\n${target.kind}: ${WORKFLOWS} cron workflows due at the same minute (seeded in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );

  // Round 1: one process, the whole minute's firings.
  const r1 = new Round(due1, clockBefore(due1));
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const loop1 = startSchedulerLoop({
    db: target.db,
    fire: r1.fireInto(() => target.db, claims),
    log: quiet,
    now: r1.clock,
  });
  await waitFor('round 1', () => r1.stored.length + r1.duplicates >= WORKFLOWS);
  await loop1.stop();
  const cpu = process.cpuUsage(cpuBefore);
  const wall = performance.now() - wallBefore - LEAD_MS;
  await report(target, 'round 1 (one process)', r1, true);
  // On a shared box a starved process misses the goal however fast its code: say how much it got.
  log(
    `    this process used ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms of CPU in the ${wall.toFixed(0)} ms after due ` +
      `(load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`,
  );

  // Round 2: the process stops after 400 firings (a deploy), a new one (its own Db) carries on.
  const due2 = new Date(due1.getTime() + 60_000);
  const r2 = new Round(due2, clockBefore(due2));
  // The stop is asked for from inside the 400th firing, as a signal would arrive mid-tick.
  let stopping: Promise<void> | null = null;
  const fireBefore = r2.fireInto(() => target.db, claims);
  const before = startSchedulerLoop({
    db: target.db,
    fire: async (due) => {
      await fireBefore(due);
      if (r2.fires >= STOP_AFTER) stopping ??= before.stop();
    },
    log: quiet,
    now: r2.clock,
  });
  await waitFor('400 firings', () => stopping !== null);
  await stopping;
  const firedBefore = r2.fires;
  const restartAt = r2.clock() - due2.getTime();
  const reopened = target.reopen();
  const after = startSchedulerLoop({
    db: reopened,
    fire: r2.fireInto(() => reopened, claims),
    log: quiet,
    now: r2.clock,
  });
  await waitFor('round 2', () => r2.stored.length + r2.duplicates >= WORKFLOWS);
  await new Promise((r) => setTimeout(r, 1_200)); // a late second firing would show by now
  await after.stop();
  log(
    `  (first process stopped after ${firedBefore} firings, ${restartAt} ms after due; the second fired ${r2.fires - firedBefore})`,
  );
  const stopResult = await report(
    target,
    'round 2 (stopped in the middle, a new process takes over)',
    r2,
    true,
  );

  // Round 3: the process freezes after 400 firings (killed between storing a run and moving its
  // schedule on); a new one takes over once the leases (3 s here, 30 s by default) run out.
  const due3 = new Date(due2.getTime() + 60_000);
  const r3 = new Round(due3, clockBefore(due3));
  let frozen = false;
  const freezingFire = r3.fireInto(() => target.db, claims);
  startSchedulerLoop({
    db: target.db,
    fire: async (due) => {
      if (frozen) return new Promise(() => {});
      await freezingFire(due);
      if (r3.fires >= STOP_AFTER) frozen = true;
      return frozen ? new Promise(() => {}) : undefined;
    },
    log: quiet,
    now: r3.clock,
    tick: { leaseMs: CRASH_LEASE_MS },
  });
  await waitFor('the freeze', () => frozen);
  const firedBeforeCrash = r3.fires;
  const survivor = target.reopen();
  const takeover = startSchedulerLoop({
    db: survivor,
    fire: r3.fireInto(() => survivor, claims),
    log: quiet,
    now: r3.clock,
    tick: { leaseMs: CRASH_LEASE_MS },
  });
  await waitFor('round 3', () => r3.stored.length >= WORKFLOWS);
  await new Promise((r) => setTimeout(r, 1_200));
  await takeover.stop();
  log(
    `  (first process froze after ${firedBeforeCrash} firings; leases ${CRASH_LEASE_MS} ms, so drift here is about the lease)`,
  );
  const crashResult = await report(
    target,
    'round 3 (killed in the middle, taken over after the lease)',
    r3,
    false,
  );
  return stopResult.lost + stopResult.doubledRuns + crashResult.lost + crashResult.doubledRuns;
}

async function main() {
  log(
    `workflow cron benchmark: ${WORKFLOWS} workflows due in the same minute, goal: every one started within ${GOAL_MS} ms, none lost or doubled across a restart`,
  );
  log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
  );
  const sets = await loadMigrationSets(true);
  const only = process.env.BENCH_DB;
  let problems = 0;
  for (const open of [openPostgres, openPglite]) {
    if (only && !open.name.toLowerCase().includes(only)) continue;
    const target = await open(sets);
    try {
      problems += await bench(target);
    } finally {
      await target.close();
    }
  }
  log(`\n${problems === 0 ? 'none lost, none doubled' : `${problems} due times lost or doubled`}`);
  // A frozen loop of round 3 keeps a promise that never settles; the process ends here.
  process.exit(problems === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
