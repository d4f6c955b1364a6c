/**
 * The expressions of a write: computed fields (stored with the row, so views filter and sort on
 * them like any field), state-machine guards and validation rules, each evaluated against the row
 * as it will be stored, the end user and the time of the request.
 */
import type { AppDefinition, Field, Table } from '../../schemas/definitions.ts';
import { AppIndex, recordContext } from '../definitions/app-context.ts';
import { type ExprContext, evaluateExpression } from '../expr/index.ts';
import { coerceValue } from './coerce.ts';

/** What an expression reads: `record` (the row by field id, plus `id`), `user` and `now`. */
export interface ExpressionScope {
  context: ExprContext;
  values: { record: Record<string, unknown>; user: Record<string, unknown>; now: string };
}

// A definition is immutable once published, so its typed contexts are built once per table.
const contexts = new WeakMap<AppDefinition, Map<string, ExprContext>>();

export function tableContext(app: AppDefinition, table: Table): ExprContext {
  let byTable = contexts.get(app);
  if (!byTable) {
    byTable = new Map();
    contexts.set(app, byTable);
  }
  let context = byTable.get(table.id);
  if (!context) {
    context = recordContext(table, new AppIndex(app));
    byTable.set(table.id, context);
  }
  return context;
}

/** True only when the expression evaluates to `true`; an error (a missing value, ...) is false. */
export function evaluateCondition(source: string, scope: ExpressionScope): boolean {
  const result = evaluateExpression(source, scope.context, scope.values);
  return result.ok && result.value === true;
}

const RESULT_FIELD: Record<Extract<Field, { type: 'computed' }>['resultType'], Field> = {
  text: { id: 'result', label: 'Result', type: 'long_text' },
  number: { id: 'result', label: 'Result', type: 'number' },
  boolean: { id: 'result', label: 'Result', type: 'boolean' },
  date: { id: 'result', label: 'Result', type: 'date' },
  datetime: { id: 'result', label: 'Result', type: 'datetime' },
};

/**
 * Evaluates the computed fields in field order (a later one reads the earlier ones) and stores
 * each result in `data`, shaped like a field of its result type; one that fails stores null.
 */
export function computeFields(table: Table, data: Record<string, unknown>, scope: ExpressionScope): void {
  for (const field of table.fields) {
    if (field.type !== 'computed') continue;
    const result = evaluateExpression(field.expression, scope.context, scope.values);
    const shaped = result.ok ? coerceValue(RESULT_FIELD[field.resultType], result.value) : undefined;
    const value = shaped?.ok ? shaped.value : null;
    data[field.id] = value;
    scope.values.record[field.id] = value;
  }
}

/** The messages of the table's validation rules that do not hold on the row. */
export function brokenRules(table: Table, scope: ExpressionScope): string[] {
  return (table.validationRules ?? [])
    .filter((rule) => !evaluateCondition(rule.expression, scope))
    .map((rule) => rule.message);
}
