/**
 * The line under an input that says what fits: bounds, whole numbers, the unit of a duration.
 * Told before typing, so the person rarely meets the error at all.
 */

import { formatDuration } from '../../../../runtime/components/coerce-temporal.ts';
import type { Field } from '../../../../schemas/app/fields.ts';
import { unitSeconds } from './field-input-value.ts';
import { formatDate, formatNumber } from './value-format.ts';

function range(min: string | undefined, max: string | undefined): string | null {
  if (min !== undefined && max !== undefined) return `From ${min} to ${max}.`;
  if (min !== undefined) return `At least ${min}.`;
  if (max !== undefined) return `At most ${max}.`;
  return null;
}

const num = (value: number | undefined) => (value === undefined ? undefined : formatNumber(value));

/** The hint for an input of `field`, or null when there is nothing to say. */
export function fieldHint(field: Field): string | null {
  const parts: string[] = [];
  if (field.description) parts.push(field.description);
  switch (field.type) {
    case 'number': {
      const bounds = range(num(field.min), num(field.max));
      if (bounds) parts.push(bounds);
      if (field.precision === 0) parts.push('Whole numbers only.');
      else if (field.precision !== undefined)
        parts.push(`Up to ${field.precision} decimal${field.precision === 1 ? '' : 's'}.`);
      break;
    }
    case 'currency':
    case 'percent': {
      const bounds = range(num(field.min), num(field.max));
      if (bounds) parts.push(bounds);
      break;
    }
    case 'duration': {
      parts.push(`In ${field.displayUnit}, or written like 1h30m.`);
      const show = (seconds: number | undefined) =>
        seconds === undefined ? undefined : formatDuration(seconds, field.displayUnit);
      const bounds = range(show(field.min), show(field.max));
      if (bounds) parts.push(bounds);
      break;
    }
    case 'date': {
      const show = (day: string | undefined) => (day === undefined ? undefined : formatDate(day));
      const bounds = range(show(field.min), show(field.max));
      if (bounds) parts.push(bounds);
      break;
    }
    case 'multi_select': {
      const { minSelected: min, maxSelected: max } = field;
      if (min !== undefined && max !== undefined) parts.push(`Choose ${min} to ${max}.`);
      else if (min !== undefined) parts.push(`Choose at least ${min}.`);
      else if (max !== undefined) parts.push(`Choose at most ${max}.`);
      break;
    }
    case 'attachment': {
      const files = field.maxFiles === 1 ? 'One file' : `Up to ${field.maxFiles} files`;
      parts.push(`${files}, ${field.maxSizeMb} MB each: ${field.allowedTypes.join(', ')}.`);
      break;
    }
    default:
      break;
  }
  return parts.length > 0 ? parts.join(' ') : null;
}

/** How far ArrowUp / ArrowDown move a number box: one unit of its last digit. */
export function numberStep(field: Field): number {
  return field.type === 'number' && field.precision !== undefined ? 10 ** -field.precision : 1;
}

/** The text of a number box after one step up (+1) or down (-1), kept within the field's bounds. */
export function stepped(field: Field, text: string, direction: 1 | -1): string {
  const step = numberStep(field);
  const bounds = 'min' in field || 'max' in field ? (field as { min?: unknown; max?: unknown }) : {};
  // A duration's bounds are seconds; its box is in the display unit.
  const scale = field.type === 'duration' ? unitSeconds(field.displayUnit) : 1;
  const min = typeof bounds.min === 'number' ? bounds.min / scale : undefined;
  const max = typeof bounds.max === 'number' ? bounds.max / scale : undefined;
  const current = Number(text.trim());
  const start = text.trim() === '' || !Number.isFinite(current) ? (min ?? 0) : current + direction * step;
  const clamped = Math.min(max ?? Number.POSITIVE_INFINITY, Math.max(min ?? Number.NEGATIVE_INFINITY, start));
  const decimals = field.type === 'number' && field.precision !== undefined ? field.precision : undefined;
  return decimals === undefined ? String(Math.round(clamped * 1e9) / 1e9) : clamped.toFixed(decimals);
}
