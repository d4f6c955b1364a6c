import { useId, useState } from 'react';
import type { Field } from '../../../../../../schemas/definitions.ts';
import { controlStyles } from './panel-inputs.tsx';
import { iconButton } from './panel-shell.tsx';

interface FieldIdsEditorProps {
  label: string;
  ids: readonly string[];
  /** The fields that may be picked (a view's table, a related table). */
  fields: readonly Field[];
  onCommit: (ids: string[]) => string | undefined;
  max?: number;
}

/**
 * An ordered choice of fields (a list's columns, a form section, a card's fields): add one,
 * move one up or down, remove one — all buttons, so the keyboard does everything the mouse does.
 */
export function FieldIdsEditor({ label, ids, fields, onCommit, max }: FieldIdsEditorProps) {
  const pickId = useId();
  const [pick, setPick] = useState('');
  const [error, setError] = useState<string>();
  const commit = (next: string[]) => setError(onCommit(next));
  const name = (id: string) => fields.find((field) => field.id === id)?.label ?? `${id} (missing)`;
  const available = fields.filter((field) => !ids.includes(field.id));
  const move = (from: number, to: number) => {
    const next = [...ids];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved!);
    commit(next);
  };
  const full = max !== undefined && ids.length >= max;
  return (
    <fieldset className="min-w-0 space-y-1.5">
      <legend className="text-xs font-medium text-neutral-700">{label}</legend>
      {ids.length === 0 && <p className="text-xs text-neutral-500">None yet.</p>}
      <ol className="space-y-0.5">
        {ids.map((id, i) => (
          <li key={id} className="flex items-center gap-1 rounded-md bg-neutral-50 pl-2 text-sm">
            <span className="min-w-0 flex-1 truncate">{name(id)}</span>
            <button
              type="button"
              className={iconButton}
              aria-label={`Move ${name(id)} up`}
              disabled={i === 0}
              onClick={() => move(i, i - 1)}
            >
              ↑
            </button>
            <button
              type="button"
              className={iconButton}
              aria-label={`Move ${name(id)} down`}
              disabled={i === ids.length - 1}
              onClick={() => move(i, i + 1)}
            >
              ↓
            </button>
            <button
              type="button"
              className={iconButton}
              aria-label={`Remove ${name(id)}`}
              onClick={() => commit(ids.filter((other) => other !== id))}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      {available.length > 0 && !full && (
        <div className="flex gap-1.5">
          <label htmlFor={pickId} className="sr-only">
            Field to add to {label.toLowerCase()}
          </label>
          <select
            id={pickId}
            value={pick}
            onChange={(event) => setPick(event.target.value)}
            className={`${controlStyles} border-neutral-300 py-1`}
          >
            <option value="">Choose a field…</option>
            {available.map((field) => (
              <option key={field.id} value={field.id}>
                {field.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!pick}
            onClick={() => {
              commit([...ids, pick]);
              setPick('');
            }}
            className="shrink-0 rounded-lg border border-neutral-300 bg-white px-2.5 text-xs font-medium text-neutral-800 hover:bg-neutral-50 disabled:opacity-50"
          >
            Add
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}
