import { Color, type Field, type SelectOption, type Table } from '../../../../../../schemas/definitions.ts';
import { idFromLabel, uniqueId, uniqueLabel } from '../../../model/ids.ts';
import { updateField } from '../../../model/index.ts';
import { controlStyles } from '../shared/panel-inputs.tsx';
import { iconButton, Notice } from '../shared/panel-shell.tsx';
import { useEditNotice } from '../shared/use-app-edit.ts';

type SelectField = Extract<Field, { type: 'single_select' | 'multi_select' }>;

/** Whole class names (Tailwind only sees literal ones), one swatch per named colour. */
const SWATCH: Record<Color, string> = {
  gray: 'bg-gray-400',
  red: 'bg-red-500',
  orange: 'bg-orange-500',
  amber: 'bg-amber-500',
  yellow: 'bg-yellow-400',
  lime: 'bg-lime-500',
  green: 'bg-green-500',
  emerald: 'bg-emerald-500',
  teal: 'bg-teal-500',
  cyan: 'bg-cyan-500',
  sky: 'bg-sky-500',
  blue: 'bg-blue-500',
  indigo: 'bg-indigo-500',
  violet: 'bg-violet-500',
  purple: 'bg-purple-500',
  fuchsia: 'bg-fuchsia-500',
  pink: 'bg-pink-500',
  rose: 'bg-rose-500',
};

/**
 * The options of a single- or multiple-choice field: each a name and a colour. An option's id
 * stays when it is renamed, so stored values keep their option; a removed option that rows,
 * filters or the state machine use shows up as a problem.
 */
export function SelectOptionsEditor({ table, field }: { table: Table; field: SelectField }) {
  const { notice, run } = useEditNotice();
  const save = (options: SelectOption[], coalesceKey?: string) =>
    run((d) => updateField(d, { tableId: table.id, fieldId: field.id, patch: { options } }), coalesceKey);
  const change = (id: string, next: Partial<SelectOption>, coalesceKey?: string) =>
    save(
      field.options.map((option) => (option.id === id ? { ...option, ...next } : option)),
      coalesceKey,
    );
  const add = () => {
    const label = uniqueLabel(
      `Option ${field.options.length + 1}`,
      field.options.map((o) => o.label),
    );
    const id = uniqueId(
      idFromLabel(label, 'option'),
      field.options.map((o) => o.id),
    );
    const color = Color.options[field.options.length % Color.options.length]!;
    save([...field.options, { id, label, color }]);
  };
  return (
    <fieldset className="min-w-0 space-y-1.5">
      <legend className="text-xs font-medium text-neutral-700">Options</legend>
      <ul className="space-y-1">
        {field.options.map((option, i) => (
          <li key={option.id} className="flex items-center gap-1.5">
            <span
              aria-hidden="true"
              className={`h-3 w-3 shrink-0 rounded-full ${SWATCH[option.color] ?? 'bg-gray-400'}`}
            />
            <input
              aria-label={`Name of option ${i + 1}`}
              value={option.label}
              onChange={(event) =>
                change(
                  option.id,
                  { label: event.target.value },
                  `option:${table.id}.${field.id}.${option.id}`,
                )
              }
              className={`${controlStyles} min-w-0 flex-1 border-neutral-300 py-1`}
            />
            <select
              aria-label={`Colour of ${option.label}`}
              value={option.color}
              onChange={(event) => change(option.id, { color: event.target.value as Color })}
              // `w-24!`: controlStyles' w-full would otherwise win and squeeze the option's name to nothing.
              className={`${controlStyles} w-24! shrink-0 border-neutral-300 py-1`}
            >
              {Color.options.map((color) => (
                <option key={color} value={color}>
                  {color}
                </option>
              ))}
            </select>
            <button
              type="button"
              className={iconButton}
              aria-label={`Remove option ${option.label}`}
              disabled={field.options.length === 1}
              onClick={() => save(field.options.filter((o) => o.id !== option.id))}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={add} className="text-xs font-medium text-indigo-700 hover:underline">
        + Add option
      </button>
      <Notice message={notice} />
    </fieldset>
  );
}
