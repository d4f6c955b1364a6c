import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StudioDefinition } from '../model/edit-result.ts';
import { createDefinitionSlice } from './definition-slice.ts';
import { createHistorySlice } from './history-slice.ts';
import { problemFinder } from './problems.ts';
import { createSaveSlice } from './save-slice.ts';
import { createSelectionSlice } from './selection-slice.ts';
import type { StudioContext, StudioState, StudioStoreOptions } from './store-types.ts';
import { createVersionsSlice } from './versions-slice.ts';

export type StudioStore<D extends StudioDefinition = StudioDefinition> = StoreApi<StudioState<D>>;

/**
 * One store per open app or workflow (provided to its canvas through React context), built from
 * slices: definition (+ problems), history, selection, save state and versions. Vanilla zustand,
 * so it is tested without React and the canvas reads it with selectors.
 */
export function createStudioStore<D extends StudioDefinition>(
  initial: D,
  options: StudioStoreOptions = {},
): StudioStore<D> {
  const ctx: StudioContext<D> = {
    historyLimit: options.historyLimit ?? 100,
    coalesceMs: options.coalesceMs ?? 1000,
    now: options.now ?? Date.now,
    findProblems: problemFinder(options.validate),
  };
  return createStore<StudioState<D>>()((...a) => ({
    ...createDefinitionSlice(initial, ctx)(...a),
    ...createHistorySlice(ctx)(...a),
    ...createSelectionSlice<D>()(...a),
    ...createSaveSlice(initial, options.baseVersion ?? null, ctx)(...a),
    ...createVersionsSlice<D>()(...a),
  }));
}
