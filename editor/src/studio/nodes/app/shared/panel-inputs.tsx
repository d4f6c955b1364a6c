import { type ReactNode, useEffect, useId, useState } from 'react';

/**
 * The inspector's form controls. Each is bound to a value of the definition and an edit: the
 * edit's refusal (an empty name, min above max) is shown under the control while the builder's
 * text stays, so nothing typed is lost; leaving a refused text puts the definition's value back.
 */

export const controlStyles =
  'block w-full rounded-lg border bg-white px-2.5 py-1.5 text-sm text-neutral-900 shadow-sm placeholder:text-neutral-400 ' +
  'focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 disabled:bg-neutral-50 disabled:text-neutral-500';

const labelStyles = 'block text-xs font-medium text-neutral-700';

/** Returns why the change was refused, or undefined when it was made. */
export type Commit<T> = (next: T) => string | undefined;

function Shell(props: { id: string; label: string; hint?: ReactNode; error?: string; children: ReactNode }) {
  const { id, label, hint, error, children } = props;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={labelStyles}>
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-note`} role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : (
        hint && (
          <p id={`${id}-note`} className="text-xs text-neutral-500">
            {hint}
          </p>
        )
      )}
    </div>
  );
}

/** Local text that follows the definition's value unless the builder is mid-way through a refused edit. */
function useDraft<T>(
  value: T,
): [T, (next: T) => void, string | undefined, (error: string | undefined) => void] {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string>();
  useEffect(() => {
    setDraft(value);
    setError(undefined);
  }, [value]);
  return [draft, setDraft, error, setError];
}

interface TextInputProps {
  label: string;
  value: string;
  onCommit: Commit<string>;
  hint?: ReactNode;
  placeholder?: string;
  multiline?: boolean;
  monospace?: boolean;
}

export function TextInput({
  label,
  value,
  onCommit,
  hint,
  placeholder,
  multiline,
  monospace,
}: TextInputProps) {
  const id = useId();
  const [draft, setDraft, error, setError] = useDraft(value);
  const common = {
    id,
    value: draft,
    placeholder,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error || hint ? `${id}-note` : undefined,
    onBlur: () => {
      if (!error) return;
      setDraft(value);
      setError(undefined);
    },
    className: `${controlStyles} ${monospace ? 'font-mono' : ''} ${error ? 'border-red-400' : 'border-neutral-300'}`,
  };
  const change = (next: string) => {
    setDraft(next);
    setError(onCommit(next));
  };
  return (
    <Shell id={id} label={label} hint={hint} error={error}>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(event) => change(event.target.value)} />
      ) : (
        <input {...common} type="text" onChange={(event) => change(event.target.value)} />
      )}
    </Shell>
  );
}

interface NumberInputProps {
  label: string;
  value: number | undefined;
  /** `undefined`: the builder emptied the input (the setting is cleared). */
  onCommit: Commit<number | undefined>;
  hint?: ReactNode;
  placeholder?: string;
}

/**
 * A number typed as text (not `type="number"`, which reports `-` or `1e` mid-typing as empty),
 * committed whenever the text reads as a number.
 */
export function NumberInput({ label, value, onCommit, hint, placeholder }: NumberInputProps) {
  const id = useId();
  const shown = value === undefined ? '' : String(value);
  const [draft, setDraft, error, setError] = useDraft(shown);
  const change = (text: string) => {
    setDraft(text);
    if (text.trim() === '') return setError(onCommit(undefined));
    const next = Number(text);
    if (Number.isFinite(next)) setError(onCommit(next));
  };
  return (
    <Shell id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={draft}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? `${id}-note` : undefined}
        onChange={(event) => change(event.target.value)}
        onBlur={() => {
          if (!error && draft === shown) return;
          setDraft(shown);
          setError(undefined);
        }}
        className={`${controlStyles} ${error ? 'border-red-400' : 'border-neutral-300'}`}
      />
    </Shell>
  );
}

export interface Choice {
  value: string;
  label: string;
}

interface SelectInputProps {
  label: string;
  value: string | undefined;
  onCommit: Commit<string>;
  choices: readonly Choice[];
  /** Offers an empty choice with this text (committing `''`), e.g. "None". */
  empty?: string;
  hint?: ReactNode;
}

export function SelectInput({ label, value, onCommit, choices, empty, hint }: SelectInputProps) {
  const id = useId();
  const [error, setError] = useState<string>();
  // A value the choices do not have (a draft naming a deleted field) is shown as it is, not hidden.
  const unknown = value !== undefined && value !== '' && !choices.some((choice) => choice.value === value);
  return (
    <Shell id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        value={value ?? ''}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? `${id}-note` : undefined}
        onChange={(event) => setError(onCommit(event.target.value))}
        className={`${controlStyles} ${error ? 'border-red-400' : 'border-neutral-300'}`}
      >
        {(empty !== undefined || value === undefined || value === '') && (
          <option value="">{empty ?? '—'}</option>
        )}
        {unknown && <option value={value}>{value} (missing)</option>}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}

interface CheckboxInputProps {
  label: string;
  checked: boolean;
  onCommit: Commit<boolean>;
  hint?: ReactNode;
}

export function CheckboxInput({ label, checked, onCommit, hint }: CheckboxInputProps) {
  const id = useId();
  const [error, setError] = useState<string>();
  return (
    <div>
      <div className="flex items-center gap-2">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          aria-describedby={error || hint ? `${id}-note` : undefined}
          onChange={(event) => setError(onCommit(event.target.checked))}
          className="h-4 w-4 rounded border-neutral-300 text-indigo-600 focus:ring-indigo-500"
        />
        <label htmlFor={id} className="text-sm text-neutral-800">
          {label}
        </label>
      </div>
      {error ? (
        <p id={`${id}-note`} role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : (
        hint && (
          <p id={`${id}-note`} className="mt-0.5 ml-6 text-xs text-neutral-500">
            {hint}
          </p>
        )
      )}
    </div>
  );
}
