import { useAppStore } from '../../../canvas/store-context.tsx';
import { PanelShell } from '../shared/panel-shell.tsx';
import { AutomationsUsing } from '../shared/referrers.tsx';

/** Parses `recipient:role:editor` / `recipient:address:a@b.c` (see `recipientNodeId`). */
function recipientOf(nodeId: string): { kind: 'role' | 'address'; key: string } | undefined {
  const match = /^recipient:(role|address):(.+)$/.exec(nodeId);
  return match ? { kind: match[1] as 'role' | 'address', key: match[2]! } : undefined;
}

/** Who automations notify: the role or address, and which automations write to them. */
export function RecipientPanel({ nodeId }: { nodeId: string }) {
  const recipient = recipientOf(nodeId);
  const automations = useAppStore((state) => state.definition.automations);
  const roleLabel = useAppStore((state) =>
    recipient?.kind === 'role'
      ? state.definition.access.roles.find((r) => r.id === recipient.key)?.label
      : undefined,
  );
  const notifying = automations.filter((automation) =>
    automation.actions.some(
      (action) =>
        action.kind === 'notify' &&
        ((action.to.kind === 'role' && recipient?.kind === 'role' && action.to.roleId === recipient.key) ||
          (action.to.kind === 'address' &&
            recipient?.kind === 'address' &&
            action.to.email === recipient.key)),
    ),
  );
  const title = roleLabel ?? recipient?.key ?? nodeId;
  return (
    <PanelShell
      nodeId={nodeId}
      kind={recipient?.kind === 'role' ? 'Everyone with the role' : 'E-mail address'}
      title={title}
    >
      <AutomationsUsing automations={notifying} empty="No automation notifies them any more." />
    </PanelShell>
  );
}
