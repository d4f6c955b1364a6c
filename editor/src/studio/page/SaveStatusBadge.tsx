import type { SaveStatus } from './use-autosave.ts';

const TEXT: Record<SaveStatus['state'], string> = {
  saved: 'Saved',
  pending: 'Unsaved changes',
  saving: 'Saving…',
  conflict: 'Changed elsewhere',
  error: 'Not saved',
  'read-only': 'Read-only',
};

/** Where the draft stands, announced politely to screen readers as it changes. */
export function SaveStatusBadge({ status }: { status: SaveStatus }) {
  const tone =
    status.state === 'conflict' || status.state === 'error'
      ? 'bg-red-50 text-red-800'
      : status.state === 'saved'
        ? 'bg-emerald-50 text-emerald-800'
        : status.state === 'read-only'
          ? 'bg-sky-50 text-sky-900'
          : 'bg-neutral-100 text-neutral-700';
  return (
    <span
      role="status"
      aria-live="polite"
      data-testid="save-status"
      title={status.state === 'error' ? status.message : undefined}
      className={`rounded-full px-2.5 py-1 text-xs font-medium ${tone}`}
    >
      {TEXT[status.state]}
      {(status.state === 'saved' || status.state === 'read-only') && status.version !== null
        ? ` · v${status.version}`
        : ''}
    </span>
  );
}
