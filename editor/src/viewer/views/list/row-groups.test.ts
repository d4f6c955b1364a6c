import { describe, expect, it } from 'vitest';
import { groupRows } from './row-groups.ts';

const row = (id: string, stage: unknown) => ({ id, stage });

describe('groupRows: a grouped list’s headings', () => {
  it('starts a group where the value changes, keeping the order rows came in', () => {
    const groups = groupRows([row('1', 'lead'), row('2', 'lead'), row('3', 'won'), row('4', null)], 'stage');
    expect(groups.map((g) => [g.value, g.rows.map((r) => r.id)])).toEqual([
      ['lead', ['1', '2']],
      ['won', ['3']],
      [null, ['4']],
    ]);
  });
  it('treats a missing value like an empty one, and lists as values', () => {
    const groups = groupRows([{ id: '1' }, row('2', null), row('3', ['a']), row('4', ['a'])], 'stage');
    expect(groups.map((g) => g.rows.length)).toEqual([2, 2]);
  });
  it('is one group without a group field', () => {
    expect(groupRows([row('1', 'a'), row('2', 'b')], null)).toHaveLength(1);
  });
});
