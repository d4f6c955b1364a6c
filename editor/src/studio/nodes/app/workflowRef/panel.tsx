import { useAppStore } from '../../../canvas/store-context.tsx';
import { parseNodeId } from '../../../graph/node-ids.ts';
import { PanelShell } from '../shared/panel-shell.tsx';
import { AutomationsUsing } from '../shared/referrers.tsx';

/**
 * A workflow started by automations of this app. It is not part of the app, so this panel only
 * says which automations start it; the workflow itself opens in its own canvas.
 */
export function WorkflowRefPanel({ nodeId }: { nodeId: string }) {
  const workflowId = parseNodeId(nodeId)?.id ?? '';
  const automations = useAppStore((state) => state.definition.automations);
  const starting = automations.filter((automation) =>
    automation.actions.some((action) => action.kind === 'start_workflow' && action.workflowId === workflowId),
  );
  return (
    <PanelShell nodeId={nodeId} kind="Workflow" title={workflowId}>
      <AutomationsUsing automations={starting} empty="No automation of this app starts it any more." />
    </PanelShell>
  );
}
