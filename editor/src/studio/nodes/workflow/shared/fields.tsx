import { type ReactNode, useId } from 'react';
import { type CommitResult, useDraft } from './use-draft.ts';

/** The studio's form control look (see components/FormField.tsx), compact for a side panel. */
const CONTROL =
  'block w-full rounded-lg border bg-white px-3 py-2 text-sm text-neutral-900 shadow-sm placeholder:text-neutral-400 ' +
  'focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 ' +
  'disabled:cursor-not-allowed disabled:bg-neutral-50 disabled:text-neutral-500';

export function controlClass(invalid: boolean, extra = ''): string {
  return `${CONTROL} ${invalid ? 'border-red-400' : 'border-neutral-300'} ${extra}`;
}

interface ShellProps {
  id: string;
  label: string;
  hint?: ReactNode;
  /** Why the last value typed was refused (it was not applied). */
  error?: string | undefined;
  /** The validator's problems with the value the definition holds. */
  problems?: readonly string[];
  children: ReactNode;
}

/**
 * A label, the control, and what is wrong with it. Messages are plain text tied to the control
 * with aria-describedby rather than alerts: they change on every keystroke, and an alert each
 * time would drown a screen reader.
 */
export function FieldShell({ id, label, hint, error, problems = [], children }: ShellProps) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-neutral-800">
        {label}
      </label>
      {children}
      <div id={`${id}-notes`} className="space-y-0.5">
        {hint && !error && <p className="text-xs text-neutral-500">{hint}</p>}
        {error && <p className="text-xs text-red-700">Not applied: {error}</p>}
        {problems.map((message) => (
          <p key={message} className="text-xs text-amber-800">
            {message}
          </p>
        ))}
      </div>
    </div>
  );
}

export interface DraftTextProps {
  label: string;
  value: string;
  /** Applies the typed text; refused text stays in the input with the reason. */
  commit: (text: string) => CommitResult;
  hint?: ReactNode;
  problems?: readonly string[];
  placeholder?: string;
  multiline?: boolean;
  /** Code-like values (paths, expressions) read better in a monospace font. */
  mono?: boolean;
  rows?: number;
  /** The id of a <datalist> of suggestions (single-line inputs only). */
  list?: string;
}

export function DraftText({
  label,
  value,
  commit,
  hint,
  problems = [],
  placeholder,
  multiline,
  mono,
  rows = 3,
  list,
}: DraftTextProps) {
  const id = useId();
  // A draft of a broken shape may lack the setting altogether.
  const draft = useDraft(value ?? '', commit);
  const invalid = Boolean(draft.error) || problems.length > 0;
  const common = {
    id,
    value: draft.text,
    placeholder,
    'aria-invalid': invalid || undefined,
    'aria-describedby': `${id}-notes`,
    spellCheck: mono ? false : undefined,
  };
  const extra = mono ? 'font-mono text-xs' : '';
  return (
    <FieldShell id={id} label={label} hint={hint} error={draft.error} problems={problems}>
      {multiline ? (
        <textarea
          {...common}
          rows={rows}
          className={controlClass(invalid, `${extra} resize-y`)}
          onChange={(event) => draft.onChange(event.target.value)}
        />
      ) : (
        <input
          {...common}
          type="text"
          list={list}
          className={controlClass(invalid, extra)}
          onChange={(event) => draft.onChange(event.target.value)}
        />
      )}
    </FieldShell>
  );
}

/** A whole number typed as text (so an empty or half-typed value can be shown), checked before it is applied. */
export function DraftNumber({
  label,
  value,
  commit,
  min,
  max,
  optional,
  hint,
  problems,
  unit,
}: {
  label: string;
  value: number | undefined;
  commit: (value: number | undefined) => CommitResult;
  min: number;
  max: number;
  /** Empty clears the setting instead of being refused. */
  optional?: boolean;
  hint?: ReactNode;
  problems?: readonly string[];
  unit?: string;
}) {
  const parse = (text: string): CommitResult => {
    const trimmed = text.trim();
    if (trimmed === '') return optional ? commit(undefined) : { ok: false, reason: 'enter a number' };
    const number = Number(trimmed);
    if (!Number.isInteger(number)) return { ok: false, reason: 'enter a whole number' };
    if (number < min || number > max) return { ok: false, reason: `enter ${min} to ${max}` };
    return commit(number);
  };
  return (
    <DraftText
      label={unit ? `${label} (${unit})` : label}
      value={value === undefined ? '' : String(value)}
      commit={parse}
      hint={hint ?? `${min}–${max}${optional ? '; empty for the default' : ''}`}
      problems={problems ?? []}
    />
  );
}

export interface Choice {
  value: string;
  label: string;
}

export function SelectInput({
  label,
  value,
  choices,
  onChange,
  hint,
  problems = [],
}: {
  label: string;
  value: string;
  choices: readonly Choice[];
  onChange: (value: string) => void;
  hint?: ReactNode;
  problems?: readonly string[];
}) {
  const id = useId();
  // A value the definition holds but the list lacks (a deleted connection) stays visible, marked.
  const known = choices.some((choice) => choice.value === value);
  const held = value ?? '';
  const all = known ? choices : [{ value: held, label: `${held || '(none)'} — not available` }, ...choices];
  return (
    <FieldShell id={id} label={label} hint={hint} problems={problems}>
      <select
        id={id}
        value={held}
        aria-invalid={problems.length > 0 || !known || undefined}
        aria-describedby={`${id}-notes`}
        className={controlClass(problems.length > 0 || !known)}
        onChange={(event) => onChange(event.target.value)}
      >
        {all.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CheckboxInput({
  label,
  checked,
  onChange,
  hint,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-0.5 size-4 rounded border-neutral-300 text-indigo-600 focus:ring-indigo-500"
        onChange={(event) => onChange(event.target.checked)}
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-neutral-800">
          {label}
        </label>
        {hint && (
          <p id={`${id}-hint`} className="text-xs text-neutral-500">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}

/** A titled group of settings in a panel. */
export function PanelSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-3 border-t border-neutral-200 pt-4">
      <h3 className="text-xs font-semibold tracking-wide text-neutral-500 uppercase">{title}</h3>
      {children}
    </section>
  );
}

/** A small text button for list editing (add, remove, move) inside a panel. */
export function SmallButton({
  children,
  onClick,
  label,
  disabled,
  tone = 'neutral',
}: {
  children: ReactNode;
  onClick: () => void;
  /** The accessible name when the visible text is only a symbol. */
  label?: string;
  disabled?: boolean;
  tone?: 'neutral' | 'danger';
}) {
  const colours =
    tone === 'danger' ? 'text-red-700 hover:bg-red-50' : 'text-neutral-700 hover:bg-neutral-100';
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
      className={`inline-flex min-h-8 items-center rounded-md px-2 text-xs font-medium ${colours} disabled:cursor-not-allowed disabled:opacity-40`}
    >
      {children}
    </button>
  );
}
