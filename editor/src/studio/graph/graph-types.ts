import type { Edge, Node } from '@xyflow/react';
import type {
  AutomationAction,
  FieldType,
  StepKind,
  Trigger,
  ViewKind,
} from '../../../../schemas/definitions.ts';
import type { Cardinality } from '../model/field-defaults.ts';
import type { StepLink } from '../model/workflow-links.ts';

/** How a part differs between two versions, for the diff overlay (absent outside a diff). */
export type DiffMark = 'added' | 'removed' | 'changed' | 'unchanged';

/** Marks a table row shows next to the field's type icon. */
export type FieldMark = 'primary' | 'required' | 'unique' | 'readOnly' | 'derived' | 'state';

export type FieldRow = {
  id: string;
  label: string;
  type: FieldType;
  marks: FieldMark[];
  /** For a relation row: where it leads. */
  relation?: { targetTableId: string; cardinality: Cardinality };
  diff?: DiffMark;
};

export type TableNodeData = {
  tableId: string;
  label: string;
  description?: string;
  icon?: string;
  fields: FieldRow[];
  diff?: DiffMark;
};

export type ViewNodeData = {
  viewId: string;
  label: string;
  viewKind: ViewKind;
  tableId: string;
  /** The kind's key settings in words, e.g. `Columns from: Status`. */
  settings: { label: string; value: string }[];
  /** Whether end users reach it from the app's navigation. */
  inNavigation: boolean;
  diff?: DiffMark;
};

export type AutomationNodeData = {
  automationId: string;
  label: string;
  tableId: string;
  trigger: 'create' | 'update';
  /** Field labels an update trigger watches (absent: any field). */
  watches?: string[];
  conditional: boolean;
  enabled: boolean;
  /** One per action, each with the source handle its edge leaves from. */
  actions: { kind: AutomationAction['kind']; summary: string; handleId: string }[];
  diff?: DiffMark;
};

export type WorkflowRefNodeData = { workflowId: string; diff?: DiffMark };
export type RecipientNodeData = { recipient: 'role' | 'address'; label: string; diff?: DiffMark };

export type ConnectionUse = { id: string; label: string; provider: string };

export type TriggerNodeData = {
  triggerKind: Trigger['kind'];
  summary: string;
  connections: ConnectionUse[];
  diff?: DiffMark;
};

export type StepOutput = { handleId: StepLink; label: string; target?: string };

export type StepNodeData = {
  stepId: string;
  label: string;
  stepKind: StepKind;
  summary: string;
  isStart: boolean;
  /** The connections the step calls through (shown on the node). */
  connections: ConnectionUse[];
  /** Its source handles: next, on error, each branch, otherwise, the loop body. */
  outputs: StepOutput[];
  diff?: DiffMark;
};

export type TableNode = Node<TableNodeData, 'table'>;
export type ViewNode = Node<ViewNodeData, 'view'>;
export type AutomationNode = Node<AutomationNodeData, 'automation'>;
export type WorkflowRefNode = Node<WorkflowRefNodeData, 'workflowRef'>;
export type RecipientNode = Node<RecipientNodeData, 'recipient'>;
export type TriggerNode = Node<TriggerNodeData, 'trigger'>;
/** A step; a for-each is a group (`forEach`) whose body steps are its children (`parentId`). */
export type StepNode = Node<StepNodeData, 'step' | 'forEach'>;

export type AppNode = TableNode | ViewNode | AutomationNode | WorkflowRefNode | RecipientNode;
export type WorkflowNode = TriggerNode | StepNode;
export type StudioNode = AppNode | WorkflowNode;

export type RelationEdgeData = {
  tableId: string;
  fieldId: string;
  targetTableId: string;
  inverseFieldId?: string;
  cardinality: Cardinality;
  diff?: DiffMark;
};
export type LinkEdgeData = { diff?: DiffMark };
export type FlowEdgeData = { link: StepLink | 'start'; diff?: DiffMark };

export type RelationEdge = Edge<RelationEdgeData, 'relation'>;
/** A view to its table, an automation to its table, an action to what it acts on. */
export type LinkEdge = Edge<LinkEdgeData, 'view' | 'automation' | 'action'>;
/** Control flow between steps; `error` edges (on-error paths) are drawn differently. */
export type FlowEdge = Edge<FlowEdgeData, 'flow' | 'error'>;

export type StudioEdge = RelationEdge | LinkEdge | FlowEdge;

export interface StudioGraph {
  nodes: StudioNode[];
  edges: StudioEdge[];
}
