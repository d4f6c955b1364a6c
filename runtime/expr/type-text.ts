/** Types as people read them, and which result types fit where another is expected. */
import type { ExprType } from './types.ts';

/** Fields shown in a record type before "...". */
const SHOWN_FIELDS = 3;

/** 'double', 'list(string)', 'map(string, int)', 'record{title: string, ...}'. */
export function typeToString(t: ExprType): string {
  if (typeof t === 'string') return t;
  if ('list' in t) return `list(${typeToString(t.list)})`;
  if ('map' in t) return `map(string, ${typeToString(t.map)})`;
  const fields = Object.entries(t.object);
  const shown = fields.slice(0, SHOWN_FIELDS).map(([name, type]) => `${name}: ${typeToString(type)}`);
  if (fields.length > SHOWN_FIELDS) shown.push('...');
  return `${t.name ?? 'record'}{${shown.join(', ')}}`;
}

/** "a bool", "an int". */
export function withArticle(t: ExprType): string {
  const text = typeToString(t);
  return `${/^[aeiou]/i.test(text) ? 'an' : 'a'} ${text}`;
}

/**
 * Whether a result of type `actual` may be used where `expected` is wanted. `dyn` fits both ways
 * (it is checked when the value exists); an `int` fits a `double` (both are JS numbers in the end).
 */
export function isAssignable(actual: ExprType, expected: ExprType): boolean {
  if (actual === 'dyn' || expected === 'dyn') return true;
  if (typeof actual === 'string' || typeof expected === 'string')
    return actual === expected || (actual === 'int' && expected === 'double');
  if ('list' in expected) return 'list' in actual && isAssignable(actual.list, expected.list);
  if ('map' in expected) return 'map' in actual && isAssignable(actual.map, expected.map);
  if (!('object' in actual)) return false;
  return Object.entries(expected.object).every(
    ([field, type]) => Object.hasOwn(actual.object, field) && isAssignable(actual.object[field]!, type),
  );
}
