import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { AppDefinition, Table } from '../../../../../schemas/app/app-definition.ts';
import type { FilterCondition } from '../../../../../schemas/app/filters.ts';
import {
  choiceOptions,
  durationUnit,
  filterableFields,
  filterOperators,
  filterValue,
} from './filter-operators.ts';

interface Props {
  definition: AppDefinition;
  table: Table;
  filters: FilterCondition[];
  onChange: (filters: FilterCondition[]) => void;
}

const CONTROL =
  'block min-h-10 w-full rounded-lg border border-neutral-300 bg-white px-3 text-base text-neutral-900 shadow-sm focus:border-(--app-accent) sm:text-sm';

/** The form that adds one filter; `onDone` closes it (after adding, or on Cancel / Escape). */
export function FilterForm({
  definition,
  table,
  filters,
  onChange,
  onDone,
  id,
}: Props & { onDone: () => void; id: string }) {
  const fields = filterableFields(definition, table);
  const [fieldId, setFieldId] = useState(fields[0]?.id ?? '');
  const field = fields.find((f) => f.id === fieldId) ?? fields[0];
  const operators = field ? filterOperators(definition, table, field) : [];
  const [op, setOp] = useState(operators[0]?.op ?? 'eq');
  const choice = operators.find((c) => c.op === op) ?? operators[0];
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const ids = { field: useId(), op: useId(), value: useId(), error: useId() };
  const first = useRef<HTMLSelectElement>(null);

  useEffect(() => first.current?.focus(), []);

  if (!field || !choice)
    return (
      <p id={id} className="text-sm text-neutral-600">
        This list has no fields to filter on.
      </p>
    );

  const options = choiceOptions(definition, table, field);
  const unit = durationUnit(definition, table, field);

  const chooseField = (next: string) => {
    setFieldId(next);
    const nextField = fields.find((f) => f.id === next);
    setOp(nextField ? (filterOperators(definition, table, nextField)[0]?.op ?? 'eq') : 'eq');
    setText('');
    setPicked([]);
    setError(null);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const raw =
      choice.value === 'options'
        ? picked
        : choice.value === 'option' && !text
          ? (options[0]?.id ?? '')
          : text;
    const value = filterValue(definition, table, field, choice.value, raw);
    if (value === null) {
      setError(
        choice.value === 'options'
          ? 'Pick at least one option.'
          : choice.value === 'number'
            ? 'Enter a number, like 12 or 4.5.'
            : 'Enter a value to filter by.',
      );
      return;
    }
    onChange([...filters, { fieldId: field.id, op: choice.op, ...(value === undefined ? {} : { value }) }]);
    onDone();
  };

  const invalid = error ? { 'aria-invalid': true, 'aria-describedby': ids.error } : {};
  let valueInput: ReactNode = null;
  switch (choice.value) {
    case 'none':
      break;
    case 'options':
      valueInput = (
        <fieldset className="sm:col-span-3">
          <legend className="mb-1 text-xs font-medium text-neutral-700">Values</legend>
          <div className="flex max-h-40 flex-wrap gap-x-4 gap-y-1 overflow-y-auto">
            {options.map((option) => (
              <label key={option.id} className="inline-flex min-h-8 items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="size-4 accent-(--app-accent)"
                  checked={picked.includes(option.id)}
                  onChange={(event) =>
                    setPicked((list) =>
                      event.target.checked ? [...list, option.id] : list.filter((id) => id !== option.id),
                    )
                  }
                />
                {option.label}
              </label>
            ))}
          </div>
        </fieldset>
      );
      break;
    case 'option':
    case 'boolean':
      valueInput = (
        <div>
          <label htmlFor={ids.value} className="mb-1 block text-xs font-medium text-neutral-700">
            Value
          </label>
          <select
            id={ids.value}
            className={CONTROL}
            value={text}
            onChange={(event) => setText(event.target.value)}
          >
            {choice.value === 'boolean' ? (
              <>
                <option value="">Choose…</option>
                <option value="true">Yes</option>
                <option value="false">No</option>
              </>
            ) : (
              options.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))
            )}
          </select>
        </div>
      );
      break;
    default:
      valueInput = (
        <div>
          <label htmlFor={ids.value} className="mb-1 block text-xs font-medium text-neutral-700">
            Value{unit ? ` (${unit})` : ''}
          </label>
          <input
            id={ids.value}
            className={CONTROL}
            type={
              choice.value === 'number'
                ? 'number'
                : choice.value === 'date'
                  ? 'date'
                  : choice.value === 'datetime'
                    ? 'datetime-local'
                    : 'text'
            }
            step={choice.value === 'number' ? 'any' : undefined}
            inputMode={choice.value === 'number' ? 'decimal' : undefined}
            value={text}
            onChange={(event) => setText(event.target.value)}
            {...invalid}
          />
        </div>
      );
  }

  return (
    <form
      id={id}
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onDone();
        }
      }}
      className="rounded-xl border border-neutral-200 bg-white p-4 shadow-sm"
      aria-label="Add a filter"
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <div>
          <label htmlFor={ids.field} className="mb-1 block text-xs font-medium text-neutral-700">
            Field
          </label>
          <select
            ref={first}
            id={ids.field}
            className={CONTROL}
            value={field.id}
            onChange={(e) => chooseField(e.target.value)}
          >
            {fields.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.op} className="mb-1 block text-xs font-medium text-neutral-700">
            Condition
          </label>
          <select
            id={ids.op}
            className={CONTROL}
            value={choice.op}
            onChange={(event) => {
              setOp(event.target.value as typeof op);
              setError(null);
            }}
          >
            {operators.map((c) => (
              <option key={c.op} value={c.op}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        {valueInput}
      </div>
      {error && (
        <p id={ids.error} role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <div className="mt-4 flex gap-2">
        <button
          type="submit"
          className="inline-flex min-h-10 items-center rounded-lg bg-(--app-accent) px-4 text-sm font-medium text-(--app-on-accent) shadow-sm hover:brightness-110"
        >
          Add filter
        </button>
        <button
          type="button"
          onClick={onDone}
          className="inline-flex min-h-10 items-center rounded-lg border border-neutral-300 bg-white px-4 text-sm font-medium text-neutral-700 hover:bg-neutral-50"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
