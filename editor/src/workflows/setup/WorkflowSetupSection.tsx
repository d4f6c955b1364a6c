import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { errorMessage } from '../../api/api-error.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Skeleton } from '../../components/Spinner.tsx';
import { useConnections } from '../../connections/connections-api.ts';
import { useWorkflowStore } from '../../studio/canvas/store-context.tsx';
import { ConnectionBindingItem } from './ConnectionBindingItem.tsx';
import { SecretSetupItem } from './SecretSetupItem.tsx';
import { setupKey, useWorkflowBindings, useWorkflowSecrets } from './setup-api.ts';

/**
 * What a workflow needs before it can be activated: an account for each connection it declares
 * and a value for each secret. The server reads the saved version, so Setup refreshes on a save.
 * A reviewer sees what is declared and changes nothing (the server refuses them anyway).
 */
export function WorkflowSetupSection({ id, readOnly }: { id: string; readOnly: boolean }) {
  return (
    <section className="space-y-3" aria-labelledby="workflow-setup-heading">
      <h3 id="workflow-setup-heading" className="font-semibold text-neutral-900">
        Setup
      </h3>
      {readOnly ? <DeclaredOnly /> : <OwnerSetup id={id} />}
    </section>
  );
}

function DeclaredOnly() {
  const connections = useWorkflowStore((s) => s.definition.connections);
  const secrets = useWorkflowStore((s) => s.definition.secrets) ?? [];
  return (
    <>
      <p className="text-neutral-600">Only the workflow’s owner connects accounts and sets secrets.</p>
      <DeclaredList
        title="Connections"
        empty="None: this workflow calls no outside service."
        items={connections.map((c) => ({ id: c.id, text: c.label, detail: c.provider }))}
      />
      {secrets.length > 0 && (
        <DeclaredList title="Secrets" empty="" items={secrets.map((s) => ({ id: s.id, text: s.label }))} />
      )}
    </>
  );
}

function DeclaredList(props: {
  title: string;
  empty: string;
  items: { id: string; text: string; detail?: string }[];
}) {
  return (
    <div className="space-y-1">
      <h4 className="font-medium text-neutral-800">{props.title}</h4>
      {props.items.length === 0 ? (
        <p className="text-neutral-600">{props.empty}</p>
      ) : (
        <ul className="space-y-1">
          {props.items.map((item) => (
            <li key={item.id} className="rounded border border-neutral-200 px-2 py-1">
              <span className="font-medium">{item.text}</span>
              {item.detail && <span className="text-xs text-neutral-500"> ({item.detail})</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function OwnerSetup({ id }: { id: string }) {
  const secrets = useWorkflowSecrets(id);
  const bindings = useWorkflowBindings(id);
  const stored = useConnections();
  const savedVersion = useWorkflowStore((s) => s.baseVersion);
  const queryClient = useQueryClient();

  // A saved draft may declare other connections or secrets: ask the server again.
  const seenVersion = useRef(savedVersion);
  useEffect(() => {
    if (savedVersion === seenVersion.current) return;
    seenVersion.current = savedVersion;
    void queryClient.invalidateQueries({ queryKey: setupKey(id) });
  }, [savedVersion, id, queryClient]);

  if (secrets.isPending || bindings.isPending || stored.isPending) {
    return (
      <div aria-busy="true" className="space-y-2">
        <span className="sr-only">Loading the workflow’s setup…</span>
        <Skeleton className="h-10 w-full" />
        <Skeleton className="h-10 w-full" />
      </div>
    );
  }
  const failed = [secrets, bindings, stored].find((q) => q.isError);
  if (failed) {
    return (
      <ErrorAlert
        title="Could not load the setup"
        message={errorMessage(failed.error)}
        onRetry={() => {
          void secrets.refetch();
          void bindings.refetch();
          void stored.refetch();
        }}
      />
    );
  }
  const declared = bindings.data?.connections ?? [];
  const secretList = secrets.data?.secrets ?? [];
  const open =
    declared.filter((b) => b.status === 'unbound' || b.status === 'needs_reconnect').length +
    secretList.filter((s) => !s.configured).length;

  return (
    <>
      <p className={open > 0 ? 'text-amber-800' : 'text-neutral-600'} data-testid="setup-summary">
        {declared.length === 0 && secretList.length === 0
          ? 'Nothing to set up: this workflow uses no outside service and no secret.'
          : open > 0
            ? `${open} ${open === 1 ? 'thing' : 'things'} to do before the workflow can be activated.`
            : 'Everything is set up.'}
      </p>
      {declared.length > 0 && (
        <div className="space-y-1">
          <h4 className="font-medium text-neutral-800">Connections</h4>
          <ul className="space-y-2">
            {declared.map((binding) => (
              <ConnectionBindingItem
                key={binding.id}
                workflowId={id}
                binding={binding}
                stored={stored.data?.connections ?? []}
              />
            ))}
          </ul>
        </div>
      )}
      {secretList.length > 0 && (
        <div className="space-y-1">
          <h4 className="font-medium text-neutral-800">Secrets</h4>
          <ul className="space-y-2">
            {secretList.map((secret) => (
              <SecretSetupItem key={secret.id} workflowId={id} secret={secret} />
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
