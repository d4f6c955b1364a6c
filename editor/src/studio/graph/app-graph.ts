import {
  type AppDefinition,
  DERIVED_FIELD_TYPES,
  type Field,
  type Table,
} from '../../../../schemas/definitions.ts';
import { actionSummary, viewSettingsSummary } from './app-summaries.ts';
import type {
  AppNode,
  AutomationNode,
  FieldMark,
  FieldRow,
  LinkEdge,
  RecipientNode,
  RelationEdge,
  StudioEdge,
  StudioGraph,
  TableNode,
  ViewNode,
  WorkflowRefNode,
} from './graph-types.ts';
import {
  automationNodeId,
  fieldHandleId,
  recipientNodeId,
  tableNodeId,
  viewNodeId,
  workflowRefNodeId,
} from './node-ids.ts';

const ORIGIN = { x: 0, y: 0 };

function fieldRow(table: Table, field: Field): FieldRow {
  const marks: FieldMark[] = [];
  if (table.primaryFieldId === field.id) marks.push('primary');
  if (field.required) marks.push('required');
  if (field.unique) marks.push('unique');
  if (field.readOnly) marks.push('readOnly');
  if (DERIVED_FIELD_TYPES.has(field.type)) marks.push('derived');
  if (table.stateMachine?.fieldId === field.id) marks.push('state');
  return {
    id: field.id,
    label: field.label,
    type: field.type,
    marks,
    ...(field.type === 'relation'
      ? { relation: { targetTableId: field.targetTableId, cardinality: field.cardinality } }
      : {}),
  };
}

export function tableNode(table: Table): TableNode {
  return {
    id: tableNodeId(table.id),
    type: 'table',
    position: ORIGIN,
    data: {
      tableId: table.id,
      label: table.label,
      ...(table.description ? { description: table.description } : {}),
      ...(table.icon ? { icon: table.icon } : {}),
      fields: table.fields.map((field) => fieldRow(table, field)),
    },
  };
}

/**
 * One edge per relation, from the relation's own row to the row of its other side (the target's
 * primary row when it has none), labelled with its cardinality. A relation and its inverse are
 * one connection between two rows, so the pair is drawn once, from the side listed first.
 */
function relationEdges(app: AppDefinition): RelationEdge[] {
  const tables = new Map(app.tables.map((table) => [table.id, table]));
  const drawn = new Set<string>();
  const edges: RelationEdge[] = [];
  for (const table of app.tables) {
    for (const field of table.fields) {
      if (field.type !== 'relation' || drawn.has(`${table.id}.${field.id}`)) continue;
      const target = tables.get(field.targetTableId);
      if (!target) continue;
      const inverse = target.fields.find((candidate) => candidate.id === field.inverseFieldId);
      const paired = inverse?.type === 'relation' && inverse.targetTableId === table.id ? inverse : undefined;
      if (paired) drawn.add(`${target.id}.${paired.id}`);
      edges.push({
        id: `relation:${table.id}.${field.id}`,
        type: 'relation',
        source: tableNodeId(table.id),
        sourceHandle: fieldHandleId(field.id, 'source'),
        target: tableNodeId(target.id),
        targetHandle: fieldHandleId(paired?.id ?? target.primaryFieldId, 'target'),
        label: field.cardinality.replaceAll('_', '-'),
        data: {
          tableId: table.id,
          fieldId: field.id,
          targetTableId: target.id,
          ...(paired ? { inverseFieldId: paired.id } : {}),
          cardinality: field.cardinality,
        },
      });
    }
  }
  return edges;
}

/**
 * React Flow nodes and edges for an app: a node per table (its fields as rows with type and
 * constraint marks), relation edges between the exact rows, a node per view attached to its
 * table, and automations from their table to what they do — the table they update, the
 * workflow they start, or whom they notify. Positions are all at the origin: see `layout.ts`.
 */
export function appGraph(app: AppDefinition): StudioGraph {
  const nodes: AppNode[] = app.tables.map(tableNode);
  const edges: StudioEdge[] = relationEdges(app);
  const tableIds = new Set(app.tables.map((table) => table.id));
  const navigation = new Set(app.navigation.map((item) => item.viewId));

  for (const view of app.views) {
    const table = app.tables.find((t) => t.id === view.tableId);
    const node: ViewNode = {
      id: viewNodeId(view.id),
      type: 'view',
      position: ORIGIN,
      data: {
        viewId: view.id,
        label: view.label,
        viewKind: view.kind,
        tableId: view.tableId,
        settings: viewSettingsSummary(view, table),
        inNavigation: navigation.has(view.id),
      },
    };
    nodes.push(node);
    if (tableIds.has(view.tableId))
      edges.push({
        id: `view-of:${view.id}`,
        type: 'view',
        source: tableNodeId(view.tableId),
        target: node.id,
        data: {},
      });
  }

  const extra = new Map<string, WorkflowRefNode | RecipientNode>();
  for (const automation of app.automations) {
    const id = automationNodeId(automation.id);
    const watched = automation.trigger.on === 'update' ? automation.trigger.watchFields : undefined;
    const table = app.tables.find((t) => t.id === automation.tableId);
    const node: AutomationNode = {
      id,
      type: 'automation',
      position: ORIGIN,
      data: {
        automationId: automation.id,
        label: automation.label,
        tableId: automation.tableId,
        trigger: automation.trigger.on,
        ...(watched
          ? { watches: watched.map((f) => table?.fields.find((x) => x.id === f)?.label ?? f) }
          : {}),
        conditional: automation.condition !== undefined,
        enabled: automation.enabled !== false,
        actions: automation.actions.map((action, i) => ({
          kind: action.kind,
          summary: actionSummary(app, automation, i),
          handleId: `action:${i}`,
        })),
      },
    };
    nodes.push(node);
    if (tableIds.has(automation.tableId))
      edges.push({
        id: `automation-on:${automation.id}`,
        type: 'automation',
        source: tableNodeId(automation.tableId),
        target: id,
        label: automation.trigger.on === 'create' ? 'on create' : 'on update',
        data: {},
      });
    automation.actions.forEach((action, i) => {
      const edge = (target: string, targetHandle?: string): LinkEdge => ({
        id: `automation-action:${automation.id}:${i}`,
        type: 'action',
        source: id,
        sourceHandle: `action:${i}`,
        target,
        ...(targetHandle ? { targetHandle } : {}),
        label: action.kind.replace('_', ' '),
        data: {},
      });
      if (action.kind === 'start_workflow') {
        const ref = workflowRefNodeId(action.workflowId);
        if (!extra.has(ref))
          extra.set(ref, {
            id: ref,
            type: 'workflowRef',
            position: ORIGIN,
            data: { workflowId: action.workflowId },
          });
        edges.push(edge(ref));
      } else if (action.kind === 'update_record') {
        let targetTable = automation.tableId;
        if (action.target !== 'this') {
          const relation = table?.fields.find(
            (f) => f.id === (action.target as { relationFieldId: string }).relationFieldId,
          );
          if (relation?.type !== 'relation') return;
          targetTable = relation.targetTableId;
        }
        if (tableIds.has(targetTable)) edges.push(edge(tableNodeId(targetTable)));
      } else if (action.to.kind === 'field') {
        if (tableIds.has(automation.tableId))
          edges.push(edge(tableNodeId(automation.tableId), fieldHandleId(action.to.fieldId, 'target')));
      } else {
        const kind = action.to.kind;
        const key = kind === 'role' ? action.to.roleId : action.to.email;
        const label =
          kind === 'role' ? (app.access.roles.find((role) => role.id === key)?.label ?? key) : key;
        const ref = recipientNodeId(kind, key);
        if (!extra.has(ref))
          extra.set(ref, { id: ref, type: 'recipient', position: ORIGIN, data: { recipient: kind, label } });
        edges.push(edge(ref));
      }
    });
  }
  return { nodes: [...nodes, ...extra.values()], edges };
}
