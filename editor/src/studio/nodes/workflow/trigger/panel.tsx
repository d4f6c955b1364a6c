import type { Trigger, WorkflowDefinition } from '../../../../../../schemas/definitions.ts';
import { useWorkflowStore } from '../../../canvas/store-context.tsx';
import { TRIGGER_NODE_ID } from '../../../graph/node-ids.ts';
import { TRIGGER_KINDS, type TriggerKind } from '../../../model/workflow-defaults.ts';
import { setTrigger } from '../../../model/workflow-edit.ts';
import type { Problem } from '../../../store/problems.ts';
import type { StudioState } from '../../../store/store-types.ts';
import { PanelSection, SelectInput } from '../shared/fields.tsx';
import { KindIcon } from '../shared/KindIcon.tsx';
import { PanelBoundary } from '../shared/PanelBoundary.tsx';
import { PanelFrame } from '../shared/PanelFrame.tsx';
import { useWorkflowEdit } from '../shared/use-workflow-edit.ts';
import { CronForm } from './cron-form.tsx';
import { describeTrigger, TRIGGER_KIND_HINTS, TRIGGER_KIND_LABELS } from './default.ts';
import { MessageForm } from './message-form.tsx';
import { PollingForm } from './polling-form.tsx';
import type { TriggerForm } from './trigger-form.ts';
import { WebhookForm } from './webhook-form.tsx';

const NONE: readonly Problem[] = [];
const selectTrigger = (state: StudioState<WorkflowDefinition>) => state.definition.trigger;
const selectConnections = (state: StudioState<WorkflowDefinition>) => state.definition.connections;

/**
 * The inspector of the trigger: its kind (switching starts from that kind's defaults, and says
 * which expressions no longer fit what the new trigger gives) and the settings of the kind.
 */
export function TriggerPanel({ nodeId = TRIGGER_NODE_ID }: { nodeId: string }) {
  return (
    <PanelBoundary resetKey={nodeId}>
      <TriggerInspector nodeId={nodeId} />
    </PanelBoundary>
  );
}

function TriggerInspector({ nodeId }: { nodeId: string }) {
  const trigger = useWorkflowStore(selectTrigger);
  const connections = useWorkflowStore(selectConnections);
  const problems = useWorkflowStore((state) => state.problems.byNode.get(nodeId)) ?? NONE;
  const { run, runField, refusal, notice, current } = useWorkflowEdit();
  const form: TriggerForm = { trigger, problems, run, runField, current };
  const kind = trigger.kind;
  return (
    <PanelFrame
      title={TRIGGER_KIND_LABELS[kind] ?? kind}
      subtitle="Trigger"
      icon={
        <span className="rounded-md bg-indigo-600 p-1.5 text-white">
          <KindIcon name={`trigger:${kind}`} className="size-5" />
        </span>
      }
      problems={problems}
      prefix="trigger"
      refusal={refusal}
      notice={notice}
    >
      <p className="text-sm text-neutral-700">{describeTrigger(trigger, connections)}</p>
      <SelectInput
        label="Starts when"
        value={kind}
        choices={TRIGGER_KINDS.map((value) => ({ value, label: TRIGGER_KIND_LABELS[value] }))}
        hint={TRIGGER_KIND_HINTS[kind]}
        onChange={(next) => run((def) => setTrigger(def, { kind: next as TriggerKind }))}
      />
      <PanelSection title="Settings">
        <KindForm form={form} />
      </PanelSection>
    </PanelFrame>
  );
}

type Of<K extends Trigger['kind']> = TriggerForm<Extract<Trigger, { kind: K }>>;

function KindForm({ form }: { form: TriggerForm }) {
  switch (form.trigger.kind) {
    case 'cron':
      return <CronForm form={form as Of<'cron'>} />;
    case 'webhook':
      return <WebhookForm form={form as Of<'webhook'>} />;
    case 'message':
      return <MessageForm form={form as Of<'message'>} />;
    case 'polling':
      return <PollingForm form={form as Of<'polling'>} />;
    default:
      return null;
  }
}
