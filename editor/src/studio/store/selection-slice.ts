import type { StateCreator } from 'zustand/vanilla';
import type { StudioDefinition } from '../model/edit-result.ts';
import type { SelectionSlice, StudioState } from './store-types.ts';

/** Which nodes are selected (several, with Shift or a drag box); the inspector and copy read it. */
export function createSelectionSlice<D extends StudioDefinition>(): StateCreator<
  StudioState<D>,
  [],
  [],
  SelectionSlice
> {
  return (set, get) => ({
    selected: [],
    select(nodeIds, mode = 'replace') {
      const current = get().selected;
      if (mode === 'replace') return set({ selected: [...new Set(nodeIds)] });
      if (mode === 'add') return set({ selected: [...new Set([...current, ...nodeIds])] });
      const toggled = new Set(current);
      for (const id of nodeIds) {
        if (toggled.has(id)) toggled.delete(id);
        else toggled.add(id);
      }
      set({ selected: [...toggled] });
    },
    clearSelection() {
      if (get().selected.length) set({ selected: [] });
    },
  });
}

/** A stable answer for a node's own selector: re-renders only when its own selection flips. */
export const selectIsSelected = (nodeId: string) => (state: StudioState) => state.selected.includes(nodeId);
