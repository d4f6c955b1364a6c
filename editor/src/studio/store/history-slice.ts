import type { StateCreator } from 'zustand/vanilla';
import type { StudioDefinition } from '../model/edit-result.ts';
import { withDefinition } from './definition-slice.ts';
import type { HistorySlice, StudioContext, StudioState } from './store-types.ts';

/**
 * Undo and redo across every kind of edit: the history holds whole definitions, which cost
 * little because edits share every part they do not change. Bounded by `historyLimit`.
 */
export function createHistorySlice<D extends StudioDefinition>(
  ctx: StudioContext<D>,
): StateCreator<StudioState<D>, [], [], HistorySlice<D>> {
  return (set, get) => ({
    past: [],
    future: [],
    undo() {
      const state = get();
      const last = state.past.at(-1);
      if (!last) return;
      set({
        ...withDefinition(state, last.definition, ctx),
        past: state.past.slice(0, -1),
        future: [state.definition, ...state.future],
      });
    },
    redo() {
      const state = get();
      const [next, ...rest] = state.future;
      if (next === undefined) return;
      set({
        ...withDefinition(state, next, ctx),
        // A redone step is never coalesced with the edit that follows it.
        past: [...state.past, { definition: state.definition, at: Number.NEGATIVE_INFINITY }].slice(
          -ctx.historyLimit,
        ),
        future: rest,
      });
    },
  });
}

export const selectCanUndo = (state: StudioState) => state.past.length > 0;
export const selectCanRedo = (state: StudioState) => state.future.length > 0;
