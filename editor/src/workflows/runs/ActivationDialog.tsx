import * as Dialog from '@radix-ui/react-dialog';
import { errorMessage } from '../../api/api-error.ts';
import { buttonStyles } from '../../components/button-styles.ts';
import { FindingsList } from '../../studio/page/FindingsList.tsx';
import { type ActivationAnswer, isBlocked } from './activation-answer.ts';

interface ActivationDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  pending: boolean;
  answer: ActivationAnswer | undefined;
  error: unknown;
  /** Shows the part of the workflow a finding is about (closes the dialog first). */
  onJumpTo: (path: string) => void;
}

/**
 * The security review's answer to "activate", as PublishDialog gives it for apps: blockers stop
 * activation and each links to its node; on success, the warnings and where webhooks post.
 */
export function ActivationDialog({
  open,
  onOpenChange,
  pending,
  answer,
  error,
  onJumpTo,
}: ActivationDialogProps) {
  const blocked = isBlocked(answer);
  const result = answer && !blocked ? answer : undefined;
  const findings = answer?.findings ?? [];
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-neutral-950/40" />
        <Dialog.Content
          data-testid="activation-dialog"
          className="fixed top-1/2 left-1/2 z-50 max-h-[85dvh] w-[calc(100%-2rem)] max-w-xl -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-6 shadow-xl"
        >
          <Dialog.Title className="text-lg font-semibold text-neutral-900">
            {pending
              ? 'Reviewing and activating…'
              : error
                ? 'Could not activate'
                : blocked
                  ? 'Not activated: the review found blockers'
                  : result
                    ? `Active: version ${result.activeVersion ?? ''}`.trim()
                    : 'Activate'}
          </Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-neutral-600">
            {pending
              ? 'The security review checks the connections, hosts, webhook verification and what AI steps see.'
              : blocked
                ? 'Fix each blocker below (click one to see it on the canvas), then activate again.'
                : result
                  ? 'Its triggers now start runs; they appear in the Runs tab.'
                  : ''}
          </Dialog.Description>
          {error != null && (
            <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-sm text-red-800">
              {errorMessage(error)}
            </p>
          )}
          {blocked && answer && (
            <p role="alert" className="mt-4 text-sm text-red-800">
              {answer.error.message}
            </p>
          )}
          {result?.webhookUrl && (
            <p className="mt-4 text-sm">
              Senders post to{' '}
              <code className="rounded bg-neutral-100 px-1 py-0.5 font-mono text-xs break-all">
                {result.webhookUrl}
              </code>
            </p>
          )}
          <FindingsList findings={findings} onJumpTo={onJumpTo} />
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
