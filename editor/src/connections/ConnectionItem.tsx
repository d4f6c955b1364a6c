import { useState } from 'react';
import type { ConnectionSummary } from '../../../schemas/index.ts';
import { errorMessage } from '../api/api-error.ts';
import { Button } from '../components/Button.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { formatDateTime } from '../lib/feature-labels.ts';
import { expiryLabel } from './connection-helpers.ts';
import { useDeleteConnection } from './connections-api.ts';
import { providerLabel } from './oauth-providers.ts';

interface ConnectionItemProps {
  connection: ConnectionSummary;
  highlighted: boolean;
  onReconnect: (connection: ConnectionSummary) => void;
  reconnecting: boolean;
}

/** One stored connection: what it is and how it stands, never its key or tokens (a key's last 4). */
export function ConnectionItem({ connection, highlighted, onReconnect, reconnecting }: ConnectionItemProps) {
  const remove = useDeleteConnection();
  const [confirmOpen, setConfirmOpen] = useState(false);
  const needsReconnect = connection.status === 'needs_reconnect';
  const expiry = connection.authKind === 'oauth2' ? expiryLabel(connection.expiresAt, Date.now()) : null;

  return (
    <li
      data-testid="connection"
      className={`rounded-xl border bg-white p-5 shadow-sm ${highlighted ? 'border-emerald-300 ring-2 ring-emerald-100' : 'border-neutral-200'}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="font-semibold break-words text-neutral-900">{connection.name}</h3>
          <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-neutral-600">
            <div className="flex gap-1">
              <dt className="text-neutral-500">Provider</dt>
              <dd className="font-medium text-neutral-800">{providerLabel(connection.provider)}</dd>
            </div>
            <div className="flex gap-1">
              <dt className="sr-only">Kind</dt>
              <dd className="rounded-full bg-neutral-100 px-2 text-xs leading-5 font-medium text-neutral-700">
                {connection.authKind === 'api_key' ? 'API key' : 'OAuth sign-in'}
              </dd>
            </div>
            {connection.authKind === 'api_key' && (
              <div className="flex gap-1">
                <dt className="text-neutral-500">Key</dt>
                <dd>
                  <code className="rounded bg-neutral-100 px-1.5 py-0.5 text-neutral-800">
                    ••••{connection.last4 ?? '????'}
                  </code>
                </dd>
              </div>
            )}
            <div className="flex gap-1">
              <dt className="sr-only">Status</dt>
              <dd
                data-testid="connection-status"
                className={`rounded-full px-2 text-xs leading-5 font-medium ring-1 ring-inset ${
                  needsReconnect
                    ? 'bg-amber-50 text-amber-800 ring-amber-200'
                    : 'bg-emerald-50 text-emerald-700 ring-emerald-200'
                }`}
              >
                {needsReconnect ? 'Needs reconnecting' : 'Connected'}
              </dd>
            </div>
          </dl>
          <p className="mt-2 text-sm text-neutral-600">
            Calls only{' '}
            {connection.allowedHosts.map((host, index) => (
              <span key={host}>
                {index > 0 && ', '}
                <code className="text-neutral-800">{host}</code>
              </span>
            ))}
            {connection.scopes.length > 0 && <> · scopes {connection.scopes.join(', ')}</>}
          </p>
          <p className="mt-1 text-xs text-neutral-500">
            Added {formatDateTime(connection.createdAt)}
            {expiry && ` · ${expiry}`}
          </p>
          {needsReconnect && (
            <p className="mt-2 text-sm text-amber-800">
              {providerLabel(connection.provider)} signed this connection out. Workflows using it stop until
              you reconnect; they keep their binding.
            </p>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {connection.authKind === 'oauth2' && (
            <Button
              variant={needsReconnect ? 'primary' : 'secondary'}
              onClick={() => onReconnect(connection)}
              pending={reconnecting}
            >
              Reconnect
            </Button>
          )}
          <ConfirmDialog
            open={confirmOpen}
            onOpenChange={(next) => {
              setConfirmOpen(next);
              if (!next) remove.reset();
            }}
            trigger={<Button variant="dangerGhost">Delete</Button>}
            title={`Delete “${connection.name}”?`}
            description={
              connection.authKind === 'oauth2'
                ? 'Its sign-in is revoked at the provider. Workflows using it stop working until you connect another account.'
                : 'The key is erased. Workflows using it stop working until you connect another one.'
            }
            confirmLabel="Yes, delete it"
            pending={remove.isPending}
            error={remove.error ? errorMessage(remove.error) : undefined}
            onConfirm={() => remove.mutate(connection.id, { onSuccess: () => setConfirmOpen(false) })}
          />
        </div>
      </div>
    </li>
  );
}
