import type { ReactNode } from 'react';
import { generalMessage } from './write-errors.ts';

/**
 * Pieces the interactive pages share: buttons in the app's colour, notices, loading skeletons and
 * a load failure that says what to do.
 */
const buttonBase =
  'inline-flex min-h-10 items-center justify-center gap-2 whitespace-nowrap rounded-lg border px-4 py-2 text-sm font-medium ' +
  'transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed disabled:opacity-60';

export const primaryButton = `${buttonBase} border-transparent bg-(--app-accent,#4f46e5) text-(--app-on-accent,#fff) shadow-sm hover:opacity-90`;
export const secondaryButton = `${buttonBase} border-neutral-300 bg-white text-neutral-800 shadow-sm hover:bg-neutral-50`;
export const smallButton =
  'inline-flex min-h-9 min-w-9 items-center justify-center rounded-md border border-neutral-300 bg-white px-2 text-sm text-neutral-700 hover:bg-neutral-50 disabled:cursor-not-allowed disabled:opacity-50';

const NOTICE_STYLES = {
  info: 'border-sky-200 bg-sky-50 text-sky-900',
  success: 'border-emerald-200 bg-emerald-50 text-emerald-900',
  warning: 'border-amber-200 bg-amber-50 text-amber-900',
  error: 'border-red-200 bg-red-50 text-red-900',
} as const;

/** A message box; errors are alerts (read out at once), the rest polite statuses. */
export function Notice({
  tone,
  title,
  children,
  action,
}: {
  tone: keyof typeof NOTICE_STYLES;
  title?: string | undefined;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      className={`rounded-lg border p-3 text-sm sm:p-4 ${NOTICE_STYLES[tone]}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          {title && <p className="font-semibold">{title}</p>}
          {children}
        </div>
        {action}
      </div>
    </div>
  );
}

/** A grey block standing in for content that is loading. */
export function Bone({ className = '' }: { className?: string }) {
  return <div aria-hidden="true" className={`animate-pulse rounded-md bg-neutral-200 ${className}`} />;
}

/** A loading region: the skeleton for the eye, a status line for screen readers. */
export function Loading({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div aria-busy="true">
      <p role="status" className="sr-only">
        {label}
      </p>
      {children}
    </div>
  );
}

/** A failed load: what happened, and a button to try again. */
export function LoadFailure({ what, error, onRetry }: { what: string; error: unknown; onRetry: () => void }) {
  return (
    <Notice
      tone="error"
      title={`Could not load ${what}.`}
      action={
        <button type="button" className={secondaryButton} onClick={onRetry}>
          Try again
        </button>
      }
    >
      <p>{generalMessage(error)}</p>
    </Notice>
  );
}
