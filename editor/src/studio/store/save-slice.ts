import type { StateCreator } from 'zustand/vanilla';
import type { StudioDefinition } from '../model/edit-result.ts';
import { withDefinition } from './definition-slice.ts';
import type { SaveSlice, StudioContext, StudioState } from './store-types.ts';

/**
 * The draft's save state for debounced autosave. The server checks `baseVersion`: a 409 means
 * someone saved first, and the studio shows it instead of overwriting their work.
 */
export function createSaveSlice<D extends StudioDefinition>(
  initial: D,
  baseVersion: number | null,
  ctx: StudioContext<D>,
): StateCreator<StudioState<D>, [], [], SaveSlice<D>> {
  return (set, get) => ({
    baseVersion,
    savedDefinition: initial,
    dirty: false,
    conflict: false,
    markSaved(version, saved) {
      const state = get();
      // Edits made while the save was on its way stay dirty: only what was sent is saved.
      const savedDefinition = saved ?? state.definition;
      set({
        baseVersion: version,
        savedDefinition,
        dirty: state.definition !== savedDefinition,
        conflict: false,
      });
    },
    markConflict() {
      set({ conflict: true });
    },
    loadDefinition(definition, version) {
      const state = get();
      set({
        ...withDefinition({ ...state, savedDefinition: definition }, definition, ctx),
        savedDefinition: definition,
        baseVersion: version,
        dirty: false,
        conflict: false,
        past: [],
        future: [],
      });
    },
  });
}

/** What autosave should send now, or null when there is nothing to send (or it must not). */
export function saveRequest<D extends StudioDefinition>(
  state: Pick<StudioState<D>, 'dirty' | 'conflict' | 'baseVersion' | 'definition'>,
): { definition: D; baseVersion: number } | null {
  if (!state.dirty || state.conflict || state.baseVersion === null) return null;
  return { definition: state.definition, baseVersion: state.baseVersion };
}
