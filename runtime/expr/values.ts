/**
 * Values in and out of expressions. In: JSON data is shaped to the declared types (an `int` becomes
 * a BigInt, a `timestamp` string a Date, a record a typed object that reads its fields lazily);
 * `null` and a missing field are the same thing, "no value" (`has()` tells). Out: results become
 * plain JSON-ready values (int → number, timestamp → ISO string, duration → "90s", bytes → base64).
 * Data is only ever read as data: no string in it is parsed as an expression.
 */
import { parse } from '@marcbachmann/cel-js';
import type { ExprType } from './types.ts';

/** A value that does not have the type its variable or field declares. */
export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueError';
  }
}

/** A record of a known shape, as the evaluator sees it (the library reads fields with `get`). */
export interface RecordValue {
  readonly raw: Record<string, unknown>;
}

export type RecordFactory = (raw: Record<string, unknown>, path: string) => RecordValue;

/** Builds the typed object for a record type (one class per type, registered with the library). */
export type RecordFactories = (type: Extract<ExprType, { object: unknown }>) => RecordFactory;

const parseDuration = parse('duration(text)');
/** The library's Duration, told by its tag (so only the package's main entry is imported). */
const isDuration = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  (value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === 'google.protobuf.Duration';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** An ISO 8601 date or date-time; one without a zone is UTC (never the server's local time). */
function parseTimestamp(text: string): Date | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const hasTime = text.length > 10;
  const date = new Date(hasTime && !match[1] ? `${text.replace(' ', 'T')}Z` : text.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);

/** Whether values of `type` must be converted (else they pass through as they are). */
export function needsConversion(type: ExprType): boolean {
  if (typeof type === 'string') return type === 'int' || type === 'timestamp' || type === 'duration';
  if ('list' in type) return needsConversion(type.list);
  return true; // maps drop their null entries, records become typed objects
}

/** `value` shaped to `type`; undefined for "no value". Throws a ValueError naming `path`. */
export function toCelValue(value: unknown, type: ExprType, path: string, records: RecordFactories): unknown {
  if (value === null || value === undefined) return type === 'null' ? null : undefined;
  const wrong = (what: string): never => {
    throw new ValueError(`${path} should be ${what}, but it is ${describe(value)}`);
  };
  if (typeof type === 'object') {
    if ('list' in type) {
      if (!Array.isArray(value)) return wrong('a list');
      if (!needsConversion(type.list)) return value;
      return value.map((item, i) => toCelValue(item, type.list, `${path}[${i}]`, records) ?? null);
    }
    if (!isPlainObject(value)) return wrong(`a ${'map' in type ? 'map' : 'record'}`);
    if ('object' in type) return records(type)(value, path);
    // a Map, because the library tells a map by its constructor, which a key could shadow
    const map = new Map<string, unknown>();
    for (const [key, item] of Object.entries(value)) {
      const converted = toCelValue(item, type.map, `${path}.${key}`, records);
      if (converted !== undefined) map.set(key, converted);
    }
    return map;
  }
  switch (type) {
    case 'dyn':
      return value;
    case 'string':
      return typeof value === 'string' ? value : wrong('a string');
    case 'bool':
      return typeof value === 'boolean' ? value : wrong('true or false');
    case 'double':
      if (typeof value === 'bigint') return Number(value);
      return typeof value === 'number' ? value : wrong('a number');
    case 'int':
      if (typeof value === 'bigint') return value;
      return Number.isSafeInteger(value) ? BigInt(value as number) : wrong('a whole number');
    case 'timestamp': {
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? wrong('a valid date') : value;
      const date = typeof value === 'string' ? parseTimestamp(value) : undefined;
      return date ?? wrong('a date or date-time (ISO 8601)');
    }
    case 'duration':
      if (isDuration(value)) return value;
      if (typeof value !== 'string') return wrong('a duration such as "90s" or "1h30m"');
      try {
        return parseDuration({ text: value });
      } catch {
        return wrong('a duration such as "90s" or "1h30m"');
      }
    case 'bytes':
      return value instanceof Uint8Array ? value : wrong('bytes');
    case 'null':
      return wrong('null');
  }
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** A result as plain JSON-ready data. Throws a ValueError for numbers JSON cannot hold. */
export function toPlainValue(value: unknown): unknown {
  switch (typeof value) {
    case 'bigint':
      if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER))
        throw new ValueError(`the result ${value} is too large a whole number`);
      return Number(value);
    case 'number':
      if (!Number.isFinite(value))
        throw new ValueError(`the result is not a finite number (${value}); is something divided by zero?`);
      return value;
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null) return null;
  if (Array.isArray(value)) return value.map(toPlainValue);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ValueError('the resulting date is out of range');
    return value.toISOString();
  }
  if (isDuration(value)) return String(value);
  if (value instanceof Uint8Array) return base64(value);
  if ('raw' in value && value instanceof Map) return (value as unknown as RecordValue).raw;
  if (value.constructor?.name === 'Type' && 'name' in value) return String(value.name); // type(x)
  const entries =
    value instanceof Map ? [...value.entries()] : isPlainObject(value) ? Object.entries(value) : [];
  if (entries.length === 0 && !(value instanceof Map) && !isPlainObject(value)) return String(value);
  return Object.fromEntries(entries.map(([key, item]) => [String(key), toPlainValue(item)]));
}
