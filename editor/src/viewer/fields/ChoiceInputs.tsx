import type { Field } from '../../../../schemas/app/fields.ts';
import { controlAria, controlBorder, controlClass } from './FieldShell.tsx';
import { OPTION_COLORS } from './option-colors.ts';
import type { ControlProps } from './TextInputs.tsx';

type Of<T extends Field['type']> = Extract<Field, { type: T }>;

/** A checkbox with the field's name beside it (the shell's label is for screen readers then). */
export function BooleanInput({
  field,
  value,
  onChange,
  onBlur,
  error,
  id,
  disabled,
  hint,
}: ControlProps<Of<'boolean'>>) {
  return (
    <label
      htmlFor={id}
      className={`flex min-h-10 cursor-pointer items-center gap-3 rounded-lg border px-3 py-2 text-sm ${controlBorder(error)} ${disabled ? 'cursor-not-allowed opacity-70' : 'bg-white'}`}
    >
      <input
        id={id}
        name={field.id}
        type="checkbox"
        checked={value === true}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
        onBlur={onBlur}
        className="size-4 rounded border-neutral-400 accent-indigo-600"
        {...controlAria(id, error, hint)}
      />
      <span aria-hidden="true" className="text-neutral-800">
        {value === true ? 'Yes' : 'No'}
      </span>
    </label>
  );
}

export function SingleSelectInput({
  field,
  value,
  onChange,
  onBlur,
  error,
  id,
  disabled,
  hint,
}: ControlProps<Of<'single_select'>>) {
  const selected = field.options.find((option) => option.id === value);
  return (
    <div className="relative">
      {selected && (
        <span
          aria-hidden="true"
          className={`pointer-events-none absolute top-1/2 left-3 size-2.5 -translate-y-1/2 rounded-full ${OPTION_COLORS[selected.color].dot}`}
        />
      )}
      <select
        id={id}
        name={field.id}
        value={typeof value === 'string' ? value : ''}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
        className={`${controlClass} ${controlBorder(error)} ${selected ? 'pl-7' : ''}`}
        {...controlAria(id, error, hint)}
      >
        <option value="">{field.required ? 'Choose…' : '— None —'}</option>
        {field.options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** One checkbox per option, as chips in the options' colours; the fieldset names the group. */
export function MultiSelectInput({
  field,
  value,
  onChange,
  onBlur,
  error,
  id,
  disabled,
  hint,
}: ControlProps<Of<'multi_select'>>) {
  const chosen = Array.isArray(value) ? (value as unknown[]) : [];
  const toggle = (optionId: string, on: boolean) =>
    onChange(on ? [...chosen, optionId] : chosen.filter((item) => item !== optionId));
  return (
    <div className="flex flex-wrap gap-2">
      {field.options.map((option, index) => {
        const checked = chosen.includes(option.id);
        const inputId = index === 0 ? id : `${id}-${option.id}`;
        return (
          <label
            key={option.id}
            htmlFor={inputId}
            className={`inline-flex min-h-9 cursor-pointer items-center gap-2 rounded-full border px-3 py-1 text-sm has-focus-visible:ring-2 has-focus-visible:ring-indigo-500 ${
              checked
                ? `${OPTION_COLORS[option.color].chip} border-transparent`
                : 'border-neutral-300 bg-white text-neutral-700'
            } ${disabled ? 'cursor-not-allowed opacity-70' : ''}`}
          >
            <input
              id={inputId}
              type="checkbox"
              name={field.id}
              checked={checked}
              disabled={disabled}
              onChange={(event) => toggle(option.id, event.target.checked)}
              onBlur={onBlur}
              className="sr-only"
              {...controlAria(id, error, hint)}
            />
            <span aria-hidden="true" className={`size-2 rounded-full ${OPTION_COLORS[option.color].dot}`} />
            {option.label}
            {checked && <span aria-hidden="true">✓</span>}
          </label>
        );
      })}
    </div>
  );
}

/** Stars as radio buttons (arrow keys move between them), and a way back to no rating. */
export function RatingInput({
  field,
  value,
  onChange,
  onBlur,
  error,
  id,
  disabled,
  hint,
}: ControlProps<Of<'rating'>>) {
  const current = typeof value === 'number' ? value : Number(value) || 0;
  const stars = Array.from({ length: field.max }, (_, i) => i + 1);
  return (
    <div className="flex flex-wrap items-center gap-1">
      {stars.map((n) => (
        <label
          key={n}
          htmlFor={n === 1 ? id : `${id}-${n}`}
          className={`grid size-9 cursor-pointer place-items-center rounded-md text-2xl leading-none has-focus-visible:ring-2 has-focus-visible:ring-indigo-500 ${
            n <= current ? 'text-amber-500' : 'text-neutral-300'
          } ${disabled ? 'cursor-not-allowed' : 'hover:bg-neutral-100'}`}
        >
          <input
            id={n === 1 ? id : `${id}-${n}`}
            type="radio"
            name={`${id}-rating`}
            value={n}
            checked={current === n}
            disabled={disabled}
            onChange={() => onChange(n)}
            onBlur={onBlur}
            className="sr-only"
            {...controlAria(id, error, hint)}
          />
          <span aria-hidden="true">★</span>
          <span className="sr-only">
            {n} of {field.max}
          </span>
        </label>
      ))}
      {current > 0 && !disabled && (
        <button
          type="button"
          onClick={() => onChange(null)}
          className="ml-1 rounded-md px-2 py-1 text-xs text-neutral-600 underline hover:text-neutral-900"
        >
          Clear rating
        </button>
      )}
    </div>
  );
}
