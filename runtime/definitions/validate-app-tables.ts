import {
  DERIVED_FIELD_TYPES,
  type Field,
  NUMERIC_FIELD_TYPES,
  type Table,
} from '../../schemas/definitions.ts';
import { referencedPaths } from '../expr/index.ts';
import { checkExpr, checkUniqueIds, findCycles, type Path, resolveField } from './app-checks.ts';
import { type AppIndex, recordContext } from './app-context.ts';
import type { IssueList } from './result.ts';

const COMPUTED_TYPES = {
  text: 'string',
  number: 'double',
  boolean: 'bool',
  date: 'timestamp',
  datetime: 'timestamp',
} as const;
const NOT_UNIQUE = new Set([
  'boolean',
  'multi_select',
  'attachment',
  'long_text',
  'relation',
  'lookup',
  'rollup',
]);
const INVERSE = {
  many_to_one: 'one_to_many',
  one_to_many: 'many_to_one',
  many_to_many: 'many_to_many',
} as const;

/** Table-level rules: ids, the primary field, each field's own settings and references. */
export function validateTables(issues: IssueList, index: AppIndex): void {
  const { app } = index;
  checkUniqueIds(issues, ['tables'], app.tables, 'table');
  app.tables.forEach((table, t) => {
    const path = ['tables', t] as const;
    checkUniqueIds(issues, [...path, 'fields'], table.fields, 'field');
    const primary = resolveField(issues, [...path, 'primaryFieldId'], index, table, table.primaryFieldId);
    if (primary && (primary.type === 'attachment' || primary.type === 'relation')) {
      issues.add(
        [...path, 'primaryFieldId'],
        `field "${primary.id}" is a ${primary.type} field and cannot name a row`,
      );
    }
    table.fields.forEach((field, f) => {
      validateField(issues, [...path, 'fields', f], index, table, field);
    });
    checkComputedCycles(issues, path, table);
  });
}

function validateField(issues: IssueList, path: Path, index: AppIndex, table: Table, field: Field): void {
  const derived = DERIVED_FIELD_TYPES.has(field.type);
  if (derived && field.required)
    issues.add(
      [...path, 'required'],
      `a ${field.type} field is filled by the platform; it cannot be required`,
    );
  if (field.unique && (NOT_UNIQUE.has(field.type) || (derived && field.type !== 'autonumber'))) {
    issues.add([...path, 'unique'], `a ${field.type.replace('_', ' ')} field cannot be unique`);
  }
  if (
    'min' in field &&
    'max' in field &&
    field.min !== undefined &&
    field.max !== undefined &&
    field.min > field.max
  ) {
    issues.add([...path, 'min'], `min (${field.min}) is greater than max (${field.max})`);
  }
  if (
    'minLength' in field &&
    field.minLength !== undefined &&
    field.maxLength !== undefined &&
    field.minLength > field.maxLength
  ) {
    issues.add(
      [...path, 'minLength'],
      `minLength (${field.minLength}) is greater than maxLength (${field.maxLength})`,
    );
  }
  checkDefault(issues, path, field);

  switch (field.type) {
    case 'single_select':
    case 'multi_select': {
      checkUniqueIds(issues, [...path, 'options'], field.options, 'option');
      const ids = new Set(field.options.map((o) => o.id));
      const defaults =
        field.type === 'single_select' ? (field.default ? [field.default] : []) : (field.default ?? []);
      for (const id of defaults)
        if (!ids.has(id)) issues.add([...path, 'default'], `default "${id}" is not one of the options`);
      if (field.type === 'multi_select') {
        if (
          field.minSelected !== undefined &&
          field.maxSelected !== undefined &&
          field.minSelected > field.maxSelected
        ) {
          issues.add(
            [...path, 'minSelected'],
            `minSelected (${field.minSelected}) is greater than maxSelected (${field.maxSelected})`,
          );
        }
        if (field.maxSelected !== undefined && field.maxSelected > field.options.length) {
          issues.add(
            [...path, 'maxSelected'],
            `maxSelected (${field.maxSelected}) is more than the ${field.options.length} options`,
          );
        }
      }
      return;
    }
    case 'rating':
      if (field.default !== undefined && field.default > field.max)
        issues.add([...path, 'default'], `default is above the maximum rating ${field.max}`);
      return;
    case 'relation':
      checkRelation(issues, path, index, table, field);
      return;
    case 'lookup':
    case 'rollup': {
      const relation = resolveField(
        issues,
        [...path, 'relationFieldId'],
        index,
        table,
        field.relationFieldId,
        {
          types: ['relation'],
          why: `a ${field.type} goes through a relation field`,
        },
      );
      if (relation?.type !== 'relation') return;
      const target = index.tables.get(relation.targetTableId);
      if (!target) return;
      if (field.type === 'rollup' && relation.cardinality === 'many_to_one') {
        issues.add(
          [...path, 'relationFieldId'],
          `a rollup aggregates many rows, but "${relation.id}" relates to one row`,
        );
      }
      if (field.targetFieldId === undefined) {
        if (field.type === 'rollup' && field.aggregate !== 'count') {
          issues.add([...path, 'targetFieldId'], `is required to ${field.aggregate} the related rows`);
        }
        return;
      }
      const aggregated = resolveField(issues, [...path, 'targetFieldId'], index, target, field.targetFieldId);
      if (
        field.type === 'rollup' &&
        aggregated &&
        ['sum', 'avg'].includes(field.aggregate) &&
        !NUMERIC_FIELD_TYPES.has(aggregated.type)
      ) {
        const isNumericComputed = aggregated.type === 'computed' && aggregated.resultType === 'number';
        if (!isNumericComputed) {
          issues.add(
            [...path, 'targetFieldId'],
            `field "${aggregated.id}" is a ${aggregated.type} field; ${field.aggregate} needs a number`,
          );
        }
      }
      return;
    }
    case 'computed':
      checkExpr(
        issues,
        [...path, 'expression'],
        field.expression,
        recordContext(table, index),
        COMPUTED_TYPES[field.resultType],
      );
      return;
    default:
      return;
  }
}

function checkDefault(issues: IssueList, path: Path, field: Field): void {
  if (!('default' in field) || field.default === undefined) return;
  const value = field.default;
  if (typeof value === 'number' && 'min' in field && typeof field.min === 'number' && value < field.min) {
    issues.add([...path, 'default'], `default (${value}) is below min (${field.min})`);
  }
  if (typeof value === 'number' && 'max' in field && typeof field.max === 'number' && value > field.max) {
    issues.add([...path, 'default'], `default (${value}) is above max (${field.max})`);
  }
  if (typeof value === 'string' && field.type === 'text') {
    if (field.maxLength !== undefined && value.length > field.maxLength)
      issues.add([...path, 'default'], `default is longer than maxLength (${field.maxLength})`);
    if (field.pattern && !new RegExp(field.pattern, 'u').test(value))
      issues.add([...path, 'default'], 'default does not match the pattern');
  }
}

function checkRelation(
  issues: IssueList,
  path: Path,
  index: AppIndex,
  table: Table,
  field: Extract<Field, { type: 'relation' }>,
): void {
  const target = index.tables.get(field.targetTableId);
  if (!target) {
    issues.add([...path, 'targetTableId'], `there is no table "${field.targetTableId}"`);
    return;
  }
  if (field.inverseFieldId === undefined) return;
  const inverse = resolveField(issues, [...path, 'inverseFieldId'], index, target, field.inverseFieldId, {
    types: ['relation'],
    why: 'the other side of a relation must be a relation field',
  });
  if (inverse?.type !== 'relation') return;
  if (inverse.targetTableId !== table.id) {
    issues.add(
      [...path, 'inverseFieldId'],
      `field "${inverse.id}" of table "${target.label}" points to table "${inverse.targetTableId}", not back to "${table.id}"`,
    );
  } else if (inverse.cardinality !== INVERSE[field.cardinality]) {
    issues.add(
      [...path, 'inverseFieldId'],
      `a ${field.cardinality.replaceAll('_', '-')} relation needs a ${INVERSE[field.cardinality].replaceAll('_', '-')} inverse, but "${inverse.id}" is ${inverse.cardinality.replaceAll('_', '-')}`,
    );
  } else if (inverse.inverseFieldId !== undefined && inverse.inverseFieldId !== field.id) {
    issues.add(
      [...path, 'inverseFieldId'],
      `field "${inverse.id}" names "${inverse.inverseFieldId}" as its inverse, not "${field.id}"`,
    );
  }
}

/** Computed fields may use each other, but never in a circle. */
function checkComputedCycles(issues: IssueList, path: Path, table: Table): void {
  const computed = table.fields.flatMap((field, i) => (field.type === 'computed' ? [{ field, i }] : []));
  const position = new Map(computed.map(({ field }, n) => [field.id, n]));
  const uses = computed.map(({ field }) => {
    const refs = referencedPaths(field.expression) ?? [];
    return refs.flatMap((ref) =>
      ref[0] === 'record' && ref[1] !== undefined && position.has(ref[1]) ? [position.get(ref[1])!] : [],
    );
  });
  for (const cycle of findCycles(computed.length, (n) => uses[n]!)) {
    const names = cycle.map((n) => computed[n]!.field.id).join(' → ');
    issues.add(
      [...path, 'fields', computed[cycle[0]!]!.i, 'expression'],
      `computed fields use each other in a circle: ${names}`,
    );
  }
}
