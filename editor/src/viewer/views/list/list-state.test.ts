import { describe, expect, it } from 'vitest';
import { EMPTY_LIST_STATE, readListState, writeListState } from './list-state.ts';

describe('the list’s state in the address', () => {
  it('round-trips page, sort, search and filters', () => {
    const state = {
      page: 2,
      sort: { fieldId: 'amount', direction: 'desc' as const },
      search: 'acme & co',
      filters: [{ fieldId: 'stage', op: 'in' as const, value: ['lead', 'won'] }],
    };
    const search = writeListState(state);
    expect(search).toContain('p=3');
    expect(readListState(search)).toEqual(state);
  });

  it('writes nothing for an untouched list, and keeps other parameters', () => {
    expect(writeListState(EMPTY_LIST_STATE)).toBe('');
    expect(writeListState({ ...EMPTY_LIST_STATE, search: 'x' }, '?utm=1&p=4')).toBe('?utm=1&q=x');
  });

  it('ignores what is not a state instead of breaking the page', () => {
    expect(readListState('?p=-3&sort=amount.sideways&f=not-json')).toEqual(EMPTY_LIST_STATE);
    expect(readListState('?p=2.5&f=[{"fieldId":"a","op":"explode"}]')).toEqual(EMPTY_LIST_STATE);
    expect(readListState('?sort=1bad.asc').sort).toBeNull();
  });
});
