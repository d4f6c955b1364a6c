import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/api-error.ts';
import { useStudioStore, useStudioStoreApi } from '../canvas/store-context.tsx';
import type { StudioDefinition } from '../model/edit-result.ts';
import { saveRequest } from '../store/save-slice.ts';

export type SaveStatus =
  | { state: 'saved'; version: number | null }
  | { state: 'pending' }
  | { state: 'saving' }
  | { state: 'conflict' }
  | { state: 'error'; message: string }
  /** A reviewer's view: nothing is ever saved. */
  | { state: 'read-only'; version: number | null };

/**
 * Saves the draft a moment after the builder stops editing (one request in flight at a time), as
 * a new version the server checks against the version it started from. A 409 stops autosave and
 * says so: nothing another tab or agent saved is ever overwritten. `flush()` saves now (before
 * publishing) and resolves with the saved version. Off (`enabled` false) for a reviewer, who has
 * nothing to save: it never sends a request then, whatever the store holds.
 */
export function useAutosave(
  save: (definition: StudioDefinition, baseVersion: number) => Promise<{ currentVersion: number }>,
  { delayMs = 800, enabled = true }: { delayMs?: number; enabled?: boolean } = {},
) {
  const store = useStudioStoreApi();
  const dirty = useStudioStore((s) => s.dirty);
  const conflict = useStudioStore((s) => s.conflict);
  const version = useStudioStore((s) => s.baseVersion);
  const definition = useStudioStore((s) => s.definition);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef<Promise<number | null> | null>(null);

  const saveNow = useCallback(async (): Promise<number | null> => {
    if (!enabled) return null;
    if (inFlight.current) await inFlight.current;
    const request = saveRequest(store.getState());
    if (!request) return store.getState().conflict ? null : store.getState().baseVersion;
    const run = (async () => {
      setSaving(true);
      try {
        const saved = await save(request.definition, request.baseVersion);
        store.getState().markSaved(saved.currentVersion, request.definition);
        setError(null);
        return saved.currentVersion;
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) store.getState().markConflict();
        else setError(e instanceof Error ? e.message : 'Could not save');
        return null;
      } finally {
        setSaving(false);
        inFlight.current = null;
      }
    })();
    inFlight.current = run;
    return run;
  }, [enabled, save, store]);

  // Debounced: every edit restarts the wait. A failed save is retried by the next edit or flush.
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new `definition` restarts the wait
  useEffect(() => {
    if (!enabled || !dirty || conflict) return;
    const timer = setTimeout(() => void saveNow(), delayMs);
    return () => clearTimeout(timer);
  }, [definition, dirty, conflict, delayMs, saveNow, enabled]);

  // Leaving with unsaved edits: the browser asks first.
  useEffect(() => {
    if (!enabled || !dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty, enabled]);

  const status: SaveStatus = !enabled
    ? { state: 'read-only', version }
    : conflict
      ? { state: 'conflict' }
      : saving
        ? { state: 'saving' }
        : error
          ? { state: 'error', message: error }
          : dirty
            ? { state: 'pending' }
            : { state: 'saved', version };
  return { status, flush: saveNow };
}
