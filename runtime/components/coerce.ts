/**
 * One value for one field, from what a form, an API client or a CSV cell sent, into the form
 * rows store. Every write and every CSV import goes through `coerceValue`, so `"12"`, `"yes"`,
 * `"High"` and `"1h30m"` mean the same thing wherever they come from. Bounds and `required` are
 * checked later (write-constraints.ts): here a value only has to be of the right kind.
 */
import type { Field, SelectOption } from '../../schemas/definitions.ts';
import { coerceAttachments } from './coerce-attachment.ts';
import { coerceDate, coerceDateTime, coerceDuration } from './coerce-temporal.ts';
import {
  type Coerced,
  coerceEmail,
  coercePhone,
  coerceText,
  coerceUrl,
  describeValue,
  fail,
} from './coerce-text.ts';

export type { Coerced } from './coerce-text.ts';

const NONE: Coerced = { ok: true, value: null };

/** Null, undefined, empty or blank text: no value. */
export const isEmptyInput = (raw: unknown): boolean =>
  raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');

// Dot decimals only: "1,5" is 1.5 in Germany and "1,500" is 1500 in the US, so a comma is refused
// with a hint rather than read one way or the other.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

function toNumber(raw: unknown, allowPercentSign = false): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  let text = raw.trim();
  if (allowPercentSign && text.endsWith('%')) text = text.slice(0, -1).trim();
  return DECIMAL.test(text) ? Number(text) : undefined;
}

function notANumber(raw: unknown): Coerced {
  const hint =
    typeof raw === 'string' && /\d,\d/.test(raw) ? ' (use a dot for decimals and no separators)' : '';
  return fail(`must be a number like 12.5, not ${describeValue(raw)}${hint}`);
}

function coerceNumber(raw: unknown, precision?: number, percent = false): Coerced {
  const value = toNumber(raw, percent);
  if (value === undefined) return notANumber(raw);
  if (precision === undefined) return { ok: true, value };
  const scale = 10 ** precision;
  const scaled = Math.round(value * scale);
  // Tolerate float noise (0.1 + 0.2), not a real extra digit.
  if (Math.abs(value * scale - scaled) > 1e-9 * Math.max(1, Math.abs(value * scale)))
    return fail(
      precision === 0
        ? `must be a whole number, not ${value}`
        : `must have at most ${precision} decimal${precision === 1 ? '' : 's'}, not ${value}`,
    );
  return { ok: true, value: scaled / scale };
}

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

function coerceBoolean(raw: unknown): Coerced {
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  if (raw === 1 || raw === 0) return { ok: true, value: raw === 1 };
  if (typeof raw === 'string') {
    const text = raw.trim().toLowerCase();
    if (TRUE.has(text)) return { ok: true, value: true };
    if (FALSE.has(text)) return { ok: true, value: false };
  }
  return fail(`must be true or false (yes/no), not ${describeValue(raw)}`);
}

function coerceRating(raw: unknown, max: number): Coerced {
  const value = toNumber(raw);
  if (value === undefined || !Number.isInteger(value) || value < 0 || value > max)
    return fail(`must be a whole number from 0 to ${max}, not ${describeValue(raw)}`);
  return { ok: true, value };
}

/** The option a text names: its id, else its label or id in any case. */
export function findOption(options: readonly SelectOption[], text: string): SelectOption | undefined {
  const wanted = text.trim();
  const folded = wanted.toLowerCase();
  return (
    options.find((option) => option.id === wanted) ??
    options.find((option) => option.label.toLowerCase() === folded) ??
    options.find((option) => option.id.toLowerCase() === folded)
  );
}

function optionList(options: readonly SelectOption[]): string {
  const labels = options.slice(0, 12).map((option) => option.label);
  return options.length > 12 ? `${labels.join(', ')}, … (${options.length} in all)` : labels.join(', ');
}

const asOptionText = (raw: unknown): string | undefined =>
  typeof raw === 'string' ? raw : typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : undefined;

function coerceSingleSelect(options: readonly SelectOption[], raw: unknown): Coerced {
  const text = asOptionText(raw);
  if (text === undefined)
    return fail(`must be one of the options (${optionList(options)}), not ${describeValue(raw)}`);
  const option = findOption(options, text);
  if (!option)
    return fail(`${describeValue(text.trim())} is not an option (options: ${optionList(options)})`);
  return { ok: true, value: option.id };
}

function coerceMultiSelect(options: readonly SelectOption[], raw: unknown): Coerced {
  let items: unknown[];
  if (Array.isArray(raw)) items = raw;
  else if (typeof raw === 'string')
    // "Red, Blue" is two options, unless the whole text is the label of one.
    items = findOption(options, raw) ? [raw] : raw.split(',').filter((part) => part.trim() !== '');
  else return fail(`must be a list of options (${optionList(options)}), not ${describeValue(raw)}`);
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const item of items) {
    const text = asOptionText(item);
    const option = text === undefined ? undefined : findOption(options, text);
    if (option) {
      if (!ids.includes(option.id)) ids.push(option.id);
    } else unknown.push(describeValue(typeof item === 'string' ? item.trim() : item));
  }
  if (unknown.length === 1) return fail(`${unknown[0]} is not an option (options: ${optionList(options)})`);
  if (unknown.length > 1)
    return fail(`${unknown.join(', ')} are not options (options: ${optionList(options)})`);
  return { ok: true, value: ids.length > 0 ? ids : null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function coerceRelation(toMany: boolean, raw: unknown): Coerced {
  if (!toMany) {
    if (typeof raw !== 'string' || !UUID.test(raw.trim()))
      return fail(`must be the id of one row (a UUID), not ${describeValue(raw)}`);
    return { ok: true, value: raw.trim().toLowerCase() };
  }
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
  if (!items) return fail(`must be a list of row ids (UUIDs), not ${describeValue(raw)}`);
  const ids: string[] = [];
  const wrong: string[] = [];
  for (const item of items) {
    if (typeof item === 'string' && item.trim() === '' && !Array.isArray(raw)) continue;
    if (typeof item !== 'string' || !UUID.test(item.trim())) wrong.push(describeValue(item));
    else if (!ids.includes(item.trim().toLowerCase())) ids.push(item.trim().toLowerCase());
  }
  if (wrong.length > 0)
    return fail(`${wrong.join(', ')} ${wrong.length === 1 ? 'is not a row id' : 'are not row ids'} (UUIDs)`);
  return { ok: true, value: ids.length > 0 ? ids : null };
}

/**
 * `raw` as the value a row stores for `field`, or a message saying what is wrong with it (to be
 * shown after the field's label: "must be a number like 12.5, not \"abc\""). Null, undefined, blank
 * text and empty lists are null. Derived fields (computed, lookups, ...) take no value at all.
 */
export function coerceValue(field: Field, raw: unknown): Coerced {
  if (isEmptyInput(raw) && field.type !== 'text' && field.type !== 'long_text') return NONE;
  switch (field.type) {
    case 'text':
    case 'long_text':
      return isEmptyInput(raw) ? NONE : coerceText(raw);
    case 'number':
      return coerceNumber(raw, field.precision);
    case 'currency':
      return coerceNumber(raw);
    case 'percent':
      return coerceNumber(raw, undefined, true);
    case 'boolean':
      return coerceBoolean(raw);
    case 'date':
      return coerceDate(raw);
    case 'datetime':
      return coerceDateTime(raw);
    case 'email':
      return coerceEmail(raw);
    case 'url':
      return coerceUrl(raw);
    case 'phone':
      return coercePhone(raw);
    case 'single_select':
      return coerceSingleSelect(field.options, raw);
    case 'multi_select':
      return coerceMultiSelect(field.options, raw);
    case 'rating':
      return coerceRating(raw, field.max);
    case 'duration':
      return coerceDuration(raw);
    case 'relation':
      return coerceRelation(field.cardinality !== 'many_to_one', raw);
    case 'attachment':
      return coerceAttachments(field, raw);
    case 'lookup':
    case 'rollup':
    case 'computed':
    case 'autonumber':
    case 'created_at':
    case 'updated_at':
    case 'created_by':
      return fail('is set by the app and cannot be written');
  }
}
