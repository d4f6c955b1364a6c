import { z } from 'zod';
import { FilterCondition, type SortKey } from '../../../../../schemas/app/filters.ts';

/**
 * What a person did to a list (page, column sort, search, filters), kept in the page's address
 * (`?p=2&sort=amount.desc&q=acme&f=[…]`) so Back from a row returns to the same place and a
 * copied link shows the same rows. Read with Zod: an address is typed by people and may be anything.
 */

export interface ListState {
  /** 0-based. */
  page: number;
  sort: SortKey | null;
  search: string;
  filters: FilterCondition[];
}

export const EMPTY_LIST_STATE: ListState = { page: 0, sort: null, search: '', filters: [] };

const Filters = z.array(FilterCondition).max(20);

export function readListState(search: string): ListState {
  const params = new URLSearchParams(search);
  const page = Number(params.get('p'));
  const sortMatch = /^([A-Za-z][A-Za-z0-9_]{0,63})\.(asc|desc)$/.exec(params.get('sort') ?? '');
  let filters: FilterCondition[] = [];
  const rawFilters = params.get('f');
  if (rawFilters) {
    try {
      const parsed = Filters.safeParse(JSON.parse(rawFilters));
      if (parsed.success) filters = parsed.data;
    } catch {
      // Not JSON: no filters, rather than a broken page.
    }
  }
  return {
    page: Number.isInteger(page) && page > 1 ? page - 1 : 0,
    sort: sortMatch ? { fieldId: sortMatch[1]!, direction: sortMatch[2] as 'asc' | 'desc' } : null,
    search: (params.get('q') ?? '').slice(0, 200),
    filters,
  };
}

/** The query string for a state (`''` for the untouched list), keeping parameters that are not the list's. */
export function writeListState(state: ListState, current = ''): string {
  const params = new URLSearchParams(current);
  for (const key of ['p', 'sort', 'q', 'f']) params.delete(key);
  if (state.page > 0) params.set('p', String(state.page + 1));
  if (state.sort) params.set('sort', `${state.sort.fieldId}.${state.sort.direction}`);
  if (state.search.trim()) params.set('q', state.search);
  if (state.filters.length) params.set('f', JSON.stringify(state.filters));
  const text = params.toString();
  return text ? `?${text}` : '';
}
