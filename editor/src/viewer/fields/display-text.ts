/**
 * A stored value as short text, where a value is named rather than shown (a card's or an
 * event's title, a chart's axis, a link's text): FieldValue's words (value-format.ts), with
 * related rows named when their names were read.
 */
import type { AppDefinition, Table } from '../../../../schemas/app/app-definition.ts';
import type { Field } from '../../../../schemas/app/fields.ts';
import { presentationOf, shortId, valueText } from './value-format.ts';

export function displayText(
  definition: AppDefinition,
  table: Table,
  field: Field,
  value: unknown,
  relationLabel?: (id: string) => string | undefined,
): string {
  if (field.type === 'relation' && value !== null && value !== undefined)
    return (Array.isArray(value) ? value : [value])
      .filter((id): id is string => typeof id === 'string')
      .map((id) => relationLabel?.(id) ?? shortId(id))
      .join(', ');
  return valueText(presentationOf(definition, table, field), value);
}
