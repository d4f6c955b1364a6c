import { type ChangeEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { checkSource, type ExpressionCheck, type ExpressionSpec, typeWords } from './expression-check.ts';

/** Long enough that a word typed in one breath is checked once, short enough to feel live. */
const CHECK_DELAY_MS = 150;

interface ExpressionInputProps {
  label: string;
  /** The expression as the definition has it. */
  value: string;
  /**
   * Called on every keystroke with the new text; returns why the edit was refused (an empty
   * expression, say), which is shown under the input, or undefined when it was taken.
   */
  onChange: (next: string) => string | undefined;
  /** The variables and the expected type (`expressionSpec`); undefined checks nothing. */
  spec: ExpressionSpec | undefined;
  /** An optional expression (a condition, a guard): empty means "none" and is not an error. */
  optional?: boolean;
  hint?: ReactNode;
  placeholder?: string;
  rows?: number;
  disabled?: boolean;
}

/**
 * A CEL expression input that checks as the builder types, with the server's checker and context,
 * and underlines what the first error is about. The underline is drawn by a mirror of the text
 * behind a transparent textarea, so the textarea stays a plain, accessible form control.
 */
export function ExpressionInput(props: ExpressionInputProps) {
  const { label, value, onChange, spec, optional, hint, placeholder, rows = 2, disabled } = props;
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [refusal, setRefusal] = useState<string>();
  const [check, setCheck] = useState<ExpressionCheck | undefined>(() => run(value, spec, optional));
  const mirror = useRef<HTMLDivElement>(null);

  // An undo, a redo or another panel changed the expression: show the definition's text again.
  useEffect(() => {
    setDraft((current) => (current === value ? current : value));
    setRefusal(undefined);
  }, [value]);

  useEffect(() => {
    const timer = setTimeout(() => setCheck(run(draft, spec, optional)), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, spec, optional]);

  function change(event: ChangeEvent<HTMLTextAreaElement>) {
    const next = event.target.value;
    setDraft(next);
    setRefusal(onChange(next));
  }

  const error = check && !check.ok ? check : undefined;
  const message = refusal ?? error?.message;
  const range = error?.range;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-xs font-medium text-neutral-700">
        {label}
      </label>
      <div className="relative rounded-lg bg-white">
        <div
          ref={mirror}
          aria-hidden="true"
          className="pointer-events-none absolute inset-0 overflow-hidden rounded-lg border border-transparent px-3 py-2 font-mono text-sm break-words whitespace-pre-wrap text-transparent"
        >
          {range ? (
            <>
              {draft.slice(0, range.start)}
              <span className="rounded-sm bg-red-100/70 underline decoration-red-600 decoration-wavy decoration-2 underline-offset-4">
                {range.end > range.start ? draft.slice(range.start, range.end) : '\u00a0\u00a0'}
              </span>
              {draft.slice(range.end)}
            </>
          ) : (
            draft
          )}
          {'\n'}
        </div>
        <textarea
          id={id}
          value={draft}
          rows={rows}
          disabled={disabled}
          placeholder={placeholder}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          onChange={change}
          onScroll={(event) => {
            if (mirror.current) mirror.current.scrollTop = event.currentTarget.scrollTop;
          }}
          aria-invalid={message ? true : undefined}
          aria-describedby={`${id}-status`}
          className={`nodrag relative block w-full resize-y rounded-lg border bg-transparent px-3 py-2 font-mono text-sm text-neutral-900 shadow-sm placeholder:text-neutral-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none ${message ? 'border-red-400' : 'border-neutral-300'}`}
        />
      </div>
      <p id={`${id}-status`} aria-live="polite" className="text-xs">
        {message ? (
          <span className="text-red-700">
            {message}
            {error && error.more > 0 && !refusal ? ` (and ${error.more} more)` : ''}
          </span>
        ) : check?.ok ? (
          <span className="text-neutral-500">
            {hint ?? 'Looks right'} · gives {typeWords(check.type)}
          </span>
        ) : (
          <span className="text-neutral-500">{hint}</span>
        )}
      </p>
    </div>
  );
}

function run(source: string, spec: ExpressionSpec | undefined, optional: boolean | undefined) {
  if (!spec || (optional && source.trim() === '')) return undefined;
  return checkSource(source, spec);
}
