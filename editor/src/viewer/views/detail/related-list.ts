/**
 * The rows a detail page's related list shows. Each relation field stores its own ids (see
 * api/routes/data-api/relations.ts): a relation of this table lists the rows this row points at
 * (`id=in.(…)` on its target); a relation of another table that targets this one lists the rows
 * pointing here (`field=eq.<id>` for many_to_one, `field=cs.{<id>}` for the to-many kinds).
 */
import type { ViewerApp } from '../../../../../schemas/api/viewer.ts';
import type { Table } from '../../../../../schemas/app/app-definition.ts';
import type { Field } from '../../../../../schemas/app/fields.ts';
import type { View } from '../../../../../schemas/app/views.ts';
import { type RelationField, selectWithRelations } from '../../fields/relation-query.ts';

export type RelatedListDefinition = NonNullable<Extract<View, { kind: 'detail' }>['relatedLists']>[number];

/** Most related rows one list shows; more are counted, not listed. */
export const RELATED_LIMIT = 50;

export type RelatedPlan =
  | {
      kind: 'query';
      table: Table;
      /** The columns shown, those the caller can see. */
      columns: Field[];
      params: URLSearchParams;
      /** The relation the list follows, for the words above it. */
      field: RelationField;
      direction: 'points_at' | 'points_here';
    }
  /** Nothing to ask: the row points at no row. */
  | { kind: 'empty'; table: Table; columns: Field[] }
  | { kind: 'unavailable'; reason: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const idsOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter(
    (id): id is string => typeof id === 'string' && UUID.test(id),
  );

/** The relation a list follows: this table's field of that id first, else one pointing here. */
function relationFor(
  app: ViewerApp,
  table: Table,
  fieldId: string,
): { field: RelationField; other: Table | undefined; direction: 'points_at' | 'points_here' } | null {
  const own = table.fields.find((f) => f.id === fieldId);
  if (own?.type === 'relation')
    return {
      field: own,
      other: app.definition.tables.find((t) => t.id === own.targetTableId),
      direction: 'points_at',
    };
  for (const other of app.definition.tables) {
    const field = other.fields.find((f) => f.id === fieldId);
    if (field?.type === 'relation' && field.targetTableId === table.id)
      return { field, other, direction: 'points_here' };
  }
  return null;
}

export function relatedPlan(
  app: ViewerApp,
  table: Table,
  list: RelatedListDefinition,
  row: Record<string, unknown> & { id: string },
): RelatedPlan {
  const relation = relationFor(app, table, list.relationFieldId);
  if (!relation?.other || app.rights[relation.other.id]?.read !== true)
    return { kind: 'unavailable', reason: 'You cannot see these rows.' };
  const other = relation.other;
  const columns = list.columns
    .map((id) => other.fields.find((f) => f.id === id))
    .filter((f): f is Field => f !== undefined);
  const params = new URLSearchParams({
    select: selectWithRelations(
      app,
      other,
      columns.map((c) => c.id),
    ),
    limit: String(RELATED_LIMIT),
  });
  if (relation.direction === 'points_at') {
    const ids = idsOf(row[relation.field.id]);
    if (ids.length === 0) return { kind: 'empty', table: other, columns };
    params.set('id', `in.(${ids.slice(0, RELATED_LIMIT).join(',')})`);
  } else {
    const toMany = relation.field.cardinality !== 'many_to_one';
    params.set(relation.field.id, toMany ? `cs.{${row.id}}` : `eq.${row.id}`);
    params.set('order', 'created_at.desc');
  }
  return {
    kind: 'query',
    table: other,
    columns,
    params,
    field: relation.field,
    direction: relation.direction,
  };
}

/** Rows of `points_at` lists come back in any order: put them in the order the field stores them. */
export function inStoredOrder<T extends { id: string }>(rows: readonly T[], stored: unknown): T[] {
  const order = idsOf(stored);
  return [...rows].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}
