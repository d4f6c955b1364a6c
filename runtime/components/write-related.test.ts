import { describe, expect, it } from 'vitest';
import { inventoryApp, NOW, owner, ROW } from './write.fixture.ts';
import { prepareWrite } from './write.ts';
import {
  dependentsOf,
  hasRelatedFields,
  recomputeStoredFields,
  relationValuesAfter,
} from './write-related.ts';

// What the write side needs for lookups and rollups, on the inventory example: which relation
// values to load them through, which rows to compute again when related rows change, and how.

const SUPPLIER = '55555555-5555-4555-8555-555555555555';
const OTHER = '66666666-6666-4666-8666-666666666666';
const LINE = '77777777-7777-4777-8777-777777777777';

describe('relationValuesAfter', () => {
  const app = inventoryApp();

  it('takes the relations the lookups and rollups read: sent ones coerced, else stored ones', () => {
    const stored = { supplier: SUPPLIER, lines: [LINE], notes: 'x' };
    expect(relationValuesAfter(app, 'purchase_orders', { notes: 'y' }, stored)).toEqual({
      supplier: SUPPLIER,
      lines: [LINE],
    });
    expect(
      relationValuesAfter(app, 'purchase_orders', { supplier: ` ${OTHER.toUpperCase()} ` }, stored),
    ).toEqual({
      supplier: OTHER,
      lines: [LINE],
    });
    expect(relationValuesAfter(app, 'purchase_orders', { supplier: null }, stored)).toEqual({
      supplier: null,
      lines: [LINE],
    });
  });

  it('skips a value that does not coerce (prepareWrite refuses it) and unknown tables', () => {
    expect(relationValuesAfter(app, 'purchase_orders', { supplier: 'nope' })).toEqual({});
    expect(relationValuesAfter(app, 'nowhere', { supplier: SUPPLIER })).toEqual({});
  });
});

describe('dependentsOf', () => {
  it('names the tables whose stored computed fields read lookups or rollups through a relation', () => {
    const app = inventoryApp();
    // Orders compute their total from the lines' subtotal rollup; products roll up lines too
    // (units ordered), but no computed field of theirs reads it.
    expect(dependentsOf(app, 'order_lines')).toEqual([
      { tableId: 'purchase_orders', relationFieldId: 'lines' },
    ]);
    // Suppliers sum the orders' totals, but compute nothing from it.
    expect(dependentsOf(app, 'purchase_orders')).toEqual([]);
    expect(hasRelatedFields(app.tables.find((t) => t.id === 'order_lines'))).toBe(true);
    expect(hasRelatedFields(app.tables.find((t) => t.id === 'nowhere'))).toBe(false);
  });
});

describe('recomputeStoredFields and prepareWrite with related values', () => {
  const app = inventoryApp();
  const order = { supplier: SUPPLIER, status: 'draft', discount: 10, total: null, lines: [LINE] };

  it('gives the new data when a computed field changes, null when none does', () => {
    const input = { app, tableId: 'purchase_orders', row: { id: ROW, data: order }, actor: owner, now: NOW };
    const data = recomputeStoredFields({ ...input, related: { subtotal: 200, line_count: 1 } });
    expect(data).toEqual({ ...order, total: 180 });
    expect(
      recomputeStoredFields({ ...input, row: { id: ROW, data: data! }, related: { subtotal: 200 } }),
    ).toBeNull();
  });

  it('lets the submit guard read the line count, and stores the total from the subtotal', () => {
    const submit = (related: Record<string, unknown>) =>
      prepareWrite({
        app,
        tableId: 'purchase_orders',
        mode: 'update',
        values: { status: 'submitted' },
        existing: { id: ROW, data: order, createdBy: null },
        actor: owner,
        now: NOW,
        recordId: ROW,
        related,
      });
    expect(submit({ line_count: 0, subtotal: null })).toMatchObject({ ok: false, status: 409 });
    const result = submit({ line_count: 1, subtotal: 50 });
    expect(result).toMatchObject({ ok: true, data: { status: 'submitted', total: 45 } });
    if (result.ok) expect(result.data).not.toHaveProperty('line_count');
  });
});
