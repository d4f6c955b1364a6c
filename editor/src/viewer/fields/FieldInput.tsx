import type { ReactNode } from 'react';
import type { ViewerApp } from '../../../../schemas/api/viewer.ts';
import type { Field } from '../../../../schemas/app/fields.ts';
import type { ViewerClient } from '../api/client.ts';
import { AttachmentInput } from './AttachmentInput.tsx';
import { BooleanInput, MultiSelectInput, RatingInput, SingleSelectInput } from './ChoiceInputs.tsx';
import { FieldShell } from './FieldShell.tsx';
import { FieldValue } from './FieldValue.tsx';
import { fieldHint } from './field-hints.ts';
import { isDerived } from './field-input-value.ts';
import { inputValueContext } from './file-context.ts';
import { RelationPicker } from './RelationPicker.tsx';
import { DateInput, DateTimeInput, LongTextInput, NumberInput, TextInput } from './TextInputs.tsx';

export interface FieldInputProps {
  field: Field;
  /** What the input holds (see field-input-value.ts: text for numbers, ids for relations, …). */
  value: unknown;
  onChange: (value: unknown) => void;
  /** Called when focus leaves the input: from then on its errors show. */
  onBlur?: () => void;
  error?: string | undefined;
  /** The control's id; its error is `${id}-error`, its hint `${id}-hint`. */
  id: string;
  disabled?: boolean;
  app: ViewerApp;
  client: ViewerClient;
  /** The field's table (found in the app when absent), for uploads. */
  tableId?: string;
  /** The label is for screen readers only: the page shows the field's name beside the input. */
  hideLabel?: boolean;
  /** Shown instead of an input, e.g. a computed field's live value. */
  readOnly?: boolean;
  /** Told while files upload, so a form can wait before saving. */
  onPendingChange?: (pending: boolean) => void;
}

function tableOf(app: ViewerApp, field: Field, tableId: string | undefined): string {
  if (tableId) return tableId;
  const tables = app.definition.tables;
  return (
    tables.find((table) => table.fields.includes(field))?.id ??
    tables.find((table) => table.fields.some((candidate) => candidate.id === field.id))?.id ??
    ''
  );
}

/**
 * One field's input, per type, with its label, hint and error. Every control carries
 * `aria-invalid` and an `aria-describedby` that names its error and hint. Fields the app sets
 * (computed, lookups, …) and read-only ones are shown, not edited.
 */
export function FieldInput(props: FieldInputProps) {
  const { field, value, onChange, onBlur, error, id, disabled, app, client, hideLabel } = props;
  const hint = fieldHint(field);
  const tableId = tableOf(app, field, props.tableId);
  const table = app.definition.tables.find((candidate) => candidate.id === tableId);
  if (props.readOnly || isDerived(field))
    return (
      <FieldShell
        id={id}
        field={field}
        hint={isDerived(field) ? 'Filled in by the app.' : hint}
        hideLabel={hideLabel}
        readOnly
      >
        <output
          id={id}
          aria-live="polite"
          className="block min-h-10 rounded-lg border border-dashed border-neutral-300 bg-neutral-50 px-3 py-2 text-sm text-neutral-800"
        >
          {table && (
            <FieldValue field={field} table={table} value={value} context={inputValueContext(app, client)} />
          )}
        </output>
      </FieldShell>
    );
  const control = { field, value, onChange, onBlur, error, id, disabled, hint } as const;
  const shell = (children: ReactNode, group = false) => (
    <FieldShell id={id} field={field} error={error} hint={hint} group={group} hideLabel={hideLabel}>
      {children}
    </FieldShell>
  );
  switch (field.type) {
    case 'text':
    case 'email':
    case 'url':
    case 'phone':
      return shell(<TextInput {...control} field={field} />);
    case 'long_text':
      return shell(<LongTextInput {...control} field={field} />);
    case 'number':
    case 'currency':
    case 'percent':
    case 'duration':
      return shell(<NumberInput {...control} field={field} />);
    case 'date':
      return shell(<DateInput {...control} field={field} />);
    case 'datetime':
      return shell(<DateTimeInput {...control} field={field} />);
    case 'boolean':
      return shell(<BooleanInput {...control} field={field} />);
    case 'single_select':
      return shell(<SingleSelectInput {...control} field={field} />);
    case 'multi_select':
      return shell(<MultiSelectInput {...control} field={field} />, true);
    case 'rating':
      return shell(<RatingInput {...control} field={field} />, true);
    case 'relation':
      return shell(<RelationPicker {...control} field={field} app={app} client={client} />);
    case 'attachment':
      return shell(
        <AttachmentInput
          {...control}
          field={field}
          client={client}
          context={inputValueContext(app, client)}
          tableId={tableId}
          onPendingChange={props.onPendingChange}
        />,
      );
    default:
      return null;
  }
}
