import { childPointer, FORBIDDEN_KEYS } from './json-patch-pointer.ts';

/** A JSON value, as a patch carries it and as a definition is stored. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

/** Deeper than this is refused: definitions nest a few levels, and it also stops a cycle. */
export const MAX_JSON_DEPTH = 200;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** An object's own member, never one inherited from its prototype (`toString`, `constructor`). */
export function ownMember(object: object, key: string): unknown {
  return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

/** The keys whose value is not undefined: JSON.stringify's view of the object. */
export function definedKeys(object: object): string[] {
  return Object.keys(object).filter((key) => (object as Record<string, unknown>)[key] !== undefined);
}

/**
 * Why `value` is not JSON, naming where (`at /a/0 is a function, not a JSON value`), or undefined when it is. An object
 * member that is undefined counts as absent, as JSON.stringify treats it. With `forbidKeys`,
 * `__proto__`, `constructor` and `prototype` are refused as member names.
 */
export function findNonJson(
  value: unknown,
  forbidKeys: boolean,
  pointer = '',
  depth = 0,
): string | undefined {
  const where = pointer ? `at ${pointer} ` : '';
  if (depth > MAX_JSON_DEPTH) return `${where}nests deeper than ${MAX_JSON_DEPTH} levels`;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number')
    return Number.isFinite(value) ? undefined : `${where}is ${value}, not a JSON number`;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const problem = findNonJson(value[index], forbidKeys, childPointer(pointer, index), depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      if (forbidKeys && FORBIDDEN_KEYS.has(key)) return `${where}has a member "${key}", which is not allowed`;
      if (value[key] === undefined) continue;
      const problem = findNonJson(value[key], forbidKeys, childPointer(pointer, key), depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  const kind =
    value === undefined
      ? 'undefined'
      : typeof value === 'object'
        ? 'a non-plain object'
        : `a ${typeof value}`;
  return `${where}is ${kind}, not a JSON value`;
}

/** Deep equality of JSON values; members that are undefined count as absent, key order does not matter. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = definedKeys(a);
  if (keys.length !== definedKeys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
}

/**
 * A fresh copy of a JSON value made of plain objects and arrays (undefined members dropped);
 * `onContainer` sees each object and array it creates.
 */
export function cloneJson(value: unknown, onContainer?: (container: object) => void): JsonValue {
  if (Array.isArray(value)) {
    const copy = value.map((item) => cloneJson(item, onContainer));
    onContainer?.(copy);
    return copy;
  }
  if (isPlainObject(value)) {
    const copy: JsonObject = {};
    for (const key of Object.keys(value)) {
      if (value[key] === undefined) continue;
      // A `__proto__` member stays an inert own member instead of replacing the copy's prototype.
      Object.defineProperty(copy, key, {
        value: cloneJson(value[key], onContainer),
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
    onContainer?.(copy);
    return copy;
  }
  return value as JsonValue;
}

/** Stable text for a JSON value (keys sorted): equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    const members = definedKeys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
