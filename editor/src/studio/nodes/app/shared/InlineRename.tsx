import { type KeyboardEvent, useState } from 'react';

interface InlineRenameProps {
  label: string;
  /** What the name is of, for the input's accessible name: "table", "view". */
  what: string;
  /** Renames; returns why the name was refused, or undefined. */
  onRename: (label: string) => string | undefined;
  disabled?: boolean;
  className?: string;
}

/**
 * A node's name, renamed in place by double-clicking it. The input carries `nodrag nopan` so
 * selecting its text never drags the node or pans the canvas; Enter or leaving it keeps the
 * name (one undo step), Escape gives up. A refused name stays in the input with the reason.
 */
export function InlineRename({ label, what, onRename, disabled, className }: InlineRenameProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [reason, setReason] = useState<string>();

  if (draft === null)
    return (
      // biome-ignore lint/a11y/noStaticElementInteractions: double-click is the mouse's shortcut; keyboard users rename in the panel's Name field
      <span
        className={`truncate ${className ?? ''}`}
        title={disabled ? label : `${label} — double-click to rename`}
        onDoubleClick={disabled ? undefined : () => setDraft(label)}
      >
        {label}
      </span>
    );

  const stop = () => {
    setDraft(null);
    setReason(undefined);
  };
  const commit = () => {
    if (draft === label) return stop();
    const refusal = onRename(draft);
    if (refusal) setReason(refusal);
    else stop();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Keys typed here are the name's, not the canvas's shortcuts (delete, copy, undo).
    event.stopPropagation();
    if (event.key === 'Enter') commit();
    if (event.key === 'Escape') stop();
  };
  return (
    <span className="flex min-w-0 flex-1 flex-col">
      <input
        // biome-ignore lint/a11y/noAutofocus: the builder asked to rename by double-clicking; typing goes here.
        autoFocus
        aria-label={`Name of the ${what}`}
        aria-invalid={reason ? true : undefined}
        title={reason}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={commit}
        className={`nodrag nopan min-w-0 rounded border bg-white px-1 text-sm font-semibold text-neutral-900 focus:outline-none focus:ring-2 focus:ring-indigo-500/40 ${reason ? 'border-red-500' : 'border-indigo-400'}`}
      />
      {reason && <span className="mt-0.5 text-[11px] leading-tight font-normal text-red-700">{reason}</span>}
    </span>
  );
}
