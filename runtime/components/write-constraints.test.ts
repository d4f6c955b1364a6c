import { describe, expect, it } from 'vitest';
import { inventoryApp, NOW, owner, ROW, taskApp } from './write.fixture.ts';
import { prepareWrite, type WriteInput } from './write.ts';

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
const update = (values: Record<string, unknown>) =>
  prepareWrite({
    app: taskApp(),
    tableId: 'tasks',
    mode: 'update',
    values,
    existing: { id: ROW, data: { title: 'Write it', status: 'todo', points: 99 }, createdBy: null },
    actor: owner,
    now: NOW,
    recordId: ROW,
  });
/** The error messages of a refused write (empty when it passes). */
const errors = (result: ReturnType<typeof prepareWrite>) => (result.ok ? [] : result.errors);

describe('prepareWrite: required fields', () => {
  it('on create, refuses a required field that is missing, null or blank', () => {
    for (const values of [{}, { title: null }, { title: '  ' }])
      expect(create(values)).toEqual({
        ok: false,
        status: 400,
        errors: [{ field: 'title', message: 'Title is required' }],
      });
  });

  it('on update, refuses clearing a required field but not leaving it out', () => {
    expect(errors(update({ title: '' }))).toEqual([{ field: 'title', message: 'Title is required' }]);
    expect(update({ notes: 'x' }).ok).toBe(true);
  });

  it('counts a default as a value (the inventory product needs no quantity to be given)', () => {
    const result = prepareWrite({
      app: inventoryApp(),
      tableId: 'products',
      mode: 'create',
      values: {
        sku: 'ABC-1234',
        name: 'Bolt',
        category: 'packaging',
        unit_cost: 1,
        unit_price: 2,
        discontinued: true,
      },
      actor: owner,
      now: NOW,
      recordId: ROW,
    });
    expect(result).toMatchObject({ ok: true, data: { quantity_on_hand: 0, reorder_level: 10 } });
  });

  it('reports all missing required fields at once', () => {
    const result = prepareWrite({
      app: inventoryApp(),
      tableId: 'products',
      mode: 'create',
      values: {},
      actor: owner,
      now: NOW,
      recordId: ROW,
    });
    expect(errors(result).map((error) => error.field)).toEqual([
      'sku',
      'name',
      'category',
      'unit_cost',
      'unit_price',
    ]);
  });
});

describe('prepareWrite: bounds', () => {
  it('holds numbers to min and max', () => {
    expect(errors(create({ title: 'Abc', points: 0 }))).toEqual([
      { field: 'points', message: 'Points must be at least 1' },
    ]);
    expect(errors(create({ title: 'Abc', points: 14 }))).toEqual([
      { field: 'points', message: 'Points must be at most 13' },
    ]);
    expect(create({ title: 'Abc', points: 13 }).ok).toBe(true);
  });

  it('holds dates and date-times to their bounds', () => {
    expect(errors(create({ title: 'Abc', due: '2025-12-31' }))).toEqual([
      { field: 'due', message: 'Due must be on or after 2026-01-01' },
    ]);
    expect(errors(create({ title: 'Abc', due: '2027-01-01' }))).toEqual([
      { field: 'due', message: 'Due must be on or before 2026-12-31' },
    ]);
    expect(errors(create({ title: 'Abc', starts: '2025-12-31T23:59:59+00:00' }))).toEqual([
      { field: 'starts', message: 'Starts must be at or after 2026-01-01T00:00:00Z' },
    ]);
    expect(create({ title: 'Abc', starts: '2026-01-01T01:00:00+01:00' }).ok).toBe(true);
  });

  it('holds durations to their bounds, shown in the display unit', () => {
    expect(errors(create({ title: 'Abc', estimate: '9h' }))).toEqual([
      { field: 'estimate', message: 'Estimate must be at most 8 hours' },
    ]);
    expect(create({ title: 'Abc', estimate: '8h' }).ok).toBe(true);
  });

  it('checks an update only on the fields it sets (an old out-of-range value may stay)', () => {
    expect(update({ notes: 'x' }).ok).toBe(true);
    expect(errors(update({ points: 20 }))).toEqual([
      { field: 'points', message: 'Points must be at most 13' },
    ]);
  });
});

describe('prepareWrite: text length and pattern', () => {
  it('holds text to minLength and maxLength, counting characters, not bytes', () => {
    expect(errors(create({ title: 'Ab' }))).toEqual([
      { field: 'title', message: 'Title must be at least 3 characters long (it has 2)' },
    ]);
    expect(errors(create({ title: 'x'.repeat(21) }))).toEqual([
      { field: 'title', message: 'Title must be at most 20 characters long (it has 21)' },
    ]);
    expect(create({ title: '😀'.repeat(20) }).ok).toBe(true);
  });

  it("uses the field's patternMessage when the pattern does not match", () => {
    expect(errors(create({ title: 'Abc', code: 'ab-12' }))).toEqual([
      { field: 'code', message: 'Code must look like AB-12' },
    ]);
    expect(create({ title: 'Abc', code: 'AB-12' }).ok).toBe(true);
  });

  it('names the pattern when there is no message', () => {
    expect(errors(create({ title: 'Abc', ref: 'X1' }))).toEqual([
      { field: 'ref', message: 'Reference must match the pattern ^R[0-9]+$' },
    ]);
  });

  it('checks the example SKU pattern with its own message', () => {
    const result = prepareWrite({
      app: inventoryApp(),
      tableId: 'products',
      mode: 'create',
      values: {
        sku: 'abc1234',
        name: 'Bolt',
        category: 'packaging',
        unit_cost: 1,
        unit_price: 2,
        discontinued: true,
      },
      actor: owner,
      now: NOW,
      recordId: ROW,
    });
    expect(errors(result)).toEqual([{ field: 'sku', message: 'SKU must look like ABC-1234' }]);
  });
});

describe('prepareWrite: multi-select counts', () => {
  it('holds a selection to minSelected and maxSelected', () => {
    expect(errors(create({ title: 'Abc', tags: ['a'] }))).toEqual([
      { field: 'tags', message: 'Tags needs at least 2 options chosen' },
    ]);
    expect(errors(create({ title: 'Abc', tags: 'A, B, C, D' }))).toEqual([
      { field: 'tags', message: 'Tags takes at most 3 options (4 chosen)' },
    ]);
    expect(create({ title: 'Abc', tags: ['a', 'b'] }).ok).toBe(true);
  });
});

describe('prepareWrite: all constraint errors together', () => {
  it('reports every broken constraint of the write in one answer', () => {
    expect(errors(create({ title: 'Ab', points: 20, code: 'zz' })).map((error) => error.field)).toEqual([
      'title',
      'code',
      'points',
    ]);
  });
});
