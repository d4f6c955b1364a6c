import * as Dialog from '@radix-ui/react-dialog';
import type { PublishResult } from '../../../schemas/index.ts';
import { errorMessage } from '../api/api-error.ts';
import { buttonStyles } from '../components/button-styles.ts';
import { FindingsList } from '../studio/page/FindingsList.tsx';

interface PublishDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  pending: boolean;
  result: PublishResult | undefined;
  error: unknown;
  /** Shows the part of the definition a finding is about (closes the dialog first). */
  onJumpTo: (path: string) => void;
}

/**
 * The security review's answer to "publish": findings by severity, each a link to the node it is
 * about. Blockers stop publication; warnings and notes are shown beside a successful publish,
 * with what happened to stored rows of removed or retyped fields.
 */
export function PublishDialog({ open, onOpenChange, pending, result, error, onJumpTo }: PublishDialogProps) {
  const findings = result?.findings ?? [];
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-neutral-950/40" />
        <Dialog.Content
          data-testid="publish-dialog"
          className="fixed top-1/2 left-1/2 z-50 max-h-[85dvh] w-[calc(100%-2rem)] max-w-xl -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-6 shadow-xl"
        >
          <Dialog.Title className="text-lg font-semibold text-neutral-900">
            {pending
              ? 'Reviewing and publishing…'
              : error
                ? 'Could not publish'
                : result?.published
                  ? `Published version ${result.version}`
                  : result
                    ? 'Not published: the review found blockers'
                    : 'Publish'}
          </Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-neutral-600">
            {pending
              ? 'The security review checks who can see and change what, before anyone else can.'
              : result?.published
                ? 'End users now get this version.'
                : result
                  ? 'Fix each blocker below (click one to see it on the canvas), then publish again.'
                  : ''}
          </Dialog.Description>
          {error != null && (
            <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-sm text-red-800">
              {errorMessage(error)}
            </p>
          )}
          {result?.published && result.url && (
            <p className="mt-4 text-sm">
              Open it at{' '}
              <a
                className="font-medium text-indigo-700 underline"
                href={result.url}
                target="_blank"
                rel="noreferrer"
              >
                {result.url}
              </a>
            </p>
          )}
          <FindingsList findings={findings} onJumpTo={onJumpTo} />
          {result && result.dataImpact.length > 0 && (
            <div className="mt-4">
              <h3 className="text-sm font-medium text-neutral-900">Stored data</h3>
              <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-neutral-700">
                {result.dataImpact.map((impact) => (
                  <li key={`${impact.tableId}:${impact.fieldId ?? ''}:${impact.change}`}>{impact.message}</li>
                ))}
              </ul>
            </div>
          )}
          <div className="mt-6 flex justify-end">
            <Dialog.Close className={buttonStyles.secondary} disabled={pending}>
              Close
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
