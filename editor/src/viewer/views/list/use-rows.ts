import { useCallback, useEffect, useState } from 'react';
import type { Row, ViewerClient } from '../../api/client.ts';

export interface RowsState {
  /** `loading` keeps the previous rows, so paging and sorting never blank the page. */
  status: 'loading' | 'ready' | 'error';
  rows: Row[];
  total: number | null;
  error: unknown;
}

/**
 * One page of rows for a query string, with the total count. An answer to an older query (the
 * person typed on, or paged again) is dropped, so the rows shown are always the last query's.
 */
export function useRows(client: ViewerClient, tableId: string, query: string | null) {
  const [state, setState] = useState<RowsState>({ status: 'loading', rows: [], total: null, error: null });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (query === null) return;
    let live = true;
    setState((previous) => ({ ...previous, status: 'loading', error: null }));
    // `attempt` is read so Retry runs the same query again.
    void attempt;
    client.rows(tableId, query, { count: true }).then(
      (page) => live && setState({ status: 'ready', rows: page.rows, total: page.total, error: null }),
      (error: unknown) => live && setState((previous) => ({ ...previous, status: 'error', error })),
    );
    return () => {
      live = false;
    };
  }, [client, tableId, query, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}
