import type { ChangeEntity } from '../../../../runtime/definitions/diff-change.ts';
import type { StudioDefinition } from '../model/edit-result.ts';

/**
 * Canvas ids, derived from definition ids so a node keeps its id (and its remembered position,
 * its selection) through renames, edits and undo. One place, so the graph, the store's problems
 * and the selection agree.
 */
export const tableNodeId = (tableId: string) => `table:${tableId}`;
export const viewNodeId = (viewId: string) => `view:${viewId}`;
export const automationNodeId = (automationId: string) => `automation:${automationId}`;
export const stepNodeId = (stepId: string) => `step:${stepId}`;
export const TRIGGER_NODE_ID = 'trigger';
/** A workflow an automation starts: not part of this app, shown as a small reference node. */
export const workflowRefNodeId = (workflowId: string) => `workflow:${workflowId}`;
/** Who a notification goes to (a role, an address), shared by the automations that notify them. */
export const recipientNodeId = (kind: 'role' | 'address', key: string) => `recipient:${kind}:${key}`;

/** A field row's handles: relations leave from `out` and arrive at `in`. */
export function fieldHandleId(fieldId: string, side: 'source' | 'target'): string {
  return `field:${fieldId}:${side === 'source' ? 'out' : 'in'}`;
}

/** The field a row handle belongs to, or undefined for another handle. */
export function fieldOfHandle(handleId: string | null | undefined): string | undefined {
  const match = /^field:(.+):(out|in)$/.exec(handleId ?? '');
  return match?.[1];
}

export type NodeEntity = 'table' | 'view' | 'automation' | 'step' | 'trigger' | 'workflow' | 'recipient';

export function parseNodeId(nodeId: string): { entity: NodeEntity; id: string } | undefined {
  if (nodeId === TRIGGER_NODE_ID) return { entity: 'trigger', id: TRIGGER_NODE_ID };
  const at = nodeId.indexOf(':');
  if (at < 0) return undefined;
  const entity = nodeId.slice(0, at) as NodeEntity;
  const known: NodeEntity[] = ['table', 'view', 'automation', 'step', 'workflow', 'recipient'];
  return known.includes(entity) ? { entity, id: nodeId.slice(at + 1) } : undefined;
}

/** The node that shows an entity of the definition (the table's node for a field), if any. */
export function nodeIdOf(entity: ChangeEntity, id: string | undefined, tableId?: string): string | undefined {
  switch (entity) {
    case 'table':
      return id === undefined ? undefined : tableNodeId(id);
    case 'field':
      return tableId === undefined ? undefined : tableNodeId(tableId);
    case 'view':
    case 'navigation':
      return id === undefined ? undefined : viewNodeId(id);
    case 'automation':
      return id === undefined ? undefined : automationNodeId(id);
    case 'step':
      return id === undefined ? undefined : stepNodeId(id);
    case 'trigger':
      return TRIGGER_NODE_ID;
    default:
      return undefined;
  }
}

/** Every node id the definition's own parts have (not reference or recipient nodes). */
export function definitionNodeIds(definition: StudioDefinition): Set<string> {
  if (definition.kind === 'workflow')
    return new Set([TRIGGER_NODE_ID, ...definition.steps.map((step) => stepNodeId(step.id))]);
  return new Set([
    ...definition.tables.map((table) => tableNodeId(table.id)),
    ...definition.views.map((view) => viewNodeId(view.id)),
    ...definition.automations.map((automation) => automationNodeId(automation.id)),
  ]);
}

/** Selected node ids as the parts copy, delete and the inspector work on. */
export function selectionOf(nodeIds: Iterable<string>): {
  tables: string[];
  views: string[];
  automations: string[];
  steps: string[];
} {
  const picked = {
    tables: [] as string[],
    views: [] as string[],
    automations: [] as string[],
    steps: [] as string[],
  };
  for (const nodeId of nodeIds) {
    const parsed = parseNodeId(nodeId);
    if (parsed?.entity === 'table') picked.tables.push(parsed.id);
    if (parsed?.entity === 'view') picked.views.push(parsed.id);
    if (parsed?.entity === 'automation') picked.automations.push(parsed.id);
    if (parsed?.entity === 'step') picked.steps.push(parsed.id);
  }
  return picked;
}
