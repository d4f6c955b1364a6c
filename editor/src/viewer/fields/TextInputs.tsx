import type { KeyboardEvent } from 'react';
import type { Field } from '../../../../schemas/app/fields.ts';
import { controlAria, controlBorder, controlClass } from './FieldShell.tsx';
import { stepped } from './field-hints.ts';

type Of<T extends Field['type']> = Extract<Field, { type: T }>;

export interface ControlProps<F extends Field = Field> {
  field: F;
  value: unknown;
  onChange: (value: unknown) => void;
  onBlur?: (() => void) | undefined;
  error?: string | undefined;
  id: string;
  disabled?: boolean | undefined;
  /** Whether the shell shows a hint (so the control points at it). */
  hint?: string | null | undefined;
}

const asText = (value: unknown): string =>
  typeof value === 'string' ? value : value == null ? '' : String(value);

const TEXT_INPUT: Record<
  'text' | 'email' | 'url' | 'phone',
  { type: string; inputMode?: 'email' | 'url' | 'tel'; autoComplete?: string }
> = {
  text: { type: 'text' },
  email: { type: 'email', inputMode: 'email', autoComplete: 'email' },
  url: { type: 'url', inputMode: 'url', autoComplete: 'url' },
  phone: { type: 'tel', inputMode: 'tel', autoComplete: 'tel' },
};

/** Text, e-mail, link and phone: one line. The runtime checks the form; the browser does not. */
export function TextInput({
  field,
  value,
  onChange,
  onBlur,
  error,
  id,
  disabled,
  hint,
}: ControlProps<Of<'text' | 'email' | 'url' | 'phone'>>) {
  const kind = TEXT_INPUT[field.type];
  const text = asText(value);
  return (
    <>
      <input
        id={id}
        name={field.id}
        type={kind.type}
        inputMode={kind.inputMode}
        autoComplete={kind.autoComplete ?? 'off'}
        value={text}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
        className={`${controlClass} ${controlBorder(error)}`}
        {...controlAria(id, error, hint)}
      />
      {field.type === 'text' && field.maxLength !== undefined && (
        <Counter text={text} max={field.maxLength} />
      )}
    </>
  );
}

function Counter({ text, max }: { text: string; max: number }) {
  const length = [...text].length;
  // Shown once it matters; a screen reader hears the error, not every keystroke's count.
  if (length < max * 0.8) return null;
  return (
    <p
      aria-hidden="true"
      className={`mt-1 text-right text-xs ${length > max ? 'text-red-700' : 'text-neutral-500'}`}
    >
      {length} / {max}
    </p>
  );
}

export function LongTextInput({
  field,
  value,
  onChange,
  onBlur,
  error,
  id,
  disabled,
  hint,
}: ControlProps<Of<'long_text'>>) {
  const text = asText(value);
  return (
    <>
      <textarea
        id={id}
        name={field.id}
        rows={4}
        value={text}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
        className={`${controlClass} ${controlBorder(error)} resize-y`}
        {...controlAria(id, error, hint)}
      />
      {field.maxLength !== undefined && <Counter text={text} max={field.maxLength} />}
    </>
  );
}

type NumberLike = Of<'number' | 'currency' | 'percent' | 'duration'>;

function affixes(field: NumberLike): { prefix?: string; suffix?: string } {
  if (field.type === 'currency') return { prefix: field.currency };
  if (field.type === 'percent') return { suffix: '%' };
  if (field.type === 'duration') return { suffix: field.displayUnit };
  return {};
}

/**
 * Numbers in a text box (inputMode decimal): what was typed stays as typed, and the runtime says
 * what is wrong with it ("use a dot for decimals"). ArrowUp / ArrowDown step within the bounds.
 */
export function NumberInput({
  field,
  value,
  onChange,
  onBlur,
  error,
  id,
  disabled,
  hint,
}: ControlProps<NumberLike>) {
  const { prefix, suffix } = affixes(field);
  const text = asText(value);
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    event.preventDefault();
    onChange(stepped(field, text, event.key === 'ArrowUp' ? 1 : -1));
  };
  const whole = field.type === 'number' && field.precision === 0;
  return (
    <div className="flex items-stretch">
      {prefix && (
        <span
          aria-hidden="true"
          className="inline-flex items-center rounded-l-lg border border-r-0 border-neutral-300 bg-neutral-50 px-2.5 text-sm text-neutral-600"
        >
          {prefix}
        </span>
      )}
      <input
        id={id}
        name={field.id}
        type="text"
        inputMode={whole ? 'numeric' : 'decimal'}
        autoComplete="off"
        value={text}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
        className={`${controlClass} ${controlBorder(error)} tabular-nums ${prefix ? 'rounded-l-none' : ''} ${suffix ? 'rounded-r-none' : ''}`}
        {...controlAria(id, error, hint)}
      />
      {suffix && (
        <span className="inline-flex items-center rounded-r-lg border border-l-0 border-neutral-300 bg-neutral-50 px-2.5 text-sm text-neutral-600">
          {suffix}
        </span>
      )}
    </div>
  );
}

export function DateInput({
  field,
  value,
  onChange,
  onBlur,
  error,
  id,
  disabled,
  hint,
}: ControlProps<Of<'date'>>) {
  return (
    <input
      id={id}
      name={field.id}
      type="date"
      value={asText(value)}
      min={field.min}
      max={field.max}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value)}
      onBlur={onBlur}
      className={`${controlClass} ${controlBorder(error)}`}
      {...controlAria(id, error, hint)}
    />
  );
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as a `datetime-local` value in the browser's time zone. */
export function localDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * A moment, typed in the person's own time zone and kept as an ISO instant (the runtime reads a
 * time without a zone as UTC, which is not what someone in Lisbon or Tokyo means).
 */
export function DateTimeInput({
  field,
  value,
  onChange,
  onBlur,
  error,
  id,
  disabled,
  hint,
}: ControlProps<Of<'datetime'>>) {
  const iso = asText(value);
  return (
    <input
      id={id}
      name={field.id}
      type="datetime-local"
      value={iso ? localDateTime(iso) : ''}
      min={field.min ? localDateTime(field.min) : undefined}
      max={field.max ? localDateTime(field.max) : undefined}
      disabled={disabled}
      onChange={(event) => {
        const local = event.target.value;
        const date = local ? new Date(local) : null;
        onChange(date && !Number.isNaN(date.getTime()) ? date.toISOString() : '');
      }}
      onBlur={onBlur}
      className={`${controlClass} ${controlBorder(error)}`}
      {...controlAria(id, error, hint)}
    />
  );
}
