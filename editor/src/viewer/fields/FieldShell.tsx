import type { ReactNode } from 'react';
import type { Field } from '../../../../schemas/app/fields.ts';

/** Shared look of the viewer's inputs. */
export const controlClass =
  'block w-full min-h-10 rounded-lg border bg-white px-3 py-2 text-sm text-neutral-900 shadow-sm ' +
  'placeholder:text-neutral-400 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 ' +
  'disabled:cursor-not-allowed disabled:bg-neutral-100 disabled:text-neutral-500';

export const controlBorder = (error: string | undefined) =>
  error ? 'border-red-500 bg-red-50/30' : 'border-neutral-300';

export const errorId = (id: string) => `${id}-error`;
export const hintId = (id: string) => `${id}-hint`;

/** What an input's `aria-describedby` names: its error first (read first), then its hint. */
export function describedBy(id: string, error: string | undefined, hint: ReactNode): string | undefined {
  const ids = [error ? errorId(id) : null, hint ? hintId(id) : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** The attributes every control of a field carries. */
export function controlAria(id: string, error: string | undefined, hint: ReactNode) {
  return {
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, error, hint),
  } as const;
}

interface FieldShellProps {
  id: string;
  field: Field;
  error?: string | undefined;
  /** Shown under the control: the field's description, its bounds, how to write a value. */
  hint?: ReactNode;
  /** A group of controls (checkboxes, stars): a fieldset named by a legend instead of a label. */
  group?: boolean;
  /** The label is for screen readers only (the page shows the field's name beside it already). */
  hideLabel?: boolean;
  /** The app sets the value: say so instead of marking it required. */
  readOnly?: boolean;
  children: ReactNode;
}

/**
 * A field's label, control, hint and error. The error has an id the control points at
 * (`aria-describedby`), so a screen reader reads it with the field.
 */
export function FieldShell({
  id,
  field,
  error,
  hint,
  group,
  hideLabel,
  readOnly,
  children,
}: FieldShellProps) {
  const labelText = (
    <>
      {field.label}
      {field.required && !readOnly && (
        <span className="ml-0.5 text-red-700" aria-hidden="true">
          *
        </span>
      )}
      {field.required && !readOnly && <span className="sr-only"> (required)</span>}
    </>
  );
  const labelClass = hideLabel ? 'sr-only' : 'mb-1.5 block text-sm font-medium text-neutral-800';
  const messages = (
    <>
      {hint && (
        <p id={hintId(id)} className="mt-1 text-xs text-neutral-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId(id)} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </>
  );
  if (group)
    return (
      <fieldset className="min-w-0" aria-describedby={describedBy(id, error, hint)}>
        <legend id={`${id}-label`} className={labelClass}>
          {labelText}
        </legend>
        {children}
        {messages}
      </fieldset>
    );
  return (
    <div className="min-w-0">
      <label id={`${id}-label`} htmlFor={id} className={labelClass}>
        {labelText}
      </label>
      {children}
      {messages}
    </div>
  );
}
