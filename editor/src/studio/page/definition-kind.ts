import type { Connection, XYPosition } from '@xyflow/react';
import type { ComponentType, ReactNode } from 'react';
import type { CanvasRegistry } from '../canvas/registry.ts';
import type { StudioGraph } from '../graph/graph-types.ts';
import type { StudioClipboard } from '../model/clipboard.ts';
import type { EditResult, StudioDefinition } from '../model/edit-result.ts';

/**
 * What differs between the app canvas and the workflow canvas; everything else (autosave,
 * history, selection, shortcuts, problems, versions and diffs) is one page, `DefinitionStudio`.
 */
export interface DefinitionKind<D extends StudioDefinition> {
  /** "app" or "workflow", for messages. */
  noun: string;
  registry: CanvasRegistry;
  graph(definition: D): StudioGraph;
  /** The palette; `onAdded` gets the node an item added (the page selects and reveals it). */
  Palette: ComponentType<{ onAdded: (nodeId: string | undefined) => void }>;
  /** Shown in the inspector when nothing is selected; `readOnly` for a reviewer. */
  Settings: ComponentType<{ id: string; readOnly: boolean }>;
  /** Deleting the selected nodes, as one edit (its `removed` list is shown before it applies). */
  remove(definition: D, nodeIds: readonly string[]): EditResult<D>;
  copy(definition: D, nodeIds: readonly string[]): StudioClipboard;
  paste(definition: D, clip: StudioClipboard): EditResult<D>;
  /** A palette item dropped at a position, or clicked (no position): added beside the selection. */
  add(definition: D, itemId: string, selected: readonly string[]): EditResult<D>;
  /**
   * Two handles joined on the canvas: an edit, or null when the kind needs to ask something first
   * (a relation's cardinality) and shows its own dialog via `connectDialog`.
   */
  connect(definition: D, connection: Connection): EditResult<D> | null;
  /** A dialog the kind opens for a pending connection (null when none is pending). */
  ConnectDialog?: ComponentType<{ connection: Connection | null; onClose: () => void }>;
  /** Shown over an empty canvas (a definition with nothing to draw yet). */
  Empty?: ComponentType;
  /**
   * Wraps the canvas, side panel and header in the kind's own context (e.g. whether the app has
   * published data, the workflow run shown on the canvas).
   */
  Context?: ComponentType<{ id: string; readOnly: boolean; children: ReactNode }>;
  /** The kind's own header actions, after the page's (a workflow's status, activate, test run). */
  Actions?: ComponentType<KindTools>;
  /** Side-panel tabs after Inspect, Problems and History (a workflow's runs). */
  sideTabs?: readonly KindSideTab[];
}

/** What the page lends a kind's own header actions and side tabs. */
export interface KindTools {
  id: string;
  /** A reviewer's view (or a diff): nothing may change. */
  readOnly: boolean;
  /** Saves the draft now; its version, or null when it could not be saved. */
  flush: () => Promise<number | null>;
  /** Selects and reveals the node a definition path is about (a review finding's path). */
  showPath: (path: string) => void;
  /** Selects a node and opens the inspector on it. */
  showNode: (nodeId: string) => void;
  /** Opens a side tab: `inspect`, `problems`, `history` or one of the kind's `sideTabs` ids. */
  showTab: (tab: string) => void;
}

export interface KindSideTab {
  /** Stable id, e.g. `runs`. */
  id: string;
  label: string;
  Panel: ComponentType<KindTools>;
}

export type DroppedAt = { itemId: string; position?: XYPosition };
