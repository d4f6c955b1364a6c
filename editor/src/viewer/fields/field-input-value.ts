/**
 * Between what an input holds and what a row stores. Inputs keep what the person typed (text in a
 * number box, so "12." or "1,5" is never lost or silently changed); the runtime's `coerceValue`
 * reads it exactly as the server will. The only translation here is the unit of a duration box.
 */

import { type Coerced, coerceValue } from '../../../../runtime/components/coerce.ts';
import { DERIVED_FIELD_TYPES, type Field } from '../../../../schemas/app/fields.ts';

const UNIT_SECONDS = { minutes: 60, hours: 3600, days: 86_400 } as const;
const BARE_NUMBER = /^\s*(?:\d+(?:\.\d*)?|\.\d+)\s*$/;

export type DurationUnit = keyof typeof UNIT_SECONDS;

export const unitSeconds = (unit: DurationUnit): number => UNIT_SECONDS[unit];

/** Fields an end user never types into: the app sets them. */
export const isDerived = (field: Field): boolean => DERIVED_FIELD_TYPES.has(field.type);

const toMany = (field: Field): boolean => field.type === 'relation' && field.cardinality !== 'many_to_one';

/** What an input shows for a stored value (or for no value). */
export function inputOf(field: Field, stored: unknown): unknown {
  const none = stored === null || stored === undefined;
  switch (field.type) {
    case 'number':
    case 'currency':
    case 'percent':
      return none ? '' : String(stored);
    case 'duration': {
      if (none || typeof stored !== 'number') return none ? '' : String(stored);
      // In the field's display unit: 5400 s in an "hours" box is 1.5.
      return String(Math.round((stored / UNIT_SECONDS[field.displayUnit]) * 1000) / 1000);
    }
    case 'rating':
      return none ? null : stored;
    case 'boolean':
      return stored === true;
    case 'multi_select':
    case 'attachment':
      return Array.isArray(stored) ? stored : [];
    case 'relation':
      if (toMany(field)) return Array.isArray(stored) ? stored : [];
      return none ? '' : stored;
    default:
      return none ? '' : stored;
  }
}

/**
 * What `coerceValue` reads for an input's value. A bare number in a duration box is in the box's
 * unit (90 in a "minutes" box is 90 minutes), where the runtime reads a bare number as seconds;
 * "1h30m" and the other written forms pass through as they are.
 */
export function coercibleOf(field: Field, raw: unknown): unknown {
  if (field.type === 'duration' && typeof raw === 'string' && BARE_NUMBER.test(raw))
    return Number(raw.trim()) * UNIT_SECONDS[field.displayUnit];
  return raw;
}

/** An input's value as the row would store it, or what is wrong with it (the runtime's words). */
export function parseInput(field: Field, raw: unknown): Coerced {
  return coerceValue(field, coercibleOf(field, raw));
}

/** "must be a number…" under a field reads better as "Must be a number…". */
export const sentence = (message: string): string =>
  message.length > 0 ? message[0]!.toUpperCase() + message.slice(1) : message;
