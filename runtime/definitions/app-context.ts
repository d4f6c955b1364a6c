import type { AppDefinition, Field, Table } from '../../schemas/definitions.ts';
import type { ExprContext, ExprType } from '../expr/types.ts';

/** Looks up tables and fields by id, once per validation. */
export class AppIndex {
  readonly tables = new Map<string, Table>();
  private readonly fields = new Map<string, Map<string, Field>>();

  constructor(readonly app: AppDefinition) {
    for (const table of app.tables) {
      if (!this.tables.has(table.id)) this.tables.set(table.id, table);
      const byId = this.fields.get(table.id) ?? new Map<string, Field>();
      for (const field of table.fields) if (!byId.has(field.id)) byId.set(field.id, field);
      this.fields.set(table.id, byId);
    }
  }

  field(tableId: string, fieldId: string): Field | undefined {
    return this.fields.get(tableId)?.get(fieldId);
  }

  fieldIds(tableId: string): string[] {
    return [...(this.fields.get(tableId)?.keys() ?? [])];
  }
}

/**
 * The type a field's value has in expressions (`record.<field id>`). Lookups take the type of the
 * field they look up (a list of them through a to-many relation); a lookup of a lookup is `dyn`.
 */
export function fieldExprType(field: Field, tableId: string, index: AppIndex, depth = 0): ExprType {
  switch (field.type) {
    case 'text':
    case 'long_text':
    case 'email':
    case 'url':
    case 'phone':
    case 'single_select':
    case 'created_by':
      return 'string';
    case 'number':
    case 'currency':
    case 'percent':
    case 'rating':
    case 'duration':
    case 'rollup':
      return 'double';
    // A prefixed autonumber is stored formatted ("PO-1001"): text in expressions too.
    case 'autonumber':
      return field.prefix ? 'string' : 'double';
    case 'boolean':
      return 'bool';
    case 'date':
    case 'datetime':
    case 'created_at':
    case 'updated_at':
      return 'timestamp';
    case 'multi_select':
      return { list: 'string' };
    case 'attachment':
      return { list: { object: { name: 'string', url: 'string', size: 'double', type: 'string' } } };
    case 'relation':
      return field.cardinality === 'many_to_one' ? 'string' : { list: 'string' };
    case 'computed':
      return { text: 'string', number: 'double', boolean: 'bool', date: 'timestamp', datetime: 'timestamp' }[
        field.resultType
      ] as ExprType;
    case 'lookup': {
      const relation = index.field(tableId, field.relationFieldId);
      if (depth > 0 || relation?.type !== 'relation') return 'dyn';
      const target = index.field(relation.targetTableId, field.targetFieldId);
      if (!target) return 'dyn';
      const inner = fieldExprType(target, relation.targetTableId, index, depth + 1);
      return relation.cardinality === 'many_to_one' ? inner : { list: inner };
    }
  }
}

/** `record` as expressions see it: every field of the table, by id. */
export function recordType(table: Table, index: AppIndex): ExprType {
  const fields: Record<string, ExprType> = { id: 'string' };
  for (const field of table.fields) fields[field.id] = fieldExprType(field, table.id, index);
  return { object: fields, name: table.label };
}

const USER: ExprType = { object: { id: 'string', email: 'string', role: 'string' }, name: 'user' };

/** Computed fields, validation rules, visibility, guards: the row, the end user, the time. */
export function recordContext(
  table: Table,
  index: AppIndex,
  extra: Record<string, ExprType> = {},
): ExprContext {
  return { variables: { record: recordType(table, index), user: USER, now: 'timestamp', ...extra } };
}

/** The expression type a value assigned to a field must have (`dyn` where many shapes fit). */
export function assignableType(field: Field, tableId: string, index: AppIndex): ExprType {
  if (field.type === 'attachment' || field.type === 'lookup') return 'dyn';
  return fieldExprType(field, tableId, index);
}
