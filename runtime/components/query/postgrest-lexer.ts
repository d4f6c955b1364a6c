import { fail } from './ast.ts';

/**
 * The small lexical layer of PostgREST's grammar: lists split on commas outside parentheses,
 * braces and double quotes; quoted values with `\` escapes (`"a,b"`, `"say \"hi\""`).
 */

/** A `"` opens a quoted value only where a value starts; `O"Brien` stays a plain word, as in PostgREST. */
const OPENS_VALUE = new Set(['(', ',', '.', '{', ':']);

/** Splits on top-level commas. Unbalanced parentheses or an unclosed quote are a 400. */
export function splitTopLevel(text: string, what: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' && (i === 0 || OPENS_VALUE.has(text[i - 1]!))) {
      i = closingQuote(text, i, what) + 1;
      continue;
    }
    if (ch === '(' || ch === '{') depth++;
    else if (ch === ')' || ch === '}') {
      depth--;
      if (depth < 0) fail('PGRST100', `unbalanced parentheses in ${what}`, { details: text });
    } else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  if (depth !== 0) fail('PGRST100', `unbalanced parentheses in ${what}`, { details: text });
  parts.push(text.slice(start));
  return parts;
}

/** The index of the `"` that closes the quoted value opening at `open`. */
function closingQuote(text: string, open: number, what: string): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return fail('PGRST100', `unclosed quote in ${what}`, { details: text });
}

/** `"a,b"` → `a,b` (with `\"` and `\\` unescaped); anything not wholly quoted is returned as it is. */
export function unquote(raw: string): string {
  if (raw.length < 2 || raw[0] !== '"') return raw;
  let out = '';
  for (let i = 1; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\\' && i + 1 < raw.length) {
      out += raw[++i];
    } else if (ch === '"') {
      return i === raw.length - 1 ? out : raw;
    } else out += ch;
  }
  return raw;
}

/** `(a,"b,c",d)` → `['a', 'b,c', 'd']`; `()` → `[]`. */
export function parseParenList(text: string, what: string): string[] {
  if (!text.startsWith('(') || !text.endsWith(')'))
    fail('PGRST100', `${what} needs a list in parentheses, like in.(a,b)`, { details: text });
  const inner = text.slice(1, -1);
  if (inner === '') return [];
  return splitTopLevel(inner, what).map(unquote);
}

/** A Postgres array literal `{a,"b c"}` or a JSON array `["a","b"]`, as postgrest-js sends for `contains`. */
export function parseArrayValue(text: string, what: string): string[] {
  if (text.startsWith('{') && text.endsWith('}')) {
    const inner = text.slice(1, -1);
    if (inner === '') return [];
    return splitTopLevel(inner, what).map(unquote);
  }
  if (text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string' || typeof v === 'number'))
      return parsed.map(String);
  }
  return fail('PGRST100', `${what} needs a list like {a,b}`, { details: text });
}

/** Splits `name.rest` at the first dot; a key without one gives `rest` = null. */
export function splitFirstDot(text: string): [string, string | null] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text, null] : [text.slice(0, dot), text.slice(dot + 1)];
}
