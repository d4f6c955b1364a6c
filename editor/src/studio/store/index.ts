export { selectCanRedo, selectCanUndo } from './history-slice.ts';
export { NO_PROBLEMS, type Problem, type Problems, placeProblems, problemFinder } from './problems.ts';
export { saveRequest } from './save-slice.ts';
export { selectIsSelected } from './selection-slice.ts';
export type {
  DefinitionSlice,
  HistoryEntry,
  HistorySlice,
  SaveSlice,
  SelectionSlice,
  StudioState,
  StudioStoreOptions,
  VersionsSlice,
} from './store-types.ts';
export { createStudioStore, type StudioStore } from './studio-store.ts';
