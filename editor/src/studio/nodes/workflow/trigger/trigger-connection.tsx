import type { Trigger, WorkflowDefinition } from '../../../../../../schemas/definitions.ts';
import { useWorkflowStore } from '../../../canvas/store-context.tsx';
import type { StudioState } from '../../../store/store-types.ts';
import { SelectInput } from '../shared/fields.tsx';
import { patchTrigger, type TriggerForm, triggerProblems } from './trigger-form.ts';

const selectConnections = (state: StudioState<WorkflowDefinition>) => state.definition.connections;

/** The connection a message or polling trigger listens through: one the workflow declares. */
export function TriggerConnectionPicker({
  form,
}: {
  form: TriggerForm<Extract<Trigger, { kind: 'message' | 'polling' }>>;
}) {
  const connections = useWorkflowStore(selectConnections) ?? [];
  return (
    <SelectInput
      label="Connection"
      value={form.trigger.connectionId}
      choices={connections.map((connection) => ({
        value: connection.id,
        label: `${connection.label} (${connection.provider})`,
      }))}
      problems={triggerProblems(form, 'connectionId')}
      onChange={(connectionId) => patchTrigger(form, { connectionId })}
    />
  );
}
