import { describe, expect, it } from 'vitest';
import type { Actor } from './access.ts';
import { ALICE, BOB, COMPANY, crmApp, endUser, NOW, owner, ROW, taskApp } from './write.fixture.ts';
import { prepareWrite, type WriteInput } from './write.ts';

const DEAL = {
  name: 'Old',
  company: COMPANY,
  stage: 'lead',
  amount: 10,
  probability: 10,
  source: 'inbound',
  owner_email: 'a@example.com',
};
const visitor: Actor = { kind: 'visitor', roleId: 'guest' };
const create = (values: Record<string, unknown>, extra: Partial<WriteInput> = {}) =>
  prepareWrite({
    app: taskApp(),
    tableId: 'tasks',
    mode: 'create',
    values,
    actor: owner,
    now: NOW,
    recordId: ROW,
    ...extra,
  });
const stored = (data: Record<string, unknown> = {}, createdBy: string | null = ALICE) => ({
  id: ROW,
  data: {
    title: 'Write it',
    summary: 'Write it!',
    shout: 'WRITE IT!',
    status: 'todo',
    priority: 'low',
    author: createdBy,
    created: '2026-01-01T00:00:00.000Z',
    ...data,
  },
  createdBy,
});
const update = (values: Record<string, unknown>, extra: Partial<WriteInput> = {}) =>
  prepareWrite({
    app: taskApp(),
    tableId: 'tasks',
    mode: 'update',
    values,
    existing: stored(),
    actor: owner,
    now: NOW,
    recordId: ROW,
    ...extra,
  });

describe('prepareWrite: access', () => {
  it('refuses an action the role lacks with 403, naming the action and table', () => {
    const result = prepareWrite({
      app: crmApp(),
      tableId: 'deals',
      mode: 'create',
      values: { name: 'X' },
      actor: endUser('assistant'),
      now: NOW,
      recordId: ROW,
    });
    expect(result).toEqual({
      ok: false,
      status: 403,
      errors: [{ message: 'Sales assistant may not create rows in Deals' }],
    });
  });

  it('refuses an update of a row someone else created when the scope is own', () => {
    const result = update({ notes: 'x' }, { actor: endUser('guest', BOB), existing: stored({}, ALICE) });
    expect(result).toEqual({
      ok: false,
      status: 403,
      errors: [{ message: 'you may only update the rows of Tasks that you created' }],
    });
    expect(update({ notes: 'x' }, { actor: endUser('guest', ALICE) }).ok).toBe(true);
  });

  it('lets a role with all scope update anyone’s row, and a visitor create but not update', () => {
    expect(update({ notes: 'x' }, { actor: endUser('member', BOB) }).ok).toBe(true);
    expect(create({ title: 'From a visitor' }, { actor: visitor }).ok).toBe(true);
    expect(update({ notes: 'x' }, { actor: visitor })).toMatchObject({ ok: false, status: 403 });
  });

  it('answers 400 for a table the app does not have', () => {
    expect(create({}, { tableId: 'nope' })).toMatchObject({ ok: false, status: 400 });
  });
});

describe('prepareWrite: fields that cannot be written', () => {
  it('names every unknown field', () => {
    expect(create({ title: 'Abc', colour: 'red', size: 2 })).toEqual({
      ok: false,
      status: 400,
      errors: [
        { field: 'colour', message: 'Tasks has no field "colour"' },
        { field: 'size', message: 'Tasks has no field "size"' },
      ],
    });
  });

  it('answers a field hidden from the role exactly like an unknown one, so it cannot be probed', () => {
    const result = create({ title: 'Abc', secret: 'x' }, { actor: visitor });
    expect(result).toMatchObject({
      status: 400,
      errors: [{ field: 'secret', message: 'Tasks has no field "secret"' }],
    });
    expect(create({ title: 'Abc', secret: 'x' }, { actor: endUser('member') }).ok).toBe(true);
  });

  it('refuses every field the app sets itself', () => {
    for (const id of ['summary', 'number', 'created', 'updated', 'author'])
      expect(create({ title: 'Abc', [id]: 'x' })).toMatchObject({
        status: 400,
        errors: [
          {
            field: id,
            message: expect.stringMatching(/^field ".+" cannot be written: the app sets its value$/),
          },
        ],
      });
  });

  it('refuses read-only fields for end users but not for the owner', () => {
    expect(create({ title: 'Abc', approved: true }, { actor: endUser('member') })).toMatchObject({
      status: 400,
      errors: [{ field: 'approved', message: 'field "Approved" cannot be written: it is read-only' }],
    });
    expect(create({ title: 'Abc', approved: true })).toMatchObject({ ok: true, data: { approved: true } });
  });

  it('accepts the row’s own id but never another', () => {
    expect(create({ title: 'Abc', id: ROW }).ok).toBe(true);
    expect(create({ title: 'Abc', id: BOB })).toMatchObject({
      status: 400,
      errors: [{ field: 'id', message: 'id cannot be changed' }],
    });
  });
});

describe('prepareWrite: coercion', () => {
  it('stores coerced values and reports every value that does not coerce, with the field label', () => {
    expect(create({ title: 'Abc', points: '5', priority: 'HIGH' })).toMatchObject({
      ok: true,
      data: { points: 5, priority: 'high' },
    });
    expect(create({ title: 'Abc', points: 'five', priority: 'Urgent' })).toEqual({
      ok: false,
      status: 400,
      errors: [
        { field: 'points', message: 'Points must be a number like 12.5, not "five"' },
        { field: 'priority', message: 'Priority: "Urgent" is not an option (options: Low, High)' },
      ],
    });
  });
});

describe('prepareWrite: defaults and system fields', () => {
  it('fills defaults on create, with today and now from the request time', () => {
    const result = create({ title: 'Abc' });
    expect(result).toMatchObject({
      ok: true,
      data: { priority: 'low', approved: false, due: '2026-03-10', starts: NOW, status: 'todo' },
    });
  });

  it('keeps a value given instead of the default, and an explicit null', () => {
    expect(create({ title: 'Abc', priority: 'high', due: null })).toMatchObject({
      data: { priority: 'high', due: null },
    });
  });

  it('sets created_at, updated_at and created_by on create, per actor', () => {
    expect(create({ title: 'Abc' }, { actor: endUser('member', BOB) })).toMatchObject({
      data: { created: NOW, updated: NOW, author: BOB },
    });
    expect(create({ title: 'Abc' })).toMatchObject({ data: { author: 'owner' } });
    expect(create({ title: 'Abc' }, { actor: visitor })).toMatchObject({ data: { author: null } });
  });

  it('keeps the creation stamp on update, moves updated_at, and applies no defaults', () => {
    const result = update({ notes: 'More' });
    expect(result).toMatchObject({
      ok: true,
      data: { created: '2026-01-01T00:00:00.000Z', updated: NOW, author: ALICE },
    });
    if (result.ok) expect(result.data.due).toBeUndefined();
  });

  it('does not store autonumbers on create (the store assigns them) nor lookups and rollups', () => {
    const result = create({ title: 'Abc' });
    if (result.ok) expect('number' in result.data).toBe(false);
    const deal = prepareWrite({
      app: crmApp(),
      tableId: 'deals',
      mode: 'update',
      values: { name: 'Renamed' },
      existing: {
        id: ROW,
        data: { ...DEAL, company_name: 'Acme', activity_count: 2 },
        createdBy: null,
      },
      actor: owner,
      now: NOW,
      recordId: ROW,
    });
    expect(deal.ok).toBe(true);
    if (deal.ok) expect(Object.keys(deal.data)).not.toContain('company_name');
    if (deal.ok) expect(Object.keys(deal.data)).not.toContain('activity_count');
  });

  it('keeps values of fields the definition no longer has', () => {
    const result = update({ notes: 'x' }, { existing: stored({ legacy: 'keep me' }) });
    expect(result).toMatchObject({ ok: true, data: { legacy: 'keep me' } });
  });
});

describe('prepareWrite: computed fields', () => {
  it('stores computed values, in field order, so a later one reads an earlier one', () => {
    expect(create({ title: 'Abc' })).toMatchObject({ data: { summary: 'Abc!', shout: 'ABC!' } });
    expect(update({ title: 'New' })).toMatchObject({ data: { summary: 'New!', shout: 'NEW!' } });
  });

  it('stores null when an evaluation fails (a value it reads is missing)', () => {
    expect(create({ title: 'Abc' })).toMatchObject({ data: { broken: null } });
    expect(create({ title: 'Abc', points: 3 })).toMatchObject({ data: { broken: 6 } });
  });

  it('computes the example app’s fields (full name, weighted value)', () => {
    const contact = prepareWrite({
      app: crmApp(),
      tableId: 'contacts',
      mode: 'create',
      values: { first_name: 'Ada', last_name: 'Lovelace', email: 'ADA@example.com' },
      actor: endUser('rep'),
      now: NOW,
      recordId: ROW,
    });
    expect(contact).toMatchObject({
      ok: true,
      data: { full_name: 'Ada Lovelace', email: 'ada@example.com', owner: ALICE },
    });
  });
});

describe('prepareWrite: validation rules', () => {
  it('reports each rule that fails on the final row, with its message and no field', () => {
    expect(create({ title: 'forbidden' })).toEqual({
      ok: false,
      status: 400,
      errors: [{ message: 'That title is not allowed.' }],
    });
    const contact = prepareWrite({
      app: crmApp(),
      tableId: 'contacts',
      mode: 'create',
      values: { first_name: 'Ada', last_name: 'Lovelace' },
      actor: owner,
      now: NOW,
      recordId: ROW,
    });
    expect(contact).toMatchObject({
      status: 400,
      errors: [{ message: 'Give an e-mail address or a phone number, so the contact can be reached.' }],
    });
  });
});

describe('prepareWrite: unique checks and changed fields', () => {
  it('lists unique fields with a value for the caller to check, and skips empty ones', () => {
    expect(create({ title: 'Abc', code: 'AB-1' })).toMatchObject({
      uniqueChecks: [{ fieldId: 'code', value: 'AB-1' }],
    });
    expect(create({ title: 'Abc' })).toMatchObject({ uniqueChecks: [] });
  });

  it('on update checks only unique fields it changes', () => {
    const existing = stored({ code: 'AB-1' });
    expect(update({ notes: 'x' }, { existing })).toMatchObject({ uniqueChecks: [] });
    expect(update({ code: 'AB-2' }, { existing })).toMatchObject({
      uniqueChecks: [{ fieldId: 'code', value: 'AB-2' }],
    });
  });

  it('names the fields that changed on update, computed ones included, not updated_at', () => {
    expect(update({ title: 'New', priority: 'low' })).toMatchObject({
      changedFields: ['title', 'summary', 'shout'],
    });
    expect(update({ priority: 'Low' })).toMatchObject({ changedFields: [] });
  });
});
