import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db, JwtClaims } from '../store/db.ts';
import { createPostgresDb } from '../store/postgres-db.ts';
import { databaseUrlFor, openTestDb, usingPostgres } from '../testing/test-db.ts';
import type { DueSchedule } from './run-request.ts';
import { schedulerTick } from './scheduler.ts';
import { readSchedule, removeSchedule, upsertSchedule } from './schedules.ts';

// The scheduler tick against the database (PGlite, or Postgres with DATABASE_URL, where two
// schedulers are two pools on one database): it fires exactly the due schedules, each due time
// once even with two schedulers at the same time, again after a crash without a second run,
// every missed due time after downtime, and nothing of a deactivated workflow.

let db: Db;
let second: Db;
const builder = randomUUID();
const claims: JwtClaims = { sub: builder, role: 'authenticated' };
const T0 = new Date('2026-11-26T09:59:30Z');
const at = (iso: string) => new Date(iso);
const everyMinute = { kind: 'cron', cron: '* * * * *', timezone: 'UTC' } as const;
const everyTenMinutes = { kind: 'cron', cron: '*/10 * * * *', timezone: 'UTC' } as const;

/** The runner's part in the tests: one run per idempotency key, as `startRun` stores them. */
function recordingFire(target: () => Db = () => db) {
  const calls: string[] = [];
  let duplicates = 0;
  const fire = async (due: DueSchedule) => {
    const key = `${due.kind}:${due.dueAt.toISOString()}`;
    calls.push(`${due.workflowId} ${key}`);
    const stored = await target().asService('test-fixtures', (tx) =>
      tx.query(
        `insert into workflow_runs (user_id, workflow_id, version, trigger, idempotency_key)
         values ($1, $2, 1, $3, $4) on conflict (workflow_id, idempotency_key) do nothing returning id`,
        [due.userId, due.workflowId, due.kind, key],
      ),
    );
    if (stored.length === 0) duplicates++;
  };
  return { fire, calls, duplicates: () => duplicates };
}

async function runKeys(workflowId?: string): Promise<string[]> {
  const rows = await db.asOwner((tx) =>
    tx.query<{ k: string }>(
      `select workflow_id || ' ' || idempotency_key as k from workflow_runs
       where $1::uuid is null or workflow_id = $1 order by idempotency_key, workflow_id`,
      [workflowId ?? null],
    ),
  );
  return rows.map((r) => r.k);
}

async function scheduledWorkflow(trigger: object, status = 'active', now = T0): Promise<string> {
  const [row] = await db.asOwner((tx) =>
    tx.query<{ id: string }>(
      `insert into workflow_definitions (user_id, name, status, active_version) values ($1, 'Sync', $2, 1) returning id`,
      [builder, status],
    ),
  );
  await db.withUser(claims, (tx) =>
    upsertSchedule(tx, { workflowId: row!.id, userId: builder, trigger, now } as never),
  );
  return row!.id;
}

beforeAll(async () => {
  db = await openTestDb();
  await db.asOwner((tx) =>
    tx.query(
      `insert into auth.users (id, email, raw_user_meta_data) values ($1, 'tick@example.test', $2::jsonb)`,
      [builder, JSON.stringify({ username: 'tick-builder' })],
    ),
  );
  if (usingPostgres()) {
    // A second server process: its own pool on the same database.
    const [{ name }] = (await db.asOwner((tx) =>
      tx.query<{ name: string }>('select current_database() as name'),
    )) as [{ name: string }];
    second = createPostgresDb(databaseUrlFor(name), { max: 4 });
  } else {
    second = db; // PGlite has one connection: the two schedulers interleave on it.
  }
});
afterAll(async () => {
  if (second && second !== db) await second.close();
  await db?.close();
});
beforeEach(async () => {
  await db.asOwner((tx) => tx.query('delete from workflow_definitions'));
});

describe('schedulerTick', () => {
  it('fires exactly the due schedules of active workflows, once, and moves them on', async () => {
    const due = await scheduledWorkflow(everyMinute); // due 10:00:00
    const later = await scheduledWorkflow({ kind: 'cron', cron: '0 12 * * *', timezone: 'UTC' });
    const inactive = await scheduledWorkflow(everyMinute, 'inactive');
    const { fire, calls } = recordingFire();
    const now = at('2026-11-26T10:00:00.004Z');
    const result = await schedulerTick(db, { now, fire, owner: 'a' });
    expect(result).toMatchObject({ claimed: 1, fired: 1, failed: 0, more: false });
    expect(calls).toEqual([`${due} cron:2026-11-26T10:00:00.000Z`]);
    expect(await runKeys()).toEqual([`${due} cron:2026-11-26T10:00:00.000Z`]);
    const view = await db.withUser(claims, (tx) => readSchedule(tx, due));
    expect(view).toMatchObject({
      nextDueAt: at('2026-11-26T10:01:00Z'),
      lastDueAt: at('2026-11-26T10:00:00Z'),
    });
    // The same instant again: nothing is due any more.
    expect((await schedulerTick(db, { now, fire, owner: 'a' })).claimed).toBe(0);
    expect(calls).toHaveLength(1);
    expect((await db.withUser(claims, (tx) => readSchedule(tx, later)))?.nextDueAt).toEqual(
      at('2026-11-26T12:00:00Z'),
    );
    expect(await runKeys(inactive)).toEqual([]);
  });

  it('with two schedulers ticking at the same time, fires each due time exactly once', async () => {
    const flows = await Promise.all(Array.from({ length: 40 }, () => scheduledWorkflow(everyMinute)));
    const { fire, calls, duplicates } = recordingFire();
    const slowFire = async (due: DueSchedule) => {
      await sleep(Math.random() * 3);
      await fire(due);
    };
    for (let minute = 0; minute < 3; minute++) {
      const now = new Date(at('2026-11-26T10:00:00.010Z').getTime() + minute * 60_000);
      // Each scheduler ticks until it finds nothing, small batches so that their claims interleave.
      const drain = async (target: Db, owner: string) => {
        while (
          (await schedulerTick(target, { now, fire: slowFire, owner, batch: 5, concurrency: 3 })).claimed > 0
        );
      };
      await Promise.all([drain(db, 'process-a'), drain(second, 'process-b')]);
    }
    expect(calls).toHaveLength(flows.length * 3);
    expect(new Set(calls).size).toBe(calls.length);
    expect(duplicates()).toBe(0);
    expect(await runKeys()).toHaveLength(flows.length * 3);
  });

  it('after a crash between firing and moving on, fires the due time again when the lease runs out, and the run stays one', async () => {
    const flow = await scheduledWorkflow(everyMinute);
    const { fire, calls, duplicates } = recordingFire();
    const now = at('2026-11-26T10:00:00.010Z');
    let frozen = false;
    // Process A stores the run, then dies before moving the schedule on: its tick never ends.
    const crashing = async (due: DueSchedule) => {
      await fire(due);
      frozen = true;
      await new Promise(() => {});
    };
    void schedulerTick(db, { now, fire: crashing, owner: 'process-a', leaseMs: 30_000 });
    await expect.poll(() => frozen).toBe(true);
    // Within A's lease, process B leaves the schedule alone.
    const early = await schedulerTick(second, { now: at('2026-11-26T10:00:20Z'), fire, owner: 'process-b' });
    expect(early.claimed).toBe(0);
    // After it, B fires the same due time again: the runner finds the run A stored.
    const late = await schedulerTick(second, { now: at('2026-11-26T10:00:31Z'), fire, owner: 'process-b' });
    expect(late).toMatchObject({ claimed: 1, fired: 1 });
    expect(calls).toEqual([`${flow} cron:2026-11-26T10:00:00.000Z`, `${flow} cron:2026-11-26T10:00:00.000Z`]);
    expect(duplicates()).toBe(1);
    expect(await runKeys()).toEqual([`${flow} cron:2026-11-26T10:00:00.000Z`]);
    expect((await db.withUser(claims, (tx) => readSchedule(tx, flow)))?.nextDueAt).toEqual(
      at('2026-11-26T10:01:00Z'),
    );
  });

  it('a failed firing is tried again after the lease, not lost', async () => {
    const flow = await scheduledWorkflow(everyMinute);
    const { fire } = recordingFire();
    const failing = async () => {
      throw new Error('database unavailable');
    };
    const first = await schedulerTick(db, { now: at('2026-11-26T10:00:00Z'), fire: failing, owner: 'a' });
    expect(first).toMatchObject({ claimed: 1, fired: 0, failed: 1 });
    const retried = await schedulerTick(db, { now: at('2026-11-26T10:00:31Z'), fire, owner: 'a' });
    expect(retried.fired).toBe(1);
    expect(await runKeys()).toEqual([`${flow} cron:2026-11-26T10:00:00.000Z`]);
  });

  it('after downtime fires every missed due time once, in order, a bounded number per tick', async () => {
    const flow = await scheduledWorkflow(everyTenMinutes); // due 10:00
    const { fire, calls } = recordingFire();
    const now = at('2026-11-26T12:05:00Z'); // down for 2 h: 13 due times missed
    let ticks = 0;
    while ((await schedulerTick(db, { now, fire, owner: 'a' })).claimed > 0) ticks++;
    expect(ticks).toBe(2); // 10 in the first claim, 3 in the next
    const expected = Array.from(
      { length: 13 },
      (_, i) => `${flow} cron:${new Date(at('2026-11-26T10:00:00Z').getTime() + i * 600_000).toISOString()}`,
    );
    expect(calls).toEqual(expected);
    expect(await runKeys()).toEqual(expected);
    expect(await db.withUser(claims, (tx) => readSchedule(tx, flow))).toMatchObject({
      nextDueAt: at('2026-11-26T12:10:00Z'),
      lastDueAt: at('2026-11-26T12:00:00Z'),
      skippedDueCount: 0,
    });
  });

  it('after more than a day down, passes over the older due times and records how many', async () => {
    const flow = await scheduledWorkflow({ kind: 'cron', cron: '0 * * * *', timezone: 'UTC' }); // 10:00
    const { fire, calls } = recordingFire();
    const logged: Record<string, unknown>[] = [];
    const log = { info: (_e: string, f?: Record<string, unknown>) => logged.push(f ?? {}), error: () => {} };
    const now = at('2026-11-28T12:30:00Z'); // 50.5 h later: 26 hourly due times are older than a day
    while ((await schedulerTick(db, { now, fire, owner: 'a', log })).claimed > 0);
    expect(calls[0]).toBe(`${flow} cron:2026-11-27T13:00:00.000Z`);
    expect(calls).toHaveLength(24);
    expect(await db.withUser(claims, (tx) => readSchedule(tx, flow))).toMatchObject({
      nextDueAt: at('2026-11-28T13:00:00Z'),
      skippedDueCount: 27,
    });
    expect(logged).toContainEqual(expect.objectContaining({ workflowId: flow, skippedDueTimes: 27 }));
  });

  it('never fires a removed schedule, and a claim in flight does not bring it back', async () => {
    const removed = await scheduledWorkflow(everyMinute);
    await db.withUser(claims, (tx) => removeSchedule(tx, removed));
    const racing = await scheduledWorkflow(everyMinute);
    const { fire, calls } = recordingFire();
    // Deactivated while its due time is being fired: the tick's move-on must not recreate it.
    const deactivateDuring = async (due: DueSchedule) => {
      await fire(due);
      await db.withUser(claims, (tx) => removeSchedule(tx, due.workflowId));
    };
    await schedulerTick(db, { now: at('2026-11-26T10:00:00Z'), fire: deactivateDuring, owner: 'a' });
    for (const minute of ['10:01', '10:02', '11:00']) {
      await schedulerTick(db, { now: at(`2026-11-26T${minute}:00Z`), fire, owner: 'a' });
    }
    expect(calls).toEqual([`${racing} cron:2026-11-26T10:00:00.000Z`]);
    expect(await db.withUser(claims, (tx) => readSchedule(tx, racing))).toBeNull();
    expect(await runKeys(removed)).toEqual([]);
  });

  it('a schedule replaced while firing keeps its new due time', async () => {
    const flow = await scheduledWorkflow(everyMinute);
    const { fire } = recordingFire();
    const reactivateDuring = async (due: DueSchedule) => {
      await fire(due);
      await db.withUser(claims, (tx) =>
        upsertSchedule(tx, { workflowId: flow, userId: builder, trigger: everyTenMinutes, now: due.dueAt }),
      );
    };
    await schedulerTick(db, { now: at('2026-11-26T10:00:00Z'), fire: reactivateDuring, owner: 'a' });
    expect((await db.withUser(claims, (tx) => readSchedule(tx, flow)))?.nextDueAt).toEqual(
      at('2026-11-26T10:10:00Z'),
    );
  });

  it('stopped in the middle, gives unfired claims back at once so another process fires them', async () => {
    const flows = await Promise.all(Array.from({ length: 6 }, () => scheduledWorkflow(everyMinute)));
    const { fire, calls } = recordingFire();
    const stop = new AbortController();
    const stopAfterTwo = async (due: DueSchedule) => {
      await fire(due);
      if (calls.length === 2) stop.abort();
    };
    const now = at('2026-11-26T10:00:00Z');
    const stopped = await schedulerTick(db, {
      now,
      fire: stopAfterTwo,
      owner: 'a',
      concurrency: 1,
      signal: stop.signal,
    });
    expect(stopped).toMatchObject({ claimed: 6, fired: 2, released: 4 });
    // Well within process A's lease, process B fires the other four.
    const taken = await schedulerTick(second, { now: at('2026-11-26T10:00:01Z'), fire, owner: 'b' });
    expect(taken).toMatchObject({ claimed: 4, fired: 4 });
    expect((await runKeys()).sort()).toEqual(flows.map((f) => `${f} cron:2026-11-26T10:00:00.000Z`).sort());
  });
});
