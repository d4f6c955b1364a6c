import type { AppDefinition, Table } from '../../../../schemas/app/app-definition.ts';
import type { Field, SelectOption } from '../../../../schemas/app/fields.ts';

/**
 * How a field's value is shown, with the type resolved: a lookup shows like the field it looks
 * up, a sum of amounts like an amount, a computed value by its result type.
 */

export type Presentation =
  | { kind: 'text' }
  | { kind: 'long_text' }
  | { kind: 'number'; precision?: number | undefined }
  | { kind: 'currency'; currency: string }
  | { kind: 'percent' }
  | { kind: 'rating'; max: number }
  | { kind: 'boolean' }
  | { kind: 'date' }
  | { kind: 'datetime' }
  | { kind: 'email' }
  | { kind: 'url' }
  | { kind: 'phone' }
  | { kind: 'choice'; options: readonly SelectOption[]; multiple: boolean }
  | { kind: 'duration'; unit: 'minutes' | 'hours' | 'days' }
  | { kind: 'attachment' }
  | { kind: 'relation'; targetTableId: string; toMany: boolean }
  | { kind: 'creator' }
  /** Values of a field looked up through a to-many relation: one per related row. */
  | { kind: 'list'; item: Presentation };

function relationOf(table: Table, fieldId: string) {
  const relation = table.fields.find((f) => f.id === fieldId);
  return relation?.type === 'relation' ? relation : undefined;
}

function targetOf(definition: AppDefinition, table: Table, relationFieldId: string, targetFieldId?: string) {
  const relation = relationOf(table, relationFieldId);
  const target = relation && definition.tables.find((t) => t.id === relation.targetTableId);
  const field = target?.fields.find((f) => f.id === targetFieldId);
  return relation && target && field ? { relation, table: target, field } : undefined;
}

/** How a field's value is shown. Lookups and rollups go through their relation, at most twice. */
export function presentationOf(
  definition: AppDefinition,
  table: Table,
  field: Field,
  depth = 0,
): Presentation {
  switch (field.type) {
    case 'text':
    case 'autonumber':
      return { kind: 'text' };
    case 'long_text':
      return { kind: 'long_text' };
    case 'number':
      return { kind: 'number', precision: field.precision };
    case 'currency':
      return { kind: 'currency', currency: field.currency };
    case 'percent':
      return { kind: 'percent' };
    case 'rating':
      return { kind: 'rating', max: field.max };
    case 'boolean':
      return { kind: 'boolean' };
    case 'date':
      return { kind: 'date' };
    case 'datetime':
    case 'created_at':
    case 'updated_at':
      return { kind: 'datetime' };
    case 'email':
    case 'url':
    case 'phone':
      return { kind: field.type };
    case 'single_select':
    case 'multi_select':
      return { kind: 'choice', options: field.options, multiple: field.type === 'multi_select' };
    case 'duration':
      return { kind: 'duration', unit: field.displayUnit };
    case 'attachment':
      return { kind: 'attachment' };
    case 'relation':
      return {
        kind: 'relation',
        targetTableId: field.targetTableId,
        toMany: field.cardinality !== 'many_to_one',
      };
    case 'created_by':
      return { kind: 'creator' };
    case 'computed':
      return field.resultType === 'number' ? { kind: 'number' } : { kind: field.resultType };
    case 'lookup': {
      const target = depth < 2 && targetOf(definition, table, field.relationFieldId, field.targetFieldId);
      if (!target) return { kind: 'text' };
      const item = presentationOf(definition, target.table, target.field, depth + 1);
      return target.relation.cardinality === 'many_to_one' ? item : { kind: 'list', item };
    }
    case 'rollup': {
      if (field.aggregate === 'count') return { kind: 'number', precision: 0 };
      const target = depth < 2 && targetOf(definition, table, field.relationFieldId, field.targetFieldId);
      const item = target ? presentationOf(definition, target.table, target.field, depth + 1) : null;
      // A sum of amounts is an amount; an average of whole numbers need not be whole.
      if (item?.kind === 'currency' || item?.kind === 'percent' || item?.kind === 'duration') return item;
      if (
        (item?.kind === 'date' || item?.kind === 'datetime') &&
        field.aggregate !== 'sum' &&
        field.aggregate !== 'avg'
      )
        return item;
      if (item?.kind === 'number' && field.aggregate !== 'avg') return item;
      return { kind: 'number' };
    }
  }
}
