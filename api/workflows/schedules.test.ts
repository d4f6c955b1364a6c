import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, JwtClaims } from '../store/db.ts';
import { openTestDb } from '../testing/test-db.ts';
import { readSchedule, removeSchedule, ScheduleError, upsertSchedule } from './schedules.ts';

// The schedule store as activation, deactivation and the studio use it (as the builder), and the
// row-level security around it: a builder reads and removes only their own schedules and writes
// due times only through set_workflow_schedule, for their own workflows.

let db: Db;
const alice = randomUUID();
const bob = randomUUID();
const as = (sub: string): JwtClaims => ({ sub, role: 'authenticated' });
let aliceFlow: string;
let bobFlow: string;
const NOW = new Date('2026-11-26T10:00:30Z');
const weekdays = { kind: 'cron', cron: '0 8 * * 1-5', timezone: 'Europe/Berlin' } as const;

async function workflowOf(userId: string): Promise<string> {
  const [row] = await db.asOwner((tx) =>
    tx.query<{ id: string }>(
      `insert into workflow_definitions (user_id, name, status, active_version) values ($1, 'Daily digest', 'active', 1)
       returning id`,
      [userId],
    ),
  );
  return row!.id;
}

beforeAll(async () => {
  db = await openTestDb();
  await db.asOwner(async (tx) => {
    for (const [id, username] of [
      [alice, 'alice-sched'],
      [bob, 'bob-sched'],
    ] as const) {
      await tx.query(`insert into auth.users (id, email, raw_user_meta_data) values ($1, $2, $3::jsonb)`, [
        id,
        `${username}@example.test`,
        JSON.stringify({ username }),
      ]);
    }
  });
  aliceFlow = await workflowOf(alice);
  bobFlow = await workflowOf(bob);
});
afterAll(async () => {
  await db?.close();
});

describe('upsertSchedule and removeSchedule (activation and deactivation, as the builder)', () => {
  it('schedules a cron workflow at its next occurrence in its time zone and shows it to the builder', async () => {
    const due = await db.withUser(as(alice), (tx) =>
      upsertSchedule(tx, { workflowId: aliceFlow, userId: alice, trigger: weekdays, now: NOW }),
    );
    // Thursday 10:00 UTC is past 08:00 in Berlin: next is Friday 08:00 CET = 07:00 UTC.
    expect(due).toEqual(new Date('2026-11-27T07:00:00Z'));
    const view = await db.withUser(as(alice), (tx) => readSchedule(tx, aliceFlow));
    expect(view).toEqual({ kind: 'cron', nextDueAt: due, lastDueAt: null, skippedDueCount: 0 });
  });

  it('replaces the schedule when a new version is activated (polling now), dropping any claim', async () => {
    await db.asService('workflow-scheduler', (tx) =>
      tx.query(
        `update workflow_schedules set claimed_until = $2, claimed_by = 'other' where workflow_id = $1`,
        [aliceFlow, '2026-11-26T10:01:00Z'],
      ),
    );
    const polling = {
      kind: 'polling',
      connectionId: 'crm',
      request: { method: 'GET', path: '/contacts' },
      intervalMinutes: 15,
      items: 'response.body.items',
      dedupeKey: 'item.id',
    } as const;
    const due = await db.withUser(as(alice), (tx) =>
      upsertSchedule(tx, { workflowId: aliceFlow, userId: alice, trigger: polling, now: NOW }),
    );
    expect(due).toEqual(new Date('2026-11-26T10:15:30Z'));
    const [row] = await db.asService('workflow-scheduler', (tx) =>
      tx.query<Record<string, unknown>>(
        'select kind, cron, timezone, interval_minutes, claimed_by, claimed_until from workflow_schedules where workflow_id = $1',
        [aliceFlow],
      ),
    );
    expect(row).toEqual({
      kind: 'polling',
      cron: null,
      timezone: null,
      interval_minutes: 15,
      claimed_by: null,
      claimed_until: null,
    });
  });

  it('rejects a trigger it cannot schedule, naming the field', async () => {
    const attempt = (trigger: unknown) =>
      db.withUser(as(alice), (tx) =>
        upsertSchedule(tx, { workflowId: aliceFlow, userId: alice, trigger, now: NOW } as never),
      );
    await expect(attempt({ ...weekdays, cron: '0 0 31 2 *' })).rejects.toMatchObject({
      path: 'trigger.cron',
      message: 'trigger.cron: never occurs (no such date)',
    });
    await expect(attempt({ ...weekdays, timezone: 'Mars/Olympus' })).rejects.toMatchObject({
      path: 'trigger.timezone',
    });
    await expect(attempt({ kind: 'webhook' })).rejects.toBeInstanceOf(ScheduleError);
    // Nothing was changed by the failed attempts.
    const view = await db.withUser(as(alice), (tx) => readSchedule(tx, aliceFlow));
    expect(view?.kind).toBe('polling');
  });

  it('removes the schedule on deactivation', async () => {
    await db.withUser(as(bob), (tx) =>
      upsertSchedule(tx, { workflowId: bobFlow, userId: bob, trigger: weekdays, now: NOW }),
    );
    expect(await db.withUser(as(bob), (tx) => removeSchedule(tx, bobFlow))).toBe(true);
    expect(await db.withUser(as(bob), (tx) => readSchedule(tx, bobFlow))).toBeNull();
    expect(await db.withUser(as(bob), (tx) => removeSchedule(tx, bobFlow))).toBe(false);
  });
});

describe("row-level security: builder B and A's schedule", () => {
  const aliceDue = async () =>
    (
      await db.asService('workflow-scheduler', (tx) =>
        tx.query<{ next_due_at: Date }>('select next_due_at from workflow_schedules where workflow_id = $1', [
          aliceFlow,
        ]),
      )
    )[0]?.next_due_at;

  it('B cannot read, remove, replace or write A’s schedule', async () => {
    const before = await aliceDue();
    expect(before).toBeInstanceOf(Date);
    expect(await db.withUser(as(bob), (tx) => readSchedule(tx, aliceFlow))).toBeNull();
    const listed = await db.withUser(as(bob), (tx) => tx.query('select * from workflow_schedules'));
    expect(listed).toEqual([]);
    expect(await db.withUser(as(bob), (tx) => removeSchedule(tx, aliceFlow))).toBe(false);
    // Through the function, naming A as the owner or naming himself: refused either way.
    for (const userId of [alice, bob]) {
      await expect(
        db.withUser(as(bob), (tx) =>
          upsertSchedule(tx, { workflowId: aliceFlow, userId, trigger: weekdays, now: NOW }),
        ),
      ).rejects.toMatchObject({ code: '42501' });
    }
    // Around it, straight at the table: no grant to write due times or claims.
    for (const sql of [
      `update workflow_schedules set next_due_at = now() where workflow_id = '${aliceFlow}'`,
      `insert into workflow_schedules (workflow_id, user_id, kind, interval_minutes, next_due_at)
       values ('${bobFlow}', '${bob}', 'polling', 1, now())`,
    ]) {
      await expect(db.withUser(as(bob), (tx) => tx.query(sql))).rejects.toMatchObject({ code: '42501' });
    }
    expect(await aliceDue()).toEqual(before);
  });

  it('A cannot write due times or claims directly either, only through activation', async () => {
    await expect(
      db.withUser(as(alice), (tx) =>
        tx.query(`update workflow_schedules set claimed_by = 'me' where workflow_id = $1`, [aliceFlow]),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      db.withUser({ sub: '', role: 'anon' }, (tx) => tx.query('select * from workflow_schedules')),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('deleting the workflow deletes its schedule', async () => {
    await db.asOwner((tx) => tx.query('delete from workflow_definitions where id = $1', [aliceFlow]));
    expect(await aliceDue()).toBeUndefined();
  });
});
