import { describe, expect, it } from 'vitest';
import { tasksApp } from '../definitions/app.fixture.ts';
import { planAutomations } from './automations.ts';

const owner = { kind: 'owner' } as const;
const NOW = '2026-11-25T10:00:00.000Z';
const row = (data: Record<string, unknown>) => ({ id: '11111111-1111-4111-8111-111111111111', data });

describe('planAutomations', () => {
  it('runs a watched update automation whose condition holds, rendering its texts', () => {
    const plan = planAutomations(
      tasksApp(),
      {
        kind: 'update',
        tableId: 'tasks',
        row: row({ title: 'Roof', blocked: true, reason: 'rain', owner: 'o@x.test' }),
        previous: { blocked: false },
        changedFields: ['blocked'],
      },
      owner,
      NOW,
    );
    expect(plan.skipped).toEqual([]);
    expect(plan.effects).toEqual([
      {
        kind: 'notify',
        automationId: 'notify_owner',
        channel: 'email',
        to: { kind: 'address', email: 'o@x.test' },
        subject: 'Blocked: Roof',
        body: 'Task Roof is blocked: rain',
      },
      {
        kind: 'update_record',
        automationId: 'notify_owner',
        tableId: 'tasks',
        rowIds: [row({}).id],
        values: { stage: 'todo' },
      },
    ]);
  });

  it('does nothing for unwatched fields, a false condition, another table or a create', () => {
    const app = tasksApp();
    const base = {
      kind: 'update' as const,
      tableId: 'tasks',
      row: row({ title: 'x', blocked: true }),
      previous: { blocked: false },
    };
    expect(planAutomations(app, { ...base, changedFields: ['title'] }, owner, NOW).effects).toEqual([]);
    expect(
      planAutomations(app, { ...base, previous: { blocked: true }, changedFields: ['blocked'] }, owner, NOW)
        .effects,
    ).toEqual([]);
    expect(
      planAutomations(app, { ...base, tableId: 'projects', changedFields: ['blocked'] }, owner, NOW).effects,
    ).toEqual([]);
    expect(
      planAutomations(
        app,
        { kind: 'create', tableId: 'tasks', row: row({ blocked: true }), changedFields: ['blocked'] },
        owner,
        NOW,
      ).effects,
    ).toEqual([]);
  });

  it('skips a notification with no address, saying why, and still does the rest', () => {
    const plan = planAutomations(
      tasksApp(),
      {
        kind: 'update',
        tableId: 'tasks',
        row: row({ title: 'Roof', blocked: true }),
        previous: { blocked: false },
        changedFields: ['blocked'],
      },
      owner,
      NOW,
    );
    expect(plan.skipped).toEqual([
      { automationId: 'notify_owner', reason: 'the row has no e-mail address to notify' },
    ]);
    expect(plan.effects.map((e) => e.kind)).toEqual(['update_record']);
  });
});
