import { useCallback, useEffect, useRef, useState } from 'react';

export type Load<T> =
  | { status: 'loading'; data: T | undefined; error: null }
  | { status: 'ready'; data: T; error: null }
  | { status: 'error'; data: T | undefined; error: unknown };

/**
 * Loads once per `key` (and again on `reload`), dropping answers to requests that a newer key or
 * reload has replaced, so a slow old answer never overwrites a newer one. `setData` changes what
 * was loaded (an optimistic move, a saved edit) without a round trip.
 */
export function useLoad<T>(key: string, load: () => Promise<T>) {
  const [state, setState] = useState<Load<T>>({ status: 'loading', data: undefined, error: null });
  const [round, setRound] = useState(0);
  const loader = useRef(load);
  loader.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` and `round` are what trigger a load
  useEffect(() => {
    let current = true;
    setState((previous) => ({ status: 'loading', data: previous.data, error: null }));
    loader.current().then(
      (data) => current && setState({ status: 'ready', data, error: null }),
      (error: unknown) =>
        current && setState((previous) => ({ status: 'error', data: previous.data, error })),
    );
    return () => {
      current = false;
    };
  }, [key, round]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  const setData = useCallback(
    (update: (data: T) => T) =>
      setState((previous) =>
        previous.data === undefined ? previous : ({ ...previous, data: update(previous.data) } as Load<T>),
      ),
    [],
  );
  return { ...state, reload, setData };
}
