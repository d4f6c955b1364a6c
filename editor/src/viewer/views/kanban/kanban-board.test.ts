import { describe, expect, it } from 'vitest';
import { AppDefinition } from '../../../../../schemas/app/app-definition.ts';
import crmJson from '../../../../../schemas/examples/crm-lite.app.json' with { type: 'json' };
import {
  columnKeyOf,
  type GroupField,
  kanbanColumns,
  moveMessage,
  NO_VALUE,
  neighbourKey,
  valueOfColumn,
  withGroupValue,
} from './kanban-board.ts';

const crm = AppDefinition.parse(crmJson);
const stage = crm.tables.find((t) => t.id === 'deals')!.fields.find((f) => f.id === 'stage') as GroupField;
const rows = [
  { id: 'a', name: 'Alpha', stage: 'proposal' },
  { id: 'b', name: 'Beta', stage: 'lead' },
  { id: 'c', name: 'Gamma', stage: null },
  { id: 'd', name: 'Delta', stage: 'retired_option' },
  { id: 'e', name: 'Epsilon', stage: 'lead' },
];

describe('kanban columns', () => {
  it('has one column per option, in the field’s order, with its colour', () => {
    const columns = kanbanColumns(stage, rows);
    expect(columns.map((c) => c.key)).toEqual([
      'lead',
      'qualified',
      'proposal',
      'negotiation',
      'won',
      'lost',
      NO_VALUE,
    ]);
    expect(columns[0]).toMatchObject({ label: 'Lead', color: 'gray' });
    expect(columns[4]).toMatchObject({ label: 'Won', color: 'green' });
  });

  it('puts each card in its value’s column, keeping the order the rows came in', () => {
    const columns = kanbanColumns(stage, rows);
    expect(columns[0]!.rows.map((r) => r.id)).toEqual(['b', 'e']);
    expect(columns[2]!.rows.map((r) => r.id)).toEqual(['a']);
  });

  it('collects rows without a value, or with an option the field no longer has, under "No value"', () => {
    const none = kanbanColumns(stage, rows).at(-1)!;
    expect(none.label).toBe('No value');
    expect(none.rows.map((r) => r.id)).toEqual(['c', 'd']);
    expect(columnKeyOf(stage, rows[3]!)).toBe(NO_VALUE);
  });

  it('leaves out an empty "No value" column when the field is required (no card may go there)', () => {
    const required = { ...stage, required: true };
    const valued = rows.filter((r) => r.stage === 'lead' || r.stage === 'proposal');
    expect(kanbanColumns(required, valued).map((c) => c.key)).not.toContain(NO_VALUE);
    expect(kanbanColumns({ ...stage, required: false }, valued).map((c) => c.key)).toContain(NO_VALUE);
  });
});

describe('moving a card', () => {
  it('writes the option id, or null for "No value"', () => {
    expect(valueOfColumn('won')).toBe('won');
    expect(valueOfColumn(NO_VALUE)).toBeNull();
  });

  it('moves optimistically and snaps back to the value it had', () => {
    const moved = withGroupValue(rows, 'b', 'stage', 'won');
    expect(kanbanColumns(stage, moved)[4]!.rows.map((r) => r.id)).toEqual(['b']);
    const back = withGroupValue(moved, 'b', 'stage', 'lead');
    expect(kanbanColumns(stage, back)[0]!.rows.map((r) => r.id)).toEqual(['b', 'e']);
    expect(rows[1]!.stage).toBe('lead');
  });

  it('finds the column left and right of a card for the keyboard, and none past the ends', () => {
    const columns = kanbanColumns(stage, rows);
    expect(neighbourKey(columns, 'lead', 1)).toBe('qualified');
    expect(neighbourKey(columns, 'lead', -1)).toBeNull();
    expect(neighbourKey(columns, NO_VALUE, 1)).toBeNull();
  });

  it('says why a refused move snapped back, with the moves that are allowed', () => {
    expect(moveMessage('Alpha', 'Won', { ok: true })).toBe('Moved “Alpha” to Won.');
    expect(
      moveMessage('Beta', 'Won', {
        ok: false,
        reason: 'Cannot move from Lead to Won; allowed: Qualify (→ Qualified)',
        allowed: 'Qualify (→ Qualified)',
      }),
    ).toBe('“Beta” stays where it was: Cannot move from Lead to Won; allowed: Qualify (→ Qualified)');
    expect(moveMessage('Beta', 'Won', { ok: false, reason: 'Not allowed.', allowed: 'Qualify' })).toBe(
      '“Beta” stays where it was: Not allowed. Allowed moves: Qualify.',
    );
  });
});
