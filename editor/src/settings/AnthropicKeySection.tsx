import { type FormEvent, useRef, useState } from 'react';
import { PutAnthropicKeyBody } from '../../../schemas/index.ts';
import { useAnthropicKeyStatus, useRemoveAnthropicKey, useSaveAnthropicKey } from '../api/anthropic-key.ts';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { Button } from '../components/Button.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { TextField } from '../components/FormField.tsx';
import { Skeleton } from '../components/Spinner.tsx';
import { formatDateTime } from '../lib/feature-labels.ts';

export function AnthropicKeySection() {
  const status = useAnthropicKeyStatus();
  const saveKey = useSaveAnthropicKey();
  const removeKey = useRemoveAnthropicKey();
  // Uncontrolled on purpose: the key lives only in the input until it is sent, never in React state.
  const formRef = useRef<HTMLFormElement>(null);
  const [keyError, setKeyError] = useState<string>();
  const [saveError, setSaveError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [confirmOpen, setConfirmOpen] = useState(false);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    setSaveError(undefined);
    const value = new FormData(event.currentTarget).get('key');
    const parsed = PutAnthropicKeyBody.safeParse({ key: typeof value === 'string' ? value : '' });
    if (!parsed.success) {
      setKeyError(`The key ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
      return;
    }
    setKeyError(undefined);
    saveKey.mutate(parsed.data.key, {
      onSettled: (_status, error) => {
        // Whatever the answer, the key leaves the page: the input and the mutation's variables.
        formRef.current?.reset();
        saveKey.reset();
        if (error) {
          const fieldMessage = error instanceof ApiError ? error.issueFor('key') : undefined;
          if (fieldMessage) setKeyError(`The key ${fieldMessage}`);
          else setSaveError(errorMessage(error));
        } else {
          setSaved(true);
        }
      },
    });
  }

  const configured = status.data?.configured === true;

  return (
    <section
      aria-labelledby="anthropic-key-heading"
      className="rounded-xl border border-neutral-200 bg-white p-5 shadow-sm"
    >
      <h2 id="anthropic-key-heading" className="font-semibold text-neutral-900">
        Your Anthropic key
      </h2>
      <p className="mt-1 text-sm text-neutral-600">
        The agents run on your own key. It is stored encrypted, used only inside the request that needs it,
        and never shown again — not even to you.
      </p>

      <div className="mt-4" aria-live="polite">
        {status.isPending ? (
          <div aria-busy="true">
            <span className="sr-only">Loading key status…</span>
            <Skeleton className="h-5 w-56" />
          </div>
        ) : status.isError ? (
          <ErrorAlert
            title="Could not load your key status"
            message={errorMessage(status.error)}
            onRetry={() => void status.refetch()}
            retrying={status.isFetching}
          />
        ) : (
          <div className="flex flex-wrap items-center gap-3">
            <p data-testid="anthropic-key-status" className="text-sm">
              {configured ? (
                <>
                  <span className="font-medium text-emerald-700">Configured:</span>{' '}
                  <code className="rounded bg-neutral-100 px-1.5 py-0.5 text-neutral-800">
                    sk-ant-…{status.data.last4 ?? '????'}
                  </code>
                </>
              ) : (
                <span className="font-medium text-neutral-700">Not configured</span>
              )}
            </p>
            {configured && status.data.updatedAt && (
              <p className="text-xs text-neutral-500">Saved {formatDateTime(status.data.updatedAt)}</p>
            )}
            {configured && (
              <ConfirmDialog
                open={confirmOpen}
                onOpenChange={(next) => {
                  setConfirmOpen(next);
                  if (!next) removeKey.reset();
                }}
                trigger={<Button variant="dangerGhost">Remove key</Button>}
                title="Remove your Anthropic key?"
                description="The agents will stop working for you until you add a key again."
                confirmLabel="Yes, remove the key"
                pending={removeKey.isPending}
                error={removeKey.error ? errorMessage(removeKey.error) : undefined}
                onConfirm={() =>
                  removeKey.mutate(undefined, {
                    onSuccess: () => {
                      setConfirmOpen(false);
                      setSaved(false);
                    },
                  })
                }
              />
            )}
          </div>
        )}
      </div>

      <form ref={formRef} noValidate onSubmit={onSubmit} className="mt-5 flex flex-wrap items-start gap-3">
        <div className="min-w-64 flex-1">
          <TextField
            label={configured ? 'New Anthropic API key' : 'Anthropic API key'}
            type="password"
            name="key"
            autoComplete="off"
            spellCheck={false}
            placeholder="sk-ant-…"
            error={keyError}
            onChange={() => setSaved(false)}
          />
        </div>
        <Button type="submit" pending={saveKey.isPending} className="sm:mt-6.5">
          Save key
        </Button>
      </form>
      {saved && (
        <p role="status" className="mt-3 text-sm text-emerald-700">
          Key saved. It is not kept in this page.
        </p>
      )}
      {saveError && (
        <div className="mt-3">
          <ErrorAlert title="Could not save the key" message={saveError} />
        </div>
      )}
    </section>
  );
}
