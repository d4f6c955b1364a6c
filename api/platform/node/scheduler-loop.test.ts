import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db, JwtClaims } from '../../store/db.ts';
import { openTestDb } from '../../testing/test-db.ts';
import type { DueSchedule, RunRequest } from '../../workflows/run-request.ts';
import { upsertSchedule } from '../../workflows/schedules.ts';
import { fireWithStartRun, startSchedulerLoop } from './scheduler-loop.ts';

// The embedded scheduler's timer: due workflows start within a second of their due time, and a
// stop waits for the tick in flight and leaves nothing claimed, so the next process (a restart)
// fires the rest at once. The clock is the real one shifted to just before a due minute.

let db: Db;
const builder = randomUUID();
const claims: JwtClaims = { sub: builder, role: 'authenticated' };
const DUE = new Date('2026-11-26T10:00:00Z');
const quiet = { info: () => {}, error: () => {} };

/** A clock that reads `DUE - leadMs` now and then runs at real speed. */
function clockBefore(due: Date, leadMs: number) {
  const offset = due.getTime() - leadMs - Date.now();
  return () => Date.now() + offset;
}

async function scheduled(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const [row] = await db.asOwner((tx) =>
      tx.query<{ id: string }>(
        `insert into workflow_definitions (user_id, name, status, active_version) values ($1, 'Report', 'active', 1) returning id`,
        [builder],
      ),
    );
    await db.withUser(claims, (tx) =>
      upsertSchedule(tx, {
        workflowId: row!.id,
        userId: builder,
        trigger: { kind: 'cron', cron: '0 * * * *', timezone: 'UTC' },
        now: new Date(DUE.getTime() - 60_000),
      }),
    );
    ids.push(row!.id);
  }
  return ids;
}

beforeAll(async () => {
  db = await openTestDb();
  await db.asOwner((tx) =>
    tx.query(
      `insert into auth.users (id, email, raw_user_meta_data) values ($1, 'loop@example.test', $2::jsonb)`,
      [builder, JSON.stringify({ username: 'loop-builder' })],
    ),
  );
});
afterAll(async () => {
  await db?.close();
});
beforeEach(async () => {
  await db.asOwner((tx) => tx.query('delete from workflow_definitions'));
});

describe('startSchedulerLoop', () => {
  it('starts every due workflow once, within a second of its due time', async () => {
    const flows = await scheduled(30);
    const now = clockBefore(DUE, 600);
    const started = new Map<string, number[]>();
    const fire = async (due: DueSchedule) => {
      started.set(due.workflowId, [...(started.get(due.workflowId) ?? []), now() - due.dueAt.getTime()]);
    };
    const loop = startSchedulerLoop({ db, fire, log: quiet, now, tick: { batch: 8 } });
    try {
      await expect.poll(() => started.size, { timeout: 5000 }).toBe(flows.length);
      await sleep(300); // any second firing would have happened by now
    } finally {
      await loop.stop();
    }
    for (const flow of flows) {
      const drifts = started.get(flow)!;
      expect(drifts).toHaveLength(1);
      expect(drifts[0]).toBeGreaterThanOrEqual(0);
      expect(drifts[0]).toBeLessThan(1000);
    }
  });

  it('stop waits for the tick in flight and gives back its unfired claims; the next loop fires them', async () => {
    const flows = await scheduled(5);
    const now = clockBefore(DUE, 200);
    const fired: string[] = [];
    let inFiring = false;
    const slowFire = async (due: DueSchedule) => {
      inFiring = true;
      await sleep(150);
      fired.push(due.workflowId);
      inFiring = false;
    };
    const first = startSchedulerLoop({ db, fire: slowFire, log: quiet, now, tick: { concurrency: 1 } });
    await expect.poll(() => inFiring, { timeout: 5000, interval: 5 }).toBe(true);
    await first.stop();
    expect(inFiring).toBe(false); // the firing that had begun finished before stop resolved
    expect(fired).toHaveLength(1);
    const held = await db.asService('workflow-scheduler', (tx) =>
      tx.query('select 1 from workflow_schedules where claimed_by is not null'),
    );
    expect(held).toEqual([]);

    const second = startSchedulerLoop({ db, fire: slowFire, log: quiet, now });
    try {
      await expect.poll(() => fired.length, { timeout: 5000 }).toBe(flows.length);
    } finally {
      await second.stop();
    }
    expect([...fired].sort()).toEqual([...flows].sort());
  });

  it('keeps ticking after the database fails for a while, logging it once', async () => {
    const errors: string[] = [];
    let failures = 3;
    const flaky: Db = {
      ...db,
      asService: (job, fn) =>
        failures-- > 0 ? Promise.reject(new Error('connection refused')) : db.asService(job, fn),
    };
    const [flow] = await scheduled(1);
    const fired: string[] = [];
    const loop = startSchedulerLoop({
      db: flaky,
      fire: async (due) => void fired.push(due.workflowId),
      log: { info: () => {}, error: (event) => void errors.push(event) },
      now: clockBefore(DUE, 0),
      intervalMs: 50,
    });
    try {
      await expect.poll(() => fired, { timeout: 5000 }).toEqual([flow]);
    } finally {
      await loop.stop();
    }
    expect(errors).toEqual(['workflow_scheduler_tick_failed']);
  });
});

describe('fireWithStartRun', () => {
  it('asks the runner for the run of that due time, keyed by it', async () => {
    const requests: RunRequest[] = [];
    const fire = fireWithStartRun(async (request) => {
      requests.push(request);
      return { runId: randomUUID(), duplicate: false };
    });
    const workflowId = randomUUID();
    await fire({ workflowId, userId: builder, kind: 'polling', dueAt: DUE });
    expect(requests).toEqual([
      {
        workflowId,
        userId: builder,
        trigger: 'polling',
        triggerInput: { scheduledAt: '2026-11-26T10:00:00.000Z' },
        idempotencyKey: 'polling:2026-11-26T10:00:00.000Z',
      },
    ]);
  });
});
