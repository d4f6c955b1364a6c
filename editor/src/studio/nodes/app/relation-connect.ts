import type { Connection } from '@xyflow/react';
import type { AppDefinition } from '../../../../../schemas/definitions.ts';
import { fieldOfHandle, parseNodeId } from '../../graph/node-ids.ts';
import { quoted } from '../../model/edit-result.ts';
import type { ConnectRelationArgs } from '../../model/index.ts';

/** The two field rows a builder joined: the relation goes on the source table, its other side on the target. */
export interface RelationEnds {
  source: Required<ConnectRelationArgs['source']>;
  target: Required<ConnectRelationArgs['target']>;
}

export type RelationEndsResult = { ok: true; ends: RelationEnds } | { ok: false; reason: string };

/**
 * What React Flow's `onConnect` gives, read as a relation to create: two table nodes and the
 * field rows whose handles were joined, all still in the app (a diff's ghost rows are not). The
 * cardinality is the builder's choice, asked next (`RelationConnectDialog`).
 */
export function relationEnds(
  app: AppDefinition,
  connection: Pick<Connection, 'source' | 'target' | 'sourceHandle' | 'targetHandle'>,
): RelationEndsResult {
  const from = parseNodeId(connection.source);
  const to = parseNodeId(connection.target);
  if (from?.entity !== 'table' || to?.entity !== 'table')
    return {
      ok: false,
      reason: 'A relation joins two tables: drag from a field of one table to a field of another.',
    };
  const sourceField = fieldOfHandle(connection.sourceHandle);
  const targetField = fieldOfHandle(connection.targetHandle);
  if (!sourceField || !targetField)
    return {
      ok: false,
      reason: 'Drag from the handle of a field row and drop it on a field row of the other table.',
    };
  const source = app.tables.find((table) => table.id === from.id);
  const target = app.tables.find((table) => table.id === to.id);
  if (!source || !target)
    return {
      ok: false,
      reason: 'That table is not in the app any more; it may have been deleted or undone.',
    };
  for (const [table, fieldId] of [
    [source, sourceField],
    [target, targetField],
  ] as const)
    if (!table.fields.some((field) => field.id === fieldId))
      return { ok: false, reason: `Table ${quoted(table.label)} has no field "${fieldId}" any more.` };
  if (source.id === target.id && sourceField === targetField)
    return { ok: false, reason: 'Drop on another field row: a field cannot be related to itself.' };
  return {
    ok: true,
    ends: {
      source: { tableId: source.id, fieldId: sourceField },
      target: { tableId: target.id, fieldId: targetField },
    },
  };
}
