import { type FormEvent, useState } from 'react';
import { PutWorkflowSecretBody, type WorkflowSecretStatus } from '../../../../schemas/index.ts';
import { errorMessage } from '../../api/api-error.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { refusalOf } from '../../connections/connection-helpers.ts';
import { usePutWorkflowSecret, useRemoveWorkflowSecret } from './setup-api.ts';
import { badge, badgeBase, setupInput } from './setup-styles.ts';

/**
 * One declared secret: whether it is set (and its last four), and for the owner a password input
 * to set or replace it. The value lives only in the input until sent; it is kept on a refusal.
 */
export function SecretSetupItem({
  workflowId,
  secret,
}: {
  workflowId: string;
  secret: WorkflowSecretStatus;
}) {
  const put = usePutWorkflowSecret(workflowId);
  const remove = useRemoveWorkflowSecret(workflowId);
  const [editing, setEditing] = useState(!secret.configured);
  const [error, setError] = useState<string>();
  const [confirmOpen, setConfirmOpen] = useState(false);
  const label = secret.label ?? secret.id;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem('value') as HTMLInputElement;
    const parsed = PutWorkflowSecretBody.safeParse({ value: input.value });
    if (!parsed.success) {
      setError(`The value ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
      return;
    }
    setError(undefined);
    put.mutate(
      { secretId: secret.id, value: parsed.data.value },
      {
        onSuccess: () => {
          input.value = '';
          setEditing(false);
        },
        onError: (failure) => {
          const { byField, rest } = refusalOf(failure, ['value'] as const);
          setError(byField.value ? `The value ${byField.value}` : rest);
        },
        // The value must not linger in the mutation's variables.
        onSettled: () => put.reset(),
      },
    );
  }

  return (
    <li className="space-y-2 rounded border border-neutral-200 p-2" data-testid="setup-secret">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-medium break-words">{label}</span>
        {secret.configured ? (
          <span className={`${badgeBase} ${badge.good}`}>Set ••••{secret.last4 ?? '????'}</span>
        ) : (
          <span className={`${badgeBase} ${badge.warn}`}>Not set</span>
        )}
      </div>
      {editing ? (
        <form noValidate onSubmit={onSubmit} className="space-y-1">
          <label className="block text-neutral-700">
            {secret.configured ? 'New value' : 'Value'}
            <input
              name="value"
              type="password"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={error ? true : undefined}
              className={setupInput}
            />
          </label>
          {error && (
            <p role="alert" className="text-red-700">
              {error}
            </p>
          )}
          <div className="flex gap-2">
            <Button type="submit" pending={put.isPending} className="min-h-8 px-3 py-1">
              Save
            </Button>
            {secret.configured && (
              <Button variant="ghost" className="min-h-8 px-3 py-1" onClick={() => setEditing(false)}>
                Cancel
              </Button>
            )}
          </div>
        </form>
      ) : (
        <div className="flex gap-2">
          <Button variant="secondary" className="min-h-8 px-3 py-1" onClick={() => setEditing(true)}>
            Replace
          </Button>
          <ConfirmDialog
            open={confirmOpen}
            onOpenChange={(next) => {
              setConfirmOpen(next);
              if (!next) remove.reset();
            }}
            trigger={
              <Button variant="dangerGhost" className="min-h-8 px-3 py-1">
                Remove
              </Button>
            }
            title={`Remove the secret “${label}”?`}
            description="The workflow cannot be activated, and stops if it is active, until you set it again."
            confirmLabel="Yes, remove it"
            pending={remove.isPending}
            error={remove.error ? errorMessage(remove.error) : undefined}
            onConfirm={() =>
              remove.mutate(secret.id, {
                onSuccess: () => {
                  setConfirmOpen(false);
                  setEditing(true);
                },
              })
            }
          />
        </div>
      )}
    </li>
  );
}
