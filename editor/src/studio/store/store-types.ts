import type { ValidateOptions } from '../../../../runtime/definitions/index.ts';
import type { AppVersion } from '../../../../schemas/index.ts';
import type { Edit, EditResult, StudioDefinition } from '../model/edit-result.ts';
import type { Problems } from './problems.ts';

/** The open definition, its problems and how it is edited. */
export interface DefinitionSlice<D extends StudioDefinition> {
  definition: D;
  /** The validator's issues of `definition`, placed on nodes; recomputed (memoised) on every change. */
  problems: Problems;
  /**
   * Applies an edit and records it for undo. Edits with the same `coalesceKey` within the
   * coalescing window (typing a label) are one undo step. A refusal changes nothing.
   */
  apply(edit: Edit<D>, options?: { coalesceKey?: string }): EditResult<D>;
}

export interface HistoryEntry<D> {
  definition: D;
  coalesceKey?: string;
  /** When the entry was last extended, for coalescing. */
  at: number;
}

export interface HistorySlice<D extends StudioDefinition> {
  past: readonly HistoryEntry<D>[];
  future: readonly D[];
  undo(): void;
  redo(): void;
}

export interface SelectionSlice {
  /** Node ids, in the order they were selected. */
  selected: readonly string[];
  select(nodeIds: readonly string[], mode?: 'replace' | 'add' | 'toggle'): void;
  clearSelection(): void;
}

/** Debounced autosave against the server's version check. */
export interface SaveSlice<D extends StudioDefinition> {
  /** The version the draft was loaded or last saved as; a save sends it, and a newer one on the server is a 409. */
  baseVersion: number | null;
  /** The definition as the server has it at `baseVersion`. */
  savedDefinition: D;
  /** The definition differs from the saved one (undoing back to it makes it clean again). */
  dirty: boolean;
  /** Another tab or agent saved first: the UI must show it; autosave stops, nothing is overwritten. */
  conflict: boolean;
  markSaved(version: number, saved?: D): void;
  markConflict(): void;
  /** Replaces the draft with the server's (after a conflict, or on first load): history starts over. */
  loadDefinition(definition: D, version: number | null): void;
}

export interface VersionsSlice {
  /** The history list, newest first as the server sends it. */
  versions: readonly AppVersion[];
  /** Versions picked in the list, at most two (the last two picked). */
  chosen: readonly number[];
  /** The two chosen versions, older first, once two are chosen. */
  compared: { older: number; newer: number } | null;
  setVersions(versions: readonly AppVersion[]): void;
  /** Picks a version for the diff, or unpicks it when it was picked. */
  chooseVersion(version: number): void;
  compareVersions(a: number, b: number): void;
  clearComparison(): void;
}

export type StudioState<D extends StudioDefinition = StudioDefinition> = DefinitionSlice<D> &
  HistorySlice<D> &
  SelectionSlice &
  SaveSlice<D> &
  VersionsSlice;

export interface StudioStoreOptions {
  baseVersion?: number | null;
  /** Undo steps kept; older ones are dropped. */
  historyLimit?: number;
  /** Edits with the same coalesce key closer together than this are one undo step. */
  coalesceMs?: number;
  /** The clock, for coalescing (a port, so tests control time). */
  now?: () => number;
  /** Passed to the validator: the builder's apps, to check workflow record steps. */
  validate?: ValidateOptions;
}

/** What every slice shares: the options, resolved once, and the memoised validator. */
export interface StudioContext<D extends StudioDefinition> {
  historyLimit: number;
  coalesceMs: number;
  now: () => number;
  findProblems: (definition: D) => Problems;
}
