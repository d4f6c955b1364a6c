import type { DefinitionDiff } from '../../../../runtime/definitions/diff-change.ts';
import type { StudioDefinition } from '../model/edit-result.ts';
import { locateIssue } from '../model/issue-location.ts';
import { appGraph } from './app-graph.ts';
import type {
  DiffMark,
  FieldRow,
  StudioEdge,
  StudioGraph,
  StudioNode,
  TableNodeData,
} from './graph-types.ts';
import { nodeIdOf } from './node-ids.ts';
import { workflowGraph } from './workflow-graph.ts';

export function graphOf(definition: StudioDefinition): StudioGraph {
  return definition.kind === 'app' ? appGraph(definition) : workflowGraph(definition);
}

/** The nodes and field rows the reviewer's change list says changed (renamed, moved or edited). */
function changedParts(before: StudioDefinition, after: StudioDefinition, diff: DefinitionDiff) {
  const nodes = new Set<string>();
  const fields = new Set<string>();
  for (const change of diff.changes) {
    const where = locateIssue(change.kind === 'removed' ? before : after, change.path);
    const id = change.id ?? where.id;
    const nodeId = nodeIdOf(change.entity, id, where.tableId);
    if (!nodeId) continue;
    // A field added or removed changes its table; the row itself is marked by presence.
    nodes.add(nodeId);
    if (change.entity === 'field' && change.kind !== 'added' && change.kind !== 'removed')
      fields.add(`${where.tableId}.${id}`);
  }
  return { nodes, fields };
}

function mark<T extends { data: object }>(item: T, diff: DiffMark): T {
  return { ...item, data: { ...item.data, diff } };
}

/** The rows of a table in the newer version, with the rows it lost put back, ghosted, where they were. */
function diffRows(
  now: TableNodeData,
  old: TableNodeData | undefined,
  changed: ReadonlySet<string>,
): FieldRow[] {
  const oldIds = new Set(old?.fields.map((row) => row.id));
  const rows: FieldRow[] = now.fields.map((row) => ({
    ...row,
    diff: !oldIds.has(row.id) ? 'added' : changed.has(`${now.tableId}.${row.id}`) ? 'changed' : 'unchanged',
  }));
  const nowIds = new Set(now.fields.map((row) => row.id));
  let previous: string | undefined;
  for (const row of old?.fields ?? []) {
    if (!nowIds.has(row.id)) {
      const at = previous === undefined ? 0 : rows.findIndex((candidate) => candidate.id === previous) + 1;
      rows.splice(at, 0, { ...row, diff: 'removed' });
    }
    previous = row.id;
  }
  return rows;
}

function sameEdge(a: StudioEdge, b: StudioEdge): boolean {
  const strip = (edge: StudioEdge) =>
    JSON.stringify([
      edge.source,
      edge.target,
      edge.sourceHandle,
      edge.targetHandle,
      edge.label,
      edge.type,
      edge.data,
    ]);
  return strip(a) === strip(b);
}

/**
 * The canvas of a diff: the newer version's graph with every node, field row and edge marked
 * `added`, `changed` or `unchanged`, plus the parts only the older version had, as `removed`
 * ghosts (a deleted table with its relations, a deleted step with its links). What changed comes
 * from the reviewer's change list (`diffDefinitions`); what was added or removed, from presence.
 */
export function diffGraph(
  before: StudioDefinition,
  after: StudioDefinition,
  diff: DefinitionDiff,
): StudioGraph {
  const old = graphOf(before);
  const now = graphOf(after);
  const changed = changedParts(before, after, diff);
  const oldNodes = new Map(old.nodes.map((node) => [node.id, node]));
  const nowIds = new Set(now.nodes.map((node) => node.id));

  const nodes: StudioNode[] = now.nodes.map((node) => {
    const previous = oldNodes.get(node.id);
    const state: DiffMark = !previous
      ? 'added'
      : changed.nodes.has(node.id) ||
          (!('tableId' in node.data) &&
            !('stepId' in node.data) &&
            JSON.stringify(previous.data) !== JSON.stringify(node.data))
        ? 'changed'
        : 'unchanged';
    if (node.type !== 'table') return mark(node, state);
    const rows = diffRows(node.data, previous?.type === 'table' ? previous.data : undefined, changed.fields);
    return { ...node, data: { ...node.data, fields: rows, diff: state } };
  });
  for (const node of old.nodes) {
    if (nowIds.has(node.id)) continue;
    const ghost = mark(node, 'removed') as StudioNode;
    if (ghost.type === 'table')
      ghost.data = { ...ghost.data, fields: ghost.data.fields.map((row) => ({ ...row, diff: 'removed' })) };
    if (ghost.parentId && !nowIds.has(ghost.parentId) && !oldNodes.has(ghost.parentId)) delete ghost.parentId;
    nodes.push(ghost);
  }

  const oldEdges = new Map(old.edges.map((edge) => [edge.id, edge]));
  const nowEdges = new Set(now.edges.map((edge) => edge.id));
  const edges: StudioEdge[] = now.edges.map((edge) => {
    const previous = oldEdges.get(edge.id);
    return mark(
      edge as StudioEdge & { data: object },
      !previous ? 'added' : sameEdge(previous, edge) ? 'unchanged' : 'changed',
    );
  });
  for (const edge of old.edges)
    if (!nowEdges.has(edge.id)) edges.push(mark(edge as StudioEdge & { data: object }, 'removed'));
  return { nodes, edges };
}
