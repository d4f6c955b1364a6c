/**
 * The expression language: CEL (https://cel.dev), for computed fields, validation rules,
 * conditional visibility, state-machine guards, workflow conditions and data mappings. Safe and
 * not Turing-complete: no loops but the list macros, no I/O, no clock, bounded in size and work.
 *
 * What builders can write:
 * - literals: `"text"`, `'text'`, `42`, `3.5`, `true`, `null`, `[1, 2]`, `{"k": "v"}`, `b"bytes"`
 * - arithmetic `+ - * / %`, comparisons `== != < <= > >=`, `&&`, `||`, `!`, `c ? a : b`, `x in list`
 * - numbers: JSON numbers are `double`; integer literals mix with them (`record.qty * 2`,
 *   `record.price > 10`, `record.total == 0`, `record.qty % 2`); `int(x)`, `double(x)` convert;
 *   `7 / 2` is 3 (two ints), `7.0 / 2` is 3.5
 * - text: `+` joins, `size()`, `contains`, `startsWith`, `endsWith`, `matches` (RE2 syntax, run
 *   in linear time), `lowerAscii`, `upperAscii`, `trim`, `indexOf`, `substring`, `split`,
 *   `list.join(sep)`, `string(x)` for numbers, bools, bytes, timestamps and durations
 * - fields: `record.title`; `has(record.title)` is false for a missing or null field (reading one
 *   is an error); `map["key"]`, `list[0]`
 * - lists: `size`, `in`, `exists`, `all`, `exists_one`, `map`, `filter`, `+`; maps: `size`,
 *   `in` (keys); `cel.bind(name, value, body)` names a value
 * - time: `timestamp("2025-01-31T00:00:00Z")`, `duration("1h30m")`, `t + duration`, `t1 - t2`,
 *   comparisons, `getFullYear()`, `getMonth()`, `getDayOfWeek()`, ... (UTC, or a time-zone
 *   argument). There is no clock: a caller that offers `now` declares it (`now: 'timestamp'`)
 *   and passes it with the values.
 *
 * Values: data comes in as JSON (timestamps as ISO strings, durations as "90s"); results go out
 * as JSON-ready values (ints as numbers, timestamps as ISO strings). Nothing in the data is ever
 * parsed as an expression. Limits: see `EXPR_LIMITS`.
 */

import { LruCache } from './cache.ts';
import { PARSER } from './environment.ts';
import { compile } from './program.ts';
import { analyze, BUILT_IN_NAMES } from './references.ts';
import { isAssignable, typeToString, withArticle } from './type-text.ts';
import type { CheckResult, ExprContext, ExprError, ExprType } from './types.ts';

export type { CheckResult, ExprContext, ExprError, ExprLimits, ExprType } from './types.ts';
export { EXPR_LIMITS } from './types.ts';
export { typeToString };

/**
 * Parses and type-checks `source` against the context's variables. With `expected`, a result of
 * another type is an error ("must be a bool expression, but this is a double"); `dyn` fits any.
 */
export function checkExpression(source: string, context: ExprContext, expected?: ExprType): CheckResult {
  const compiled = compile(source, context);
  if (!compiled.ok) return { ok: false, errors: compiled.errors };
  if (expected && !isAssignable(compiled.type, expected))
    return {
      ok: false,
      errors: [
        { message: `must be ${withArticle(expected)} expression, but this is ${withArticle(compiled.type)}` },
      ],
    };
  return { ok: true, type: compiled.type };
}

/**
 * Evaluates `source` with the variables' values (JSON data). Never throws: a type error, a
 * value of the wrong type, a missing value, a division by zero or running out of budget is
 * `{ ok: false }` with a message.
 */
export function evaluateExpression(
  source: string,
  context: ExprContext,
  values: Record<string, unknown>,
): { ok: true; value: unknown } | { ok: false; error: ExprError } {
  const compiled = compile(source, context);
  if (!compiled.ok) return { ok: false, error: compiled.errors[0]! };
  return compiled.evaluate(values);
}

const paths = new LruCache<string, string[][] | null>(500);

/**
 * The field paths an expression reads from its variables, in order of first use:
 * 'record.price * record.qty > 10' → [['record', 'price'], ['record', 'qty']]. Names bound by
 * a macro (`t` in `tags.exists(t, ...)`) are not included. Null when it does not parse.
 */
export function referencedPaths(source: string): string[][] | null {
  const cached = paths.get(source);
  if (cached !== undefined) return cached?.map((path) => [...path]) ?? null;
  let result: string[][] | null;
  try {
    const seen = new Set<string>();
    result = [];
    for (const reference of analyze(PARSER.parse(source).ast).references) {
      const path = reference.map((segment) => segment.name);
      if (BUILT_IN_NAMES.has(path[0]!)) continue;
      const key = path.join('\u0000');
      if (!seen.has(key)) result.push(path);
      seen.add(key);
    }
  } catch {
    result = null;
  }
  paths.set(source, result);
  return result?.map((path) => [...path]) ?? null;
}
