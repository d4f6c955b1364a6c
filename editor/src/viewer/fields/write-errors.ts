/**
 * A refused write, sorted for the page: messages that name a field go next to that field, the
 * rest above the form. The data API names fields in `details` ("amount: Amount must be at least
 * 0; stage: cannot move …") and in a few messages ("url must be unique: …", "company: no row …").
 */
import type { Table } from '../../../../schemas/app/app-definition.ts';
import { ViewerError } from '../api/client.ts';
import { sentence } from './field-input-value.ts';

export interface WriteErrors {
  /** By field id. */
  fields: Record<string, string>;
  /** Messages that name no field of the table. */
  general: string[];
}

const FIELD_PREFIX = /^([A-Za-z][A-Za-z0-9_]{0,63})(?::\s+|\s+(?=must be unique))/;

/** Splits `details` into one message per field; a "; " inside a message stays with its field. */
function splitDetails(table: Table, details: string): { field: string | null; message: string }[] {
  const ids = new Set(table.fields.map((field) => field.id));
  const items: { field: string | null; message: string }[] = [];
  for (const part of details.split('; ')) {
    const match = FIELD_PREFIX.exec(part);
    if (match && ids.has(match[1]!)) items.push({ field: match[1]!, message: part.slice(match[0].length) });
    // "; allowed: …" continues a field's message; a rule's message stands alone.
    else if (items.length > 0 && items[items.length - 1]!.field !== null)
      items[items.length - 1]!.message += `; ${part}`;
    else items.push({ field: null, message: part });
  }
  return items;
}

/** What a person should do about a failure that has nothing to do with one field. */
export function generalMessage(error: unknown): string {
  if (!(error instanceof ViewerError))
    return `Something went wrong: ${error instanceof Error ? error.message : String(error)}. Try again.`;
  const hint = error.hint && !error.message.includes(error.hint) ? ` ${sentence(error.hint)}` : '';
  if (error.status === 401) return `${sentence(error.message)} Sign in again, then retry.`;
  return `${sentence(error.message)}${hint}`;
}

export function writeErrorsOf(table: Table, error: unknown): WriteErrors {
  const result: WriteErrors = { fields: {}, general: [] };
  if (!(error instanceof ViewerError) || error.status === 0 || error.status >= 500 || error.status === 401) {
    result.general.push(generalMessage(error));
    return result;
  }
  const label = (id: string) => table.fields.find((field) => field.id === id)?.label ?? id;
  const items = splitDetails(table, error.details ?? error.message);
  for (const { field, message } of items) {
    if (field === null) {
      result.general.push(sentence(message));
      continue;
    }
    // "url must be unique: …" is the only message that starts with the id instead of the label.
    const text = message.startsWith('must be unique') ? `${label(field)} ${message}` : message;
    result.fields[field] = sentence(text);
  }
  if (result.general.length === 0 && Object.keys(result.fields).length === 0)
    result.general.push(generalMessage(error));
  else if (error.hint && result.general.length > 0) result.general.push(sentence(error.hint));
  return result;
}

/** A state change the server refused (409), with the moves it says are open, if it says. */
export interface TransitionRefusal {
  message: string;
  allowed: string | null;
}

export function transitionRefusalOf(error: unknown): TransitionRefusal | null {
  if (!(error instanceof ViewerError) || error.status !== 409) return null;
  const text = error.details ?? error.message;
  const stripped = text.replace(FIELD_PREFIX, '');
  const allowed = error.hint ?? /;\s*allowed:\s*(.+)$/.exec(stripped)?.[1] ?? null;
  return { message: sentence(error.message), allowed };
}
