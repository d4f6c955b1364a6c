import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { sameValue } from '../../../../../runtime/components/write-row.ts';
import type { ViewerApp } from '../../../../../schemas/api/viewer.ts';
import type { Table } from '../../../../../schemas/app/app-definition.ts';
import type { Field } from '../../../../../schemas/app/fields.ts';
import type { Row, ViewerClient } from '../../api/client.ts';
import { FieldInput } from '../../fields/FieldInput.tsx';
import { FieldValue, type ValueContext } from '../../fields/FieldValue.tsx';
import { inputOf, parseInput } from '../../fields/field-input-value.ts';
import { primaryButton, secondaryButton } from '../../fields/page-parts.tsx';
import { relatedOf } from '../../fields/relation-query.ts';
import { writeErrorsOf } from '../../fields/write-errors.ts';
import { fieldError } from '../form/form-state.ts';

interface Props {
  app: ViewerApp;
  client: ViewerClient;
  table: Table;
  field: Field;
  row: Row;
  /** Whether the caller may change this field of this row. */
  editable: boolean;
  context: ValueContext;
  onSaved: (row: Row) => void;
  idPrefix: string;
}

/** Values with links inside cannot sit in a button: those get an Edit button beside them. */
const HAS_LINKS = new Set<Field['type']>(['url', 'email', 'attachment']);

/**
 * One value of a detail page. Where the caller may change it, a click (or Enter on the focused
 * value) opens its input; Save writes just this field (PATCH), Escape or Cancel puts it back, and
 * a refusal shows at the field with what was typed still in the input.
 */
export function DetailField({ app, client, table, field, row, editable, context, onSaved, idPrefix }: Props) {
  const [editing, setEditing] = useState(false);
  const [raw, setRaw] = useState<unknown>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const inputId = `${idPrefix}-${field.id}`;

  useEffect(() => {
    if (editing) document.getElementById(inputId)?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      trigger.current?.focus();
    }
  }, [editing, inputId]);

  const open = () => {
    setRaw(inputOf(field, row[field.id]));
    setError(null);
    setEditing(true);
  };
  const close = () => {
    returnFocus.current = true;
    setEditing(false);
  };
  const save = async () => {
    const parsed = parseInput(field, raw);
    const problem = fieldError(field, parsed, true);
    if (problem || !parsed.ok) return setError(problem);
    if (sameValue(parsed.value, row[field.id])) return close();
    setSaving(true);
    try {
      onSaved(await client.update(table.id, row.id, { [field.id]: parsed.value }));
      close();
    } catch (failure) {
      const sorted = writeErrorsOf(table, failure);
      // Everything the server said goes here: this field is the only one this write set.
      setError(sorted.fields[field.id] ?? [...Object.values(sorted.fields), ...sorted.general].join(' '));
    } finally {
      setSaving(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  };

  const value = (
    <FieldValue
      field={field}
      table={table}
      value={row[field.id]}
      context={context}
      related={relatedOf(app, field, row)}
    />
  );
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-[minmax(8rem,1fr)_2fr] sm:items-baseline sm:gap-4">
      <dt className="text-sm font-medium text-neutral-600">{field.label}</dt>
      <dd className="min-w-0 text-sm text-neutral-900">
        {editing ? (
          <form
            onKeyDown={onKeyDown}
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
            className="space-y-2"
          >
            <FieldInput
              field={field}
              id={inputId}
              value={raw}
              onChange={(next) => {
                setRaw(next);
                setError(null);
              }}
              error={error ?? undefined}
              disabled={saving}
              app={app}
              client={client}
              tableId={table.id}
              hideLabel
            />
            <div className="flex gap-2">
              <button
                type="submit"
                className={primaryButton}
                disabled={saving}
                aria-busy={saving || undefined}
              >
                {saving ? 'Saving…' : 'Save'}
              </button>
              <button type="button" className={secondaryButton} onClick={close} disabled={saving}>
                Cancel
              </button>
            </div>
          </form>
        ) : !editable ? (
          value
        ) : HAS_LINKS.has(field.type) ? (
          <span className="flex flex-wrap items-start gap-2">
            <span className="min-w-0 flex-1">{value}</span>
            <button
              ref={trigger}
              type="button"
              onClick={open}
              className="rounded-md px-2 py-1 text-xs font-medium text-neutral-500 opacity-60 hover:bg-neutral-100 hover:opacity-100 focus-visible:opacity-100"
            >
              Edit<span className="sr-only"> {field.label}</span>
            </button>
          </span>
        ) : (
          <button
            ref={trigger}
            type="button"
            onClick={open}
            className="group -mx-2 flex w-[calc(100%+1rem)] min-h-9 items-center justify-between gap-2 rounded-md px-2 py-1 text-left hover:bg-neutral-100"
          >
            <span className="min-w-0">{value}</span>
            <span className="shrink-0 text-xs font-medium text-neutral-500 opacity-60 group-hover:opacity-100 group-focus-visible:opacity-100">
              Edit<span className="sr-only"> {field.label}</span>
            </span>
          </button>
        )}
      </dd>
    </div>
  );
}
