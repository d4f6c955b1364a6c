import {
  DATE_FIELD_TYPES,
  type FilterCondition,
  type FilterGroup,
  LIST_OPERATORS,
  MAX_FILTER_DEPTH,
  NUMERIC_FIELD_TYPES,
  ORDER_OPERATORS,
  type Table,
  TEXT_OPERATORS,
  UNARY_OPERATORS,
} from '../../schemas/definitions.ts';
import { type Path, resolveField } from './app-checks.ts';
import type { AppIndex } from './app-context.ts';
import type { IssueList } from './result.ts';

const TEXT_TYPES = new Set(['text', 'long_text', 'email', 'url', 'phone']);

/** Checks a view filter: its depth, every field, and that each operator and value fit the field. */
export function validateFilter(
  issues: IssueList,
  path: Path,
  index: AppIndex,
  table: Table,
  group: FilterGroup,
  depth = 1,
) {
  if (depth > MAX_FILTER_DEPTH) {
    issues.add(path, `filters nest at most ${MAX_FILTER_DEPTH} groups deep`);
    return;
  }
  group.conditions.forEach((item, i) => {
    const itemPath = [...path, 'conditions', i];
    if ('combinator' in item) validateFilter(issues, itemPath, index, table, item, depth + 1);
    else validateCondition(issues, itemPath, index, table, item);
  });
}

function validateCondition(
  issues: IssueList,
  path: Path,
  index: AppIndex,
  table: Table,
  condition: FilterCondition,
) {
  const field = resolveField(issues, [...path, 'fieldId'], index, table, condition.fieldId);
  if (!field) return;
  const { op, value } = condition;
  const valuePath = [...path, 'value'];
  if (UNARY_OPERATORS.has(op)) {
    if (value !== undefined) issues.add(valuePath, `"${op}" takes no value`);
    return;
  }
  if (value === undefined) {
    issues.add(valuePath, `"${op}" needs a value`);
    return;
  }
  if (LIST_OPERATORS.has(op) !== Array.isArray(value)) {
    issues.add(
      valuePath,
      LIST_OPERATORS.has(op) ? `"${op}" needs a list of values` : `"${op}" needs a single value, not a list`,
    );
    return;
  }
  const numeric =
    NUMERIC_FIELD_TYPES.has(field.type) || (field.type === 'computed' && field.resultType === 'number');
  const dated =
    DATE_FIELD_TYPES.has(field.type) ||
    (field.type === 'computed' && ['date', 'datetime'].includes(field.resultType));
  if (ORDER_OPERATORS.has(op) && !numeric && !dated) {
    issues.add(
      [...path, 'op'],
      `"${op}" compares numbers or dates, but "${field.id}" is a ${field.type.replace('_', ' ')} field`,
    );
    return;
  }
  const textual = TEXT_TYPES.has(field.type) || (field.type === 'computed' && field.resultType === 'text');
  if (TEXT_OPERATORS.has(op) && !textual && field.type !== 'multi_select') {
    issues.add(
      [...path, 'op'],
      `"${op}" works on text, but "${field.id}" is a ${field.type.replace('_', ' ')} field`,
    );
    return;
  }
  for (const v of Array.isArray(value) ? value : [value]) {
    if (numeric && typeof v !== 'number')
      issues.add(valuePath, `"${field.id}" holds numbers; compare it with a number`);
    else if (field.type === 'boolean' && typeof v !== 'boolean')
      issues.add(valuePath, `"${field.id}" is yes/no; compare it with true or false`);
    else if (dated && (typeof v !== 'string' || Number.isNaN(Date.parse(v)))) {
      issues.add(valuePath, `"${field.id}" holds dates; compare it with a date like 2026-01-31`);
    } else if (
      (field.type === 'single_select' || field.type === 'multi_select') &&
      !field.options.some((o) => o.id === v)
    ) {
      issues.add(
        valuePath,
        `"${String(v)}" is not an option of "${field.id}" (options: ${field.options.map((o) => o.id).join(', ')})`,
      );
    } else continue;
    return;
  }
}
