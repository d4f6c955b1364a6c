import { type KeyboardEvent, useEffect, useId, useMemo, useState } from 'react';
import type { ViewerApp } from '../../../../schemas/api/viewer.ts';
import type { ViewerClient } from '../api/client.ts';
import { controlAria, controlBorder, controlClass } from './FieldShell.tsx';
import {
  pickerQuery,
  type RelationField,
  type RelationTarget,
  relationTarget,
  rowName,
  rowsByIdQuery,
} from './relation-query.ts';
import type { ControlProps } from './TextInputs.tsx';
import { shortId } from './value-format.ts';

interface Choice {
  id: string;
  name: string;
}

const idsOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string' && value
      ? [value]
      : [];

/** Names of the rows a value already holds, fetched once per set of ids. */
function useNames(client: ViewerClient, target: RelationTarget | null, ids: string[]) {
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const missing = ids.filter((id) => !names.has(id) && /^[0-9a-f-]{36}$/i.test(id));
  const key = missing.join(',');
  useEffect(() => {
    if (!target?.readable || key === '') return;
    let current = true;
    client.rows(target.table.id, rowsByIdQuery(target, key.split(','))).then(
      ({ rows }) => {
        if (!current) return;
        setNames((previous) => {
          const next = new Map(previous);
          for (const row of rows) next.set(row.id, rowName(target, row));
          return next;
        });
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [client, target, key]);
  return {
    names,
    remember: (choice: Choice) => setNames((previous) => new Map(previous).set(choice.id, choice.name)),
  };
}

interface PickerProps extends ControlProps<RelationField> {
  app: ViewerApp;
  client: ViewerClient;
}

/**
 * A related row chosen by name: a combobox that searches the target table (ilike on its primary
 * field) as the person types. Without read access to the target, a box for the row's id.
 */
export function RelationPicker(props: PickerProps) {
  const { field, app } = props;
  // One object per field, so effects that read it do not run again on every render.
  const target = useMemo(() => relationTarget(app, field), [app, field]);
  if (!target?.readable) return <IdBox {...props} />;
  return <Combobox {...props} target={target} />;
}

function IdBox({ field, value, onChange, onBlur, error, id, disabled, hint }: PickerProps) {
  const many = field.cardinality !== 'many_to_one';
  const text = Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : '';
  return (
    <input
      id={id}
      name={field.id}
      type="text"
      autoComplete="off"
      spellCheck={false}
      placeholder={many ? 'Row ids, separated by commas' : 'The row’s id'}
      value={text}
      disabled={disabled}
      onChange={(event) => onChange(many ? event.target.value : event.target.value.trim())}
      onBlur={onBlur}
      className={`${controlClass} ${controlBorder(error)} font-mono`}
      {...controlAria(id, error, hint)}
    />
  );
}

function Combobox({
  field,
  value,
  onChange,
  onBlur,
  error,
  id,
  disabled,
  hint,
  app,
  client,
  target,
}: PickerProps & { target: RelationTarget }) {
  const many = field.cardinality !== 'many_to_one';
  const chosen = idsOf(value);
  const { names, remember } = useNames(client, target, chosen);
  const [search, setSearch] = useState<string | null>(null);
  const [results, setResults] = useState<Choice[]>([]);
  const [status, setStatus] = useState<'idle' | 'loading' | 'error'>('idle');
  const [active, setActive] = useState(0);
  const listId = useId();
  const open = search !== null;

  useEffect(() => {
    if (search === null) return;
    let current = true;
    setStatus('loading');
    // A short pause, so typing "acme" asks once, not four times.
    const timer = setTimeout(() => {
      client.rows(target.table.id, pickerQuery(app, target, search)).then(
        ({ rows }) => {
          if (!current) return;
          setResults(rows.map((row) => ({ id: row.id, name: rowName(target, row) })));
          setActive(0);
          setStatus('idle');
        },
        () => current && setStatus('error'),
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [app, client, target, search]);

  const pick = (choice: Choice) => {
    remember(choice);
    if (many) onChange(chosen.includes(choice.id) ? chosen : [...chosen, choice.id]);
    else onChange(choice.id);
    setSearch(many ? '' : null);
  };
  const remove = (rowId: string) => onChange(many ? chosen.filter((item) => item !== rowId) : '');
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) setSearch('');
      else setActive((i) => Math.min(results.length - 1, i + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (event.key === 'Enter' && open && results[active]) {
      event.preventDefault();
      pick(results[active]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setSearch(null);
    }
  };
  const name = (rowId: string) => names.get(rowId) ?? shortId(rowId);
  const shown = open ? search : many ? '' : chosen[0] ? name(chosen[0]) : '';
  return (
    <div className="relative">
      {many && chosen.length > 0 && (
        <ul className="mb-2 flex flex-wrap gap-1.5" aria-label={`${field.label}: chosen`}>
          {chosen.map((rowId) => (
            <li
              key={rowId}
              className="inline-flex items-center gap-1 rounded-full bg-indigo-50 py-0.5 pr-1 pl-3 text-sm text-indigo-900"
            >
              {name(rowId)}
              {!disabled && (
                <button
                  type="button"
                  onClick={() => remove(rowId)}
                  className="grid size-7 place-items-center rounded-full hover:bg-indigo-100"
                  aria-label={`Remove ${name(rowId)}`}
                >
                  <span aria-hidden="true">×</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="flex gap-2">
        <input
          id={id}
          name={field.id}
          type="text"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && results[active] ? `${listId}-${results[active].id}` : undefined}
          autoComplete="off"
          placeholder={
            many ? `Add ${target.table.label.toLowerCase()}…` : `Search ${target.table.label.toLowerCase()}…`
          }
          value={shown}
          disabled={disabled}
          onChange={(event) => setSearch(event.target.value)}
          onFocus={() => setSearch((s) => s ?? '')}
          onKeyDown={onKeyDown}
          onBlur={() => {
            // Let a click on an option land before the list closes.
            setTimeout(() => setSearch(null), 150);
            onBlur?.();
          }}
          className={`${controlClass} ${controlBorder(error)}`}
          {...controlAria(id, error, hint)}
        />
        {!many && chosen[0] && !disabled && (
          <button
            type="button"
            onClick={() => remove(chosen[0]!)}
            className="shrink-0 rounded-lg border border-neutral-300 px-3 text-sm text-neutral-700 hover:bg-neutral-50"
            aria-label={`Clear ${field.label}`}
          >
            Clear
          </button>
        )}
      </div>
      {open && (
        <div
          id={listId}
          role="listbox"
          aria-label={`${target.table.label} matching`}
          className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-lg border border-neutral-200 bg-white py-1 text-sm shadow-lg"
        >
          {status === 'loading' && results.length === 0 && (
            <p className="px-3 py-2 text-neutral-500">Searching…</p>
          )}
          {status === 'error' && (
            <p className="px-3 py-2 text-red-700">Could not search {target.table.label}. Try again.</p>
          )}
          {status === 'idle' && results.length === 0 && (
            <p className="px-3 py-2 text-neutral-500">
              No {target.table.label.toLowerCase()} match “{search}”.
            </p>
          )}
          {results.map((choice, index) => (
            <div
              key={choice.id}
              id={`${listId}-${choice.id}`}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(choice)}
              onKeyDown={() => undefined}
              className={`flex cursor-pointer items-center justify-between px-3 py-2 ${index === active ? 'bg-indigo-50 text-indigo-900' : 'text-neutral-800'}`}
            >
              {choice.name}
              {chosen.includes(choice.id) && <span aria-hidden="true">✓</span>}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
