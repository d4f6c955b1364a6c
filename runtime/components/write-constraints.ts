/**
 * The constraints a field declares on its (already coerced) value: bounds, lengths, a pattern,
 * how many options. `required` and `unique` need the whole write (write.ts) or the database (the
 * caller), so they are not here.
 */
import type { Field } from '../../schemas/definitions.ts';
import { pattern as linearPattern } from '../expr/environment.ts';
import { formatDuration, instantOf } from './coerce-temporal.ts';

/** No value: null, undefined, or an empty list or text. */
export const isMissing = (value: unknown): boolean =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * Whether `value` matches a field's pattern. The linear-time matcher of the expression language
 * runs it when the pattern is in its (RE2) syntax, so no pattern can stall the server on what an
 * end user typed; a pattern using lookaround or backreferences falls back to JavaScript's RegExp.
 */
function matchesPattern(source: string, value: string): boolean {
  try {
    return linearPattern(source).test(value);
  } catch {
    return new RegExp(source, 'u').test(value);
  }
}

function bounds<T>(
  value: T,
  min: T | undefined,
  max: T | undefined,
  below: (a: T, b: T) => boolean,
  show: (bound: T) => string,
  words: [string, string] = ['at least', 'at most'],
): string[] {
  if (min !== undefined && below(value, min)) return [`must be ${words[0]} ${show(min)}`];
  if (max !== undefined && below(max, value)) return [`must be ${words[1]} ${show(max)}`];
  return [];
}

const lessThan = (a: number, b: number) => a < b;
const earlier = (a: string, b: string) => instantOf(a) < instantOf(b);

/** What is wrong with a present value of `field`, as messages to show after its label. */
export function constraintMessages(field: Field, value: unknown): string[] {
  if (isMissing(value)) return [];
  switch (field.type) {
    case 'number':
    case 'currency':
    case 'percent':
      return bounds(value as number, field.min, field.max, lessThan, String);
    case 'duration':
      return bounds(value as number, field.min, field.max, lessThan, (s) =>
        formatDuration(s, field.displayUnit),
      );
    case 'date':
      return bounds(value as string, field.min, field.max, earlier, String, ['on or after', 'on or before']);
    case 'datetime':
      return bounds(value as string, field.min, field.max, earlier, String, ['at or after', 'at or before']);
    case 'text':
    case 'long_text': {
      const text = value as string;
      const length = [...text].length;
      const messages: string[] = [];
      if (field.minLength !== undefined && length < field.minLength)
        messages.push(`must be at least ${field.minLength} characters long (it has ${length})`);
      if (field.maxLength !== undefined && length > field.maxLength)
        messages.push(`must be at most ${field.maxLength} characters long (it has ${length})`);
      if (field.type === 'text' && field.pattern && !matchesPattern(field.pattern, text))
        messages.push(field.patternMessage ?? `must match the pattern ${field.pattern}`);
      return messages;
    }
    case 'multi_select': {
      const count = (value as unknown[]).length;
      if (field.minSelected !== undefined && count < field.minSelected)
        return [`needs at least ${field.minSelected} option${field.minSelected === 1 ? '' : 's'} chosen`];
      if (field.maxSelected !== undefined && count > field.maxSelected)
        return [
          `takes at most ${field.maxSelected} option${field.maxSelected === 1 ? '' : 's'} (${count} chosen)`,
        ];
      return [];
    }
    default:
      return [];
  }
}
