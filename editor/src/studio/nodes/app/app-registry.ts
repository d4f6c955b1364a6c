import type { CanvasRegistry } from '../../canvas/registry.ts';
import { LinkEdgeView } from '../../edges/app/LinkEdge.tsx';
import { RelationEdgeView } from '../../edges/app/RelationEdge.tsx';
import { AutomationNodeView } from './automation/node.tsx';
import { AutomationPanel } from './automation/panel.tsx';
import { RecipientNodeView } from './recipient/node.tsx';
import { RecipientPanel } from './recipient/panel.tsx';
import { TableNodeView } from './table/node.tsx';
import { TablePanel } from './table/panel.tsx';
import { ViewNodeView } from './view/node.tsx';
import { ViewPanel } from './view/panel.tsx';
import { WorkflowRefNodeView } from './workflowRef/node.tsx';
import { WorkflowRefPanel } from './workflowRef/panel.tsx';

/**
 * How an app's canvas draws and inspects its parts: one line per node type, edge type and
 * panel (types as `appGraph` names them). Module-level, so React Flow sees the same objects on
 * every render.
 */
export const appRegistry: CanvasRegistry = {
  nodeTypes: {
    table: TableNodeView,
    view: ViewNodeView,
    automation: AutomationNodeView,
    workflowRef: WorkflowRefNodeView,
    recipient: RecipientNodeView,
  },
  edgeTypes: {
    relation: RelationEdgeView,
    view: LinkEdgeView,
    automation: LinkEdgeView,
    action: LinkEdgeView,
  },
  panels: {
    table: TablePanel,
    view: ViewPanel,
    automation: AutomationPanel,
    workflowRef: WorkflowRefPanel,
    recipient: RecipientPanel,
  },
};
