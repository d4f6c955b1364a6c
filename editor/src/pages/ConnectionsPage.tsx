import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type ConnectionSummary, OAuthProvider } from '../../../schemas/index.ts';
import { errorMessage } from '../api/api-error.ts';
import { Button } from '../components/Button.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Skeleton } from '../components/Spinner.tsx';
import { ApiKeyConnectionForm } from '../connections/ApiKeyConnectionForm.tsx';
import { ConnectionItem } from '../connections/ConnectionItem.tsx';
import { type ConnectChoice, ConnectSection } from '../connections/ConnectSection.tsx';
import { useConnections, useStartOAuth } from '../connections/connections-api.ts';

function ListSkeleton() {
  return (
    <div aria-busy="true" className="space-y-3">
      <p className="sr-only">Loading your connections…</p>
      {[0, 1].map((row) => (
        <div key={row} className="space-y-3 rounded-xl border border-neutral-200 bg-white p-5">
          <Skeleton className="h-4 w-1/3" />
          <Skeleton className="h-3 w-1/2" />
        </div>
      ))}
    </div>
  );
}

/**
 * `/app/connections`: the builder's accounts at outside services, which their workflows call
 * through. The OAuth sign-in comes back here with `?connected=<id>`.
 */
export function ConnectionsPage() {
  const connections = useConnections();
  const startOAuth = useStartOAuth();
  const [params, setParams] = useSearchParams();
  const connectedId = params.get('connected');
  const [choice, setChoice] = useState<ConnectChoice>(null);
  const [reconnectError, setReconnectError] = useState<string>();
  const [reconnectingId, setReconnectingId] = useState<string>();
  const connectRef = useRef<HTMLDivElement>(null);
  const list = connections.data?.connections ?? [];
  const connected = connectedId ? list.find((c) => c.id === connectedId) : undefined;

  function choose(next: ConnectChoice) {
    setChoice(next);
    if (next) connectRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  /** A built-in provider signs in again at once; a generic one needs its client secret again. */
  function reconnect(connection: ConnectionSummary) {
    const parsed = OAuthProvider.safeParse(connection.provider);
    if (!parsed.success) return;
    const provider = parsed.data;
    if (provider === 'generic') return choose({ provider, reconnect: connection });
    setReconnectError(undefined);
    setReconnectingId(connection.id);
    startOAuth.mutate(
      {
        name: connection.name,
        provider,
        scopes: connection.scopes,
        allowedHosts: connection.allowedHosts,
        reconnect: connection.id,
      },
      {
        onSuccess: ({ authorizationUrl }) => window.location.assign(authorizationUrl),
        onError: (error) => {
          setReconnectingId(undefined);
          setReconnectError(errorMessage(error));
        },
      },
    );
  }

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-neutral-900">Connections</h1>
        <p className="mt-1 max-w-2xl text-sm text-neutral-600">
          Accounts at outside services that your workflows use. Keys and tokens are stored encrypted and never
          shown again; a workflow picks one of these in its Setup.
        </p>
      </div>

      {connectedId && (
        <div
          role="status"
          className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-800"
        >
          <p>{connected ? `Connected “${connected.name}”.` : 'Connected.'} Your workflows can use it now.</p>
          <Button variant="ghost" onClick={() => setParams({}, { replace: true })}>
            Dismiss
          </Button>
        </div>
      )}
      {reconnectError && <ErrorAlert title="Could not start reconnecting" message={reconnectError} />}

      <section aria-labelledby="your-connections-heading" className="space-y-3">
        <h2 id="your-connections-heading" className="font-semibold text-neutral-900">
          Your connections
        </h2>
        {connections.isPending ? (
          <ListSkeleton />
        ) : connections.isError ? (
          <ErrorAlert
            title="Could not load your connections"
            message={errorMessage(connections.error)}
            onRetry={() => void connections.refetch()}
            retrying={connections.isFetching}
          />
        ) : list.length === 0 ? (
          <div className="rounded-xl border border-dashed border-neutral-300 bg-white px-6 py-10 text-center">
            <p className="font-medium text-neutral-900">No connections yet.</p>
            <p className="mt-1 text-sm text-neutral-600">
              Sign in to a service or add an API key below; then choose it in a workflow’s Setup.
            </p>
          </div>
        ) : (
          <ul aria-label="Connections" className="space-y-3">
            {list.map((connection) => (
              <ConnectionItem
                key={connection.id}
                connection={connection}
                highlighted={connection.id === connectedId}
                onReconnect={reconnect}
                reconnecting={reconnectingId === connection.id}
              />
            ))}
          </ul>
        )}
      </section>

      <div ref={connectRef} className="grid items-start gap-6 lg:grid-cols-2">
        <ConnectSection choice={choice} onChoose={choose} />
        <section
          aria-labelledby="api-key-heading"
          className="rounded-xl border border-neutral-200 bg-white p-5 shadow-sm"
        >
          <h2 id="api-key-heading" className="font-semibold text-neutral-900">
            Add an API key
          </h2>
          <p className="mt-1 mb-4 text-sm text-neutral-600">
            For services that give you a key instead of a sign-in.
          </p>
          <ApiKeyConnectionForm />
        </section>
      </div>
    </div>
  );
}
