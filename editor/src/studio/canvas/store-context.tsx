import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppDefinition, WorkflowDefinition } from '../../../../schemas/definitions.ts';
import type { StudioDefinition } from '../model/edit-result.ts';
import type { StudioState } from '../store/store-types.ts';
import type { StudioStore } from '../store/studio-store.ts';

const StoreContext = createContext<StudioStore | null>(null);

/** Gives the canvas, its nodes and its panels the store of the one definition open in this page. */
export function StudioStoreProvider({ store, children }: { store: StudioStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useStudioStoreApi<D extends StudioDefinition = StudioDefinition>(): StudioStore<D> {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStudioStoreApi must be used inside <StudioStoreProvider>');
  return store as unknown as StudioStore<D>;
}

/** Reads the open definition's store with a selector (re-renders only when the selection changes). */
export function useStudioStore<T, D extends StudioDefinition = StudioDefinition>(
  selector: (state: StudioState<D>) => T,
): T {
  return useStore(useStudioStoreApi<D>(), selector);
}

/** The same, typed for an app's canvas (its nodes and panels). */
export const useAppStore = <T,>(selector: (state: StudioState<AppDefinition>) => T): T =>
  useStudioStore<T, AppDefinition>(selector);

/** The same, typed for a workflow's canvas. */
export const useWorkflowStore = <T,>(selector: (state: StudioState<WorkflowDefinition>) => T): T =>
  useStudioStore<T, WorkflowDefinition>(selector);
