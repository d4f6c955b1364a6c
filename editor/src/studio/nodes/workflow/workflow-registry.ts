import type { CanvasRegistry } from '../../canvas/registry.ts';
import { ErrorEdgeComponent } from '../../edges/workflow/ErrorEdge.tsx';
import { FlowEdgeComponent } from '../../edges/workflow/FlowEdge.tsx';
import { ForEachNodeComponent } from './for-each/node.tsx';
import { ForEachPanel } from './for-each/panel.tsx';
import { StepNodeComponent } from './step/node.tsx';
import { StepPanel } from './step/panel.tsx';
import { TriggerNodeComponent } from './trigger/node.tsx';
import { TriggerPanel } from './trigger/panel.tsx';

/**
 * The workflow canvas: one node type per folder (trigger, step, for-each group), the two kinds
 * of link (control flow, on-error path), and each node type's inspector. Defined once at module
 * level: React Flow re-creates every node when `nodeTypes` changes identity.
 */
export const workflowRegistry: CanvasRegistry = {
  nodeTypes: {
    trigger: TriggerNodeComponent,
    step: StepNodeComponent,
    forEach: ForEachNodeComponent,
  },
  edgeTypes: {
    flow: FlowEdgeComponent,
    error: ErrorEdgeComponent,
  },
  panels: {
    trigger: TriggerPanel,
    step: StepPanel,
    forEach: ForEachPanel,
  },
};
