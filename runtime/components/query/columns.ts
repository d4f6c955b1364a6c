import type { AppDefinition, Field, Table } from '../../../schemas/definitions.ts';
import { type ColumnRef, type ColumnType, fail, type Visibility } from './ast.ts';
import type { DerivedColumnRef, DerivedSpec, DerivedTarget } from './derived-sql.ts';

/** Columns every table has besides its fields. A field named `created_at`/`updated_at` wins over the system column; `id` is always the row id. */
export const SYSTEM_COLUMNS = ['id', 'created_at', 'updated_at'] as const;

/** Every field of every table visible: what the builder (and the platform's own jobs) see. */
export function allFieldsVisible(app: AppDefinition): Visibility {
  return new Map(app.tables.map((table) => [table.id, new Set(table.fields.map((field) => field.id))]));
}

export function findTable(app: AppDefinition, tableId: string): Table | undefined {
  return app.tables.find((table) => table.id === tableId);
}

/** The table a caller asked for, or a 400 naming it (an invisible table is as unknown as a missing one). */
export function resolveTable(app: AppDefinition, visible: Visibility, tableId: string): Table {
  const table = visible.has(tableId) ? findTable(app, tableId) : undefined;
  if (!table) {
    const known = app.tables.filter((t) => visible.has(t.id)).map((t) => t.id);
    fail('PGRST205', `unknown table "${tableId}"`, { hint: `Tables: ${known.join(', ') || '(none)'}` });
  }
  return table;
}

/** How a field's stored value compares in SQL; see `ColumnType`. */
export function fieldColumnType(app: AppDefinition, table: Table, field: Field, depth = 0): ColumnType {
  switch (field.type) {
    case 'text':
    case 'long_text':
    case 'email':
    case 'url':
    case 'phone':
    case 'single_select':
    case 'created_by':
      return 'text';
    case 'number':
    case 'currency':
    case 'percent':
    case 'rating':
    case 'duration':
      return 'number';
    // A prefixed autonumber is stored formatted ("INV-0042"), so it compares as text.
    case 'autonumber':
      return field.prefix ? 'text' : 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
    case 'created_at':
    case 'updated_at':
      return 'datetime';
    case 'multi_select':
      return 'array';
    case 'attachment':
      return 'json';
    case 'relation':
      return field.cardinality === 'many_to_one' ? 'text' : 'array';
    case 'computed':
      return (
        { text: 'text', number: 'number', boolean: 'boolean', date: 'date', datetime: 'datetime' } as const
      )[field.resultType];
    case 'rollup': {
      if (field.aggregate !== 'min' && field.aggregate !== 'max') return 'number';
      const target = relatedField(app, table, field.relationFieldId, field.targetFieldId);
      const type = target && depth === 0 ? fieldColumnType(app, target.table, target.field, 1) : 'number';
      return type === 'date' || type === 'datetime' ? type : 'number';
    }
    case 'lookup': {
      // A lookup through a to-many relation holds a list; through a lookup, anything.
      const relation = table.fields.find((f) => f.id === field.relationFieldId);
      if (relation?.type !== 'relation' || relation.cardinality !== 'many_to_one' || depth > 0) return 'json';
      const target = relatedField(app, table, field.relationFieldId, field.targetFieldId);
      return target ? fieldColumnType(app, target.table, target.field, 1) : 'json';
    }
  }
}

function relatedField(app: AppDefinition, table: Table, relationFieldId: string, targetFieldId?: string) {
  const relation = table.fields.find((f) => f.id === relationFieldId);
  if (relation?.type !== 'relation' || !targetFieldId) return undefined;
  const target = findTable(app, relation.targetTableId);
  const field = target?.fields.find((f) => f.id === targetFieldId);
  return target && field ? { table: target, field } : undefined;
}

/**
 * The column a field is read from: `created_at`/`updated_at` fields are the row's own timestamps.
 * A lookup or rollup is read from `data` too, where the compiled statement puts the value it
 * computes (`derived-sql.ts`); `visible` (the caller's, or every field when absent) decides which
 * related values it may read.
 */
export function fieldColumn(app: AppDefinition, table: Table, field: Field, visible?: Visibility): ColumnRef {
  if (field.type === 'created_at' || field.type === 'updated_at')
    return { name: field.id, source: field.type, type: 'datetime' };
  const column: ColumnRef = { name: field.id, source: 'data', type: fieldColumnType(app, table, field) };
  if (field.type !== 'lookup' && field.type !== 'rollup') return column;
  const derived: DerivedColumnRef = { ...column, derived: derivedSpec(app, table, field, visible, 0) };
  return derived;
}

/** Lookups and rollups read through at most this many relations in a row (a lookup of a lookup). */
export const MAX_DERIVED_HOPS = 2;

/**
 * What a lookup or rollup reads. The safe rule for what a caller may not see: when the related
 * table, or the field looked up or aggregated, is hidden from the caller's role, the value reads
 * as null for that caller, so a lookup never shows a hidden field.
 */
export function derivedSpec(
  app: AppDefinition,
  table: Table,
  field: Extract<Field, { type: 'lookup' | 'rollup' }>,
  visible: Visibility | undefined,
  hop: number,
): DerivedSpec {
  const relation = table.fields.find((f) => f.id === field.relationFieldId);
  const target = relation?.type === 'relation' ? findTable(app, relation.targetTableId) : undefined;
  const spec: DerivedSpec = {
    kind: field.type,
    relationFieldId: field.relationFieldId,
    targetTableId: target?.id ?? '',
    toMany: relation?.type === 'relation' && relation.cardinality !== 'many_to_one',
    aggregate: field.type === 'rollup' ? field.aggregate : null,
    target: null,
    hidden: true,
  };
  if (!target || (visible && !visible.has(target.id)) || hop >= MAX_DERIVED_HOPS) return spec;
  if (field.type === 'rollup' && field.aggregate === 'count') return { ...spec, hidden: false };
  const targetField = target.fields.find((f) => f.id === field.targetFieldId);
  if (!targetField || (visible && !visible.get(target.id)?.has(targetField.id))) return spec;
  const read = derivedTarget(app, target, targetField, visible, hop);
  return read ? { ...spec, target: read, hidden: false } : spec;
}

function derivedTarget(
  app: AppDefinition,
  table: Table,
  field: Field,
  visible: Visibility | undefined,
  hop: number,
): DerivedTarget | null {
  if (field.type === 'created_at' || field.type === 'updated_at')
    return { source: field.type, type: 'datetime' };
  const type = fieldColumnType(app, table, field, 1);
  if (field.type !== 'lookup' && field.type !== 'rollup') return { source: 'data', fieldId: field.id, type };
  const inner = derivedSpec(app, table, field, visible, hop + 1);
  return inner.hidden ? null : { source: 'derived', spec: inner, type };
}

/** `*`: the row id, every visible field in definition order, then the timestamps the fields do not shadow. */
export function visibleColumns(app: AppDefinition, table: Table, visible: Visibility): ColumnRef[] {
  const seen = visible.get(table.id);
  const fields = table.fields.filter((f) => f.id !== 'id' && seen?.has(f.id));
  const columns: ColumnRef[] = [{ name: 'id', source: 'id', type: 'uuid' }];
  columns.push(...fields.map((field) => fieldColumn(app, table, field, visible)));
  for (const name of ['created_at', 'updated_at'] as const)
    if (!fields.some((f) => f.id === name)) columns.push({ name, source: name, type: 'datetime' });
  return columns;
}

/**
 * A column by the name a client used, or a 400 "unknown column". Hidden fields are treated exactly
 * like missing ones: same error, and the hint lists only what the caller may see.
 */
export function resolveColumn(
  app: AppDefinition,
  table: Table,
  visible: Visibility,
  name: string,
): ColumnRef {
  const column = visibleColumns(app, table, visible).find((c) => c.name === name);
  if (column) return column;
  return unknownColumn(app, table, visible, name);
}

export function unknownColumn(app: AppDefinition, table: Table, visible: Visibility, name: string): never {
  const names = visibleColumns(app, table, visible).map((c) => c.name);
  const shown = names.length > 40 ? `${names.slice(0, 40).join(', ')}, …` : names.join(', ');
  return fail('42703', `unknown column "${name}" in table "${table.id}"`, {
    hint: `Columns of "${table.id}": ${shown}`,
  });
}

/** A visible relation field of the table, for embedding and filtering through. */
export function visibleField(table: Table, visible: Visibility, fieldId: string): Field | undefined {
  return visible.get(table.id)?.has(fieldId) ? table.fields.find((f) => f.id === fieldId) : undefined;
}
