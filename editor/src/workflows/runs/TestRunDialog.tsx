import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { errorMessage } from '../../api/api-error.ts';
import { Button } from '../../components/Button.tsx';
import { buttonStyles } from '../../components/button-styles.ts';
import { useWorkflowStore } from '../../studio/canvas/store-context.tsx';
import { useRunSelection } from './run-selection.tsx';
import { useTestRun } from './runs-api.ts';
import { formatJson, parsePayload, samplePayload } from './sample-payload.ts';

interface TestRunDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Saves the draft first: the server runs the saved current version. */
  flush: () => Promise<number | null>;
  /** Called with the finished run once it is selected (the page opens the Runs tab). */
  onDone: (runId: string) => void;
}

/**
 * Runs the draft once with a payload the builder can edit, before anything is activated. The
 * text is kept while the dialog is closed and on any error, so a long payload is never lost.
 * Note: steps really call their connections; only activation state is untouched.
 */
export function TestRunDialog({ open, onOpenChange, flush, onDone }: TestRunDialogProps) {
  const trigger = useWorkflowStore((s) => s.definition.trigger);
  const selection = useRunSelection();
  const testRun = useTestRun(selection.workflowId);
  const [text, setText] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const shown = text ?? formatJson(samplePayload(trigger, new Date()));

  async function run() {
    const parsed = parsePayload(shown);
    if (!parsed.ok) return setInvalid(parsed.error);
    setInvalid(null);
    setSaveError(null);
    testRun.reset();
    const version = await flush();
    if (version === null)
      return setSaveError(
        'The draft could not be saved first (see the status next to the name), so nothing ran.',
      );
    testRun.mutate(parsed.value, {
      onSuccess: (result) => {
        selection.select(result.id);
        onOpenChange(false);
        onDone(result.id);
      },
    });
  }

  const error = saveError ?? (testRun.error ? errorMessage(testRun.error) : null);
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !testRun.isPending && onOpenChange(next)}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-neutral-950/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 max-h-[90dvh] w-[calc(100%-2rem)] max-w-xl -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold text-neutral-900">Test run</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-neutral-600">
            Runs your draft once with this {trigger?.kind ?? 'trigger'} payload. Steps really call their
            connections; whether the workflow is active does not change.
          </Dialog.Description>
          <label className="mt-4 block text-sm font-medium text-neutral-900">
            Trigger payload (JSON)
            <textarea
              value={shown}
              spellCheck={false}
              rows={14}
              aria-invalid={invalid !== null}
              aria-describedby={invalid ? 'test-run-payload-error' : undefined}
              onChange={(e) => {
                setText(e.target.value);
                setInvalid(null);
              }}
              className={`mt-1 block w-full rounded-md border px-2 py-1.5 font-mono text-xs ${invalid ? 'border-red-400 focus:ring-red-500/30' : 'border-neutral-300 focus:border-indigo-500'} focus:ring-2 focus:outline-none`}
            />
          </label>
          {invalid && (
            <p id="test-run-payload-error" role="alert" className="mt-2 text-sm text-red-700">
              {invalid}
            </p>
          )}
          {error && (
            <p role="alert" className="mt-3 rounded-lg bg-red-50 p-3 text-sm text-red-800">
              {error}
            </p>
          )}
          <div className="mt-6 flex items-center justify-between gap-3">
            <button
              type="button"
              className="text-sm text-neutral-600 underline"
              disabled={testRun.isPending}
              onClick={() => {
                setText(null);
                setInvalid(null);
              }}
            >
              Reset to the sample
            </button>
            <div className="flex gap-3">
              <Dialog.Close className={buttonStyles.secondary} disabled={testRun.isPending}>
                Cancel
              </Dialog.Close>
              <Button pending={testRun.isPending} onClick={() => void run()}>
                {testRun.isPending ? 'Running…' : 'Run'}
              </Button>
            </div>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
