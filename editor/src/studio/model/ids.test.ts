import { describe, expect, it } from 'vitest';
import { Id } from '../../../../schemas/definitions.ts';
import { checkLabel, idFromLabel, uniqueId, uniqueLabel } from './ids.ts';

describe('ids for new parts', () => {
  it('derives a valid id from any label, accents, digits and reserved words included', () => {
    for (const label of [
      'Due date',
      'Crème brûlée',
      '2024 budget',
      '   ',
      'in',
      'Ünïcode & symbols!',
      'x'.repeat(200),
    ]) {
      const id = idFromLabel(label, 'field');
      expect(Id.safeParse(id).success, `${label} → ${id}`).toBe(true);
    }
    expect(idFromLabel('Due date', 'field')).toBe('due_date');
    expect(idFromLabel('2024 budget', 'table')).toBe('table_2024_budget');
  });

  it('never reuses a taken id, and stays within 64 characters', () => {
    expect(uniqueId('title', ['title', 'title_2'])).toBe('title_3');
    const long = 'a'.repeat(64);
    const next = uniqueId(long, [long]);
    expect(next).toHaveLength(64);
    expect(next.endsWith('_2')).toBe(true);
  });

  it('numbers a label a sibling already uses, ignoring case', () => {
    expect(uniqueLabel('Table', ['table', 'Table 2'])).toBe('Table 3');
    expect(uniqueLabel('Orders', ['Customers'])).toBe('Orders');
  });

  it('refuses an empty or too long name with the schema message', () => {
    expect(checkLabel('  ')).toEqual({ ok: false, reason: 'A name must not be empty.' });
    expect(checkLabel('x'.repeat(121)).ok).toBe(false);
    expect(checkLabel('  Recipes ')).toEqual({ ok: true, label: 'Recipes' });
  });
});
