import { useState } from 'react';
import { Link } from 'react-router';
import type { ConnectionSummary, WorkflowConnectionBinding } from '../../../../schemas/index.ts';
import { errorMessage } from '../../api/api-error.ts';
import { Button } from '../../components/Button.tsx';
import { connectionsFor } from '../../connections/connection-helpers.ts';
import { providerLabel } from '../../connections/oauth-providers.ts';
import { useBindConnection, useUnbindConnection } from './setup-api.ts';
import { badge, badgeBase, setupInput } from './setup-styles.ts';

const STATUS: Record<WorkflowConnectionBinding['status'], { text: string; tone: keyof typeof badge }> = {
  bound: { text: 'Connected', tone: 'good' },
  unbound: { text: 'Not connected', tone: 'warn' },
  needs_reconnect: { text: 'Needs reconnecting', tone: 'warn' },
  not_needed: { text: 'No sign-in needed', tone: 'quiet' },
};

interface ConnectionBindingItemProps {
  workflowId: string;
  binding: WorkflowConnectionBinding;
  stored: readonly ConnectionSummary[];
}

/** One declared connection and the builder's stored connection serving it, chosen from a list. */
export function ConnectionBindingItem({ workflowId, binding, stored }: ConnectionBindingItemProps) {
  const bind = useBindConnection(workflowId);
  const unbind = useUnbindConnection(workflowId);
  const [error, setError] = useState<string>();
  const candidates = connectionsFor(binding, stored);
  const status = STATUS[binding.status];
  const kind = binding.authKind === 'oauth2' ? 'sign-in' : 'API key';
  const selectId = `bind-${binding.id}`;

  function choose(connectionId: string) {
    setError(undefined);
    if (!connectionId) return;
    bind.mutate({ declId: binding.id, connectionId }, { onError: (e) => setError(errorMessage(e)) });
  }

  return (
    <li className="space-y-2 rounded border border-neutral-200 p-2" data-testid="setup-connection">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span>
          <span className="font-medium">{binding.label}</span>{' '}
          <span className="text-xs text-neutral-500">({binding.provider})</span>
        </span>
        <span className={`${badgeBase} ${badge[status.tone]}`}>{status.text}</span>
      </div>
      {binding.status !== 'not_needed' && (
        <>
          <label htmlFor={selectId} className="block text-neutral-700">
            {providerLabel(binding.provider)} {kind} to use
          </label>
          {candidates.length === 0 && !binding.connection ? (
            <p className="text-neutral-600">
              You have no {binding.provider} {kind} connection yet.
            </p>
          ) : (
            <select
              id={selectId}
              className={setupInput}
              value={binding.connection?.id ?? ''}
              disabled={bind.isPending || unbind.isPending}
              onChange={(e) => choose(e.target.value)}
            >
              {!binding.connection && <option value="">Choose an account…</option>}
              {binding.connection && !candidates.some((c) => c.id === binding.connection?.id) && (
                <option value={binding.connection.id}>{binding.connection.name}</option>
              )}
              {candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                  {c.last4 ? ` (••••${c.last4})` : ''}
                  {c.status === 'needs_reconnect' ? ' — needs reconnecting' : ''}
                </option>
              ))}
            </select>
          )}
          {binding.status === 'needs_reconnect' && (
            <p className="text-amber-800">
              The provider signed “{binding.connection?.name}” out: reconnect it in Connections.
            </p>
          )}
          {error && (
            <p role="alert" className="text-red-700">
              {error}
            </p>
          )}
          {unbind.error && (
            <p role="alert" className="text-red-700">
              {errorMessage(unbind.error)}
            </p>
          )}
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <Link
              to="/app/connections"
              target="_blank"
              rel="noopener"
              className="font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700"
            >
              Connect a new account
            </Link>
            {binding.connection && (
              <Button
                variant="dangerGhost"
                className="min-h-8 px-2 py-1"
                pending={unbind.isPending}
                onClick={() => unbind.mutate(binding.id)}
              >
                Unlink
              </Button>
            )}
          </div>
        </>
      )}
    </li>
  );
}
