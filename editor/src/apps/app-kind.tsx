import type { Connection } from '@xyflow/react';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import { useAppStore } from '../studio/canvas/store-context.tsx';
import { appGraph } from '../studio/graph/app-graph.ts';
import { nodeIdOf, selectionOf } from '../studio/graph/node-ids.ts';
import { type CreatedEntity, refused } from '../studio/model/edit-result.ts';
import { copyFromApp, pasteIntoApp, removeFromApp } from '../studio/model/index.ts';
import { appRegistry } from '../studio/nodes/app/app-registry.ts';
import { RelationConnectDialog } from '../studio/nodes/app/RelationConnectDialog.tsx';
import { relationEnds } from '../studio/nodes/app/relation-connect.ts';
import type { DefinitionKind } from '../studio/page/definition-kind.ts';
import { AppPalette } from '../studio/palette/app/AppPalette.tsx';
import { addFromPalette, paletteTable } from '../studio/palette/app/add-from-palette.ts';
import { AppEmptyState } from './AppEmptyState.tsx';
import { AppSettingsPanel } from './AppSettingsPanel.tsx';

function Palette({ onAdded }: { onAdded: (nodeId: string | undefined) => void }) {
  return <AppPalette onAdded={(result) => onAdded(firstNode(result.created))} />;
}

function Settings({ id, readOnly }: { id: string; readOnly: boolean }) {
  return <AppSettingsPanel appId={id} readOnly={readOnly} />;
}

/**
 * The app canvas: tables, views and automations, relations drawn between field rows. The page
 * wraps it in `AppCanvasProvider` (whether the app has published data).
 */
export const appKind: DefinitionKind<AppDefinition> = {
  noun: 'app',
  registry: appRegistry,
  graph: appGraph,
  Palette,
  Settings,
  remove: (app, nodeIds) => {
    const picked = selectionOf(nodeIds);
    if (picked.tables.length + picked.views.length + picked.automations.length === 0)
      return refused('Select a table, view or automation to delete it.');
    return removeFromApp(app, picked);
  },
  copy: (app, nodeIds) => copyFromApp(app, selectionOf(nodeIds)),
  paste: pasteIntoApp,
  add: (app, itemId, selected) => {
    const tableId = paletteTable(app, selected);
    return addFromPalette(app, itemId, tableId ? { tableId } : {});
  },
  // A relation needs its cardinality first: the dialog below asks, then applies it.
  connect: (app, connection) => {
    const ends = relationEnds(app, connection);
    return ends.ok ? null : refused(ends.reason);
  },
  ConnectDialog: RelationDialog,
  Empty: AppEmptyState,
};

function RelationDialog({ connection, onClose }: { connection: Connection | null; onClose: () => void }) {
  const app = useAppStore((s) => s.definition);
  const found = connection ? relationEnds(app, connection) : null;
  return <RelationConnectDialog ends={found?.ok ? found.ends : null} onClose={onClose} />;
}

/** The node an add created (a field's node is its table's). */
export function firstNode(created: readonly CreatedEntity[]): string | undefined {
  const first = created[0];
  return first ? nodeIdOf(first.entity, first.id, first.tableId) : undefined;
}
