import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { errorMessage } from '../../api/api-error.ts';
import { Button } from '../../components/Button.tsx';
import { buttonStyles } from '../../components/button-styles.ts';
import { useRunSelection } from './run-selection.tsx';
import { useRerun } from './runs-api.ts';

interface RerunDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  runId: string;
  runVersion: number;
  stepId: string;
  stepLabel: string;
}

/**
 * "Re-run from here" asks which definition runs the rest: the version the run used (to repeat
 * it, e.g. after a service was down) or the current draft (to try a fix); upstream steps keep
 * their recorded outputs either way. The new run is selected once the server accepts it.
 */
export function RerunDialog({ open, onOpenChange, runId, runVersion, stepId, stepLabel }: RerunDialogProps) {
  const [version, setVersion] = useState<'original' | 'current'>('original');
  const selection = useRunSelection();
  const rerun = useRerun(selection.workflowId);
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (rerun.isPending) return;
        if (!next) rerun.reset();
        onOpenChange(next);
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-neutral-950/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold text-neutral-900">
            Re-run from “{stepLabel}”
          </Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-neutral-600">
            The steps before it keep the outputs recorded in this run; it and everything after run again.
          </Dialog.Description>
          <fieldset className="mt-4 space-y-2 text-sm">
            <legend className="font-medium text-neutral-900">Which version runs?</legend>
            <label className="flex items-start gap-2">
              <input
                type="radio"
                name="rerun-version"
                checked={version === 'original'}
                onChange={() => setVersion('original')}
              />
              <span>
                The version this run used (v{runVersion})
                <span className="block text-xs text-neutral-500">Repeat the run as it was.</span>
              </span>
            </label>
            <label className="flex items-start gap-2">
              <input
                type="radio"
                name="rerun-version"
                checked={version === 'current'}
                onChange={() => setVersion('current')}
              />
              <span>
                The current draft
                <span className="block text-xs text-neutral-500">
                  Try your latest changes on this run’s data.
                </span>
              </span>
            </label>
          </fieldset>
          {rerun.error != null && (
            <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-sm text-red-800">
              {errorMessage(rerun.error)}
            </p>
          )}
          <div className="mt-6 flex justify-end gap-3">
            <Dialog.Close className={buttonStyles.secondary} disabled={rerun.isPending}>
              Cancel
            </Dialog.Close>
            <Button
              pending={rerun.isPending}
              onClick={() =>
                rerun.mutate(
                  { runId, fromStep: stepId, version },
                  {
                    onSuccess: (accepted) => {
                      selection.select(accepted.runId);
                      onOpenChange(false);
                    },
                  },
                )
              }
            >
              Re-run
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
