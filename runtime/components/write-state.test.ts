import { describe, expect, it } from 'vitest';
import type { Actor } from './access.ts';
import { ALICE, COMPANY, crmApp, endUser, inventoryApp, NOW, owner, ROW, taskApp } from './write.fixture.ts';
import { prepareWrite, type WriteInput } from './write.ts';

const member = endUser('member');
const lead = endUser('lead');
const create = (values: Record<string, unknown>, actor: Actor = member) =>
  prepareWrite({ app: taskApp(), tableId: 'tasks', mode: 'create', values, actor, now: NOW, recordId: ROW });
const move = (
  from: string,
  values: Record<string, unknown>,
  actor: Actor = member,
  data: Record<string, unknown> = {},
) =>
  prepareWrite({
    app: taskApp(),
    tableId: 'tasks',
    mode: 'update',
    values,
    existing: { id: ROW, data: { title: 'Write it', status: from, ...data }, createdBy: ALICE },
    actor,
    now: NOW,
    recordId: ROW,
  });
const conflict = (message: string) => ({ ok: false, status: 409, errors: [{ field: 'status', message }] });

describe('state machine on create', () => {
  it('puts a new row in the initial state when none is given', () => {
    expect(create({ title: 'Abc' })).toMatchObject({ ok: true, data: { status: 'todo' } });
    expect(create({ title: 'Abc', status: null })).toMatchObject({ ok: true, data: { status: 'todo' } });
  });

  it('accepts the initial state given by id or label', () => {
    expect(create({ title: 'Abc', status: 'To do' })).toMatchObject({ ok: true, data: { status: 'todo' } });
  });

  it('refuses any other state with 409, naming the initial one', () => {
    expect(create({ title: 'Abc', status: 'Done' })).toEqual(
      conflict('new rows of Tasks start as To do; one cannot be created as Done'),
    );
    expect(create({ title: 'Abc', status: 'doing' }, owner)).toMatchObject({ status: 409 });
  });
});

describe('state machine on update', () => {
  it('allows a transition from the current state', () => {
    expect(move('todo', { status: 'doing' })).toMatchObject({ ok: true, data: { status: 'doing' } });
  });

  it('refuses a move that is no transition, naming the moves allowed from the current state', () => {
    expect(move('todo', { status: 'done' })).toEqual(
      conflict('cannot move from To do to Done; allowed: Start (→ Doing)'),
    );
  });

  it('lists the moves of the actor’s role only (a transition without a label shows its id)', () => {
    expect(move('todo', { status: 'done' }, lead)).toEqual(
      conflict('cannot move from To do to Done; allowed: Start (→ Doing), drop (→ To do)'),
    );
  });

  it('refuses a transition the role may not take, naming who may', () => {
    expect(move('done', { status: 'todo' })).toEqual(
      conflict('cannot move from Done to To do: only Team lead may Reopen; allowed: none'),
    );
    expect(move('done', { status: 'todo' }, lead).ok).toBe(true);
  });

  it('lets the owner take any transition, whatever its roles', () => {
    expect(move('done', { status: 'todo' }, owner).ok).toBe(true);
  });

  it('takes a transition from any state (`*`)', () => {
    expect(move('doing', { status: 'todo' }, lead).ok).toBe(true);
  });

  it('refuses a transition whose guard is false on the new row', () => {
    expect(move('doing', { status: 'done' })).toEqual(
      conflict(
        'cannot move from Doing to Done: the condition of Finish is not met; allowed: Finish (→ Done)',
      ),
    );
  });

  it('evaluates the guard against the new row: a value set in the same write counts', () => {
    expect(move('doing', { status: 'done', notes: 'Shipped', points: 3 }).ok).toBe(true);
    expect(move('doing', { status: 'done', points: 3 }, member, { notes: 'Shipped earlier' }).ok).toBe(true);
  });

  it('does not check a write that leaves the state as it is', () => {
    expect(move('done', { status: 'Done', notes: 'x' }, member, { points: 1 }).ok).toBe(true);
    expect(move('done', { notes: 'x' }, member, { points: 1 }).ok).toBe(true);
  });

  it('lets a row without a state (older than the machine) be put in the initial state', () => {
    expect(move(null as unknown as string, { status: 'todo' }).ok).toBe(true);
  });
});

describe('state machines of the example apps', () => {
  const deal = {
    name: 'Big',
    company: COMPANY,
    stage: 'proposal',
    amount: 200_000,
    probability: 50,
    source: 'inbound',
    owner_email: 'a@example.com',
  };
  const updateDeal = (actor: Actor, values: Record<string, unknown>, data: Record<string, unknown> = {}) =>
    prepareWrite({
      app: crmApp(),
      tableId: 'deals',
      mode: 'update',
      values,
      existing: { id: ROW, data: { ...deal, ...data }, createdBy: ALICE },
      actor,
      now: NOW,
      recordId: ROW,
    });

  it('lets only a manager win a deal of 100,000 or more (a guard reading user.role)', () => {
    expect(updateDeal(endUser('rep'), { stage: 'won' })).toMatchObject({
      status: 409,
      errors: [
        {
          message: expect.stringMatching(/^cannot move from Proposal sent to Won: the condition of Mark won/),
        },
      ],
    });
    expect(updateDeal(endUser('manager'), { stage: 'won' }).ok).toBe(true);
    expect(updateDeal(endUser('rep'), { stage: 'won', amount: 50_000 }).ok).toBe(true);
  });

  it('qualifies a lead once it has contacts, given in the same write', () => {
    const contact = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';
    expect(updateDeal(endUser('rep'), { stage: 'qualified' }, { stage: 'lead' })).toMatchObject({
      status: 409,
    });
    expect(
      updateDeal(endUser('rep'), { stage: 'Qualified', contacts: [contact] }, { stage: 'lead' }).ok,
    ).toBe(true);
  });

  it('stores the weighted value of a new deal and starts it as a lead', () => {
    const result = prepareWrite({
      app: crmApp(),
      tableId: 'deals',
      mode: 'create',
      values: {
        name: 'Big',
        company: COMPANY,
        amount: '1000',
        probability: 25,
        owner_email: 'a@example.com',
      },
      actor: endUser('rep'),
      now: NOW,
      recordId: ROW,
    });
    expect(result).toMatchObject({
      ok: true,
      data: { stage: 'lead', weighted_value: 250, created_by: ALICE },
    });
  });

  const order = (
    actor: Actor,
    values: Record<string, unknown>,
    data: Record<string, unknown>,
    extra: Partial<WriteInput> = {},
  ) =>
    prepareWrite({
      app: inventoryApp(),
      tableId: 'purchase_orders',
      mode: 'update',
      values,
      existing: {
        id: ROW,
        data: { supplier: COMPANY, ordered_on: '2026-03-01', discount: 0, ...data },
        createdBy: ALICE,
      },
      actor,
      now: NOW,
      recordId: ROW,
      ...extra,
    });

  it('reads rollups for guards from the stored row or from `related` (submit needs order lines)', () => {
    expect(
      order(endUser('clerk'), { status: 'submitted' }, { status: 'draft', line_count: 0 }),
    ).toMatchObject({
      status: 409,
    });
    expect(order(endUser('clerk'), { status: 'submitted' }, { status: 'draft', line_count: 2 }).ok).toBe(
      true,
    );
    expect(
      order(endUser('clerk'), { status: 'submitted' }, { status: 'draft' }, { related: { line_count: 1 } })
        .ok,
    ).toBe(true);
  });

  it('computes fields before guards: approving reads the new computed total', () => {
    const data = { status: 'submitted', subtotal: 500, discount: 100 };
    // the stored discount of 100% makes the total 0, so the guard `record.total > 0` fails...
    expect(order(endUser('manager'), { status: 'approved', expected_on: '2026-03-20' }, data)).toMatchObject({
      status: 409,
      errors: [{ message: expect.stringMatching(/the condition of Approve and order is not met/) }],
    });
    // ...and a discount changed in the same write is in the total the guard reads
    const approved = order(
      endUser('manager'),
      { status: 'approved', expected_on: '2026-03-20', discount: 10 },
      data,
    );
    expect(approved).toMatchObject({ ok: true, data: { total: 450, status: 'approved' } });
    expect(order(endUser('clerk'), { status: 'approved' }, data)).toMatchObject({
      status: 409,
      errors: [{ message: expect.stringMatching(/only Manager may Approve and order/) }],
    });
  });
});
