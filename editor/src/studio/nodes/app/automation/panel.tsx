import { useId, useState } from 'react';
import type { AutomationAction } from '../../../../../../schemas/definitions.ts';
import { useAppStore } from '../../../canvas/store-context.tsx';
import { ExpressionInput } from '../../../expression/ExpressionInput.tsx';
import { expressionSpec } from '../../../expression/expression-check.ts';
import { parseNodeId } from '../../../graph/node-ids.ts';
import { renameAutomation, updateAutomation } from '../../../model/index.ts';
import { ACTION_KIND_INFO } from '../shared/kinds.ts';
import { CheckboxInput, controlStyles, SelectInput, TextInput } from '../shared/panel-inputs.tsx';
import { iconButton, MissingPart, Notice, PanelSection, PanelShell } from '../shared/panel-shell.tsx';
import { useApp, useApplyEdit, useEditNotice } from '../shared/use-app-edit.ts';
import { ActionEditor } from './action-editor.tsx';
import { ACTION_KINDS, type ActionKind, newAction } from './default.ts';

const MAX_ACTIONS = 10;

/** The inspector of an automation: when it runs, under what condition, and what it does. */
export function AutomationPanel({ nodeId }: { nodeId: string }) {
  const automationId = parseNodeId(nodeId)?.id ?? '';
  const app = useApp();
  const automation = useAppStore((state) => state.definition.automations.find((a) => a.id === automationId));
  const apply = useApplyEdit();
  const { notice, run, refuse } = useEditNotice();
  const [kind, setKind] = useState<ActionKind>('notify');
  const [workflowId, setWorkflowId] = useState('');
  const kindId = useId();
  const workflowInputId = useId();
  if (!automation) return <MissingPart what="automation" />;
  const table = app.tables.find((t) => t.id === automation.tableId);
  const key = `automation:${automation.id}`;
  const patch = (values: Parameters<typeof updateAutomation>[1]['patch'], coalesceKey?: string) =>
    apply((d) => updateAutomation(d, { automationId: automation.id, patch: values }), coalesceKey);
  const saveActions = (actions: AutomationAction[], coalesceKey?: string) => patch({ actions }, coalesceKey);
  const trigger = automation.trigger;
  const watched = trigger.on === 'update' ? (trigger.watchFields ?? []) : [];

  const addAction = () => {
    if (!table) return;
    const action = newAction(app, table, kind, workflowId);
    if ('reason' in action) return refuse(action.reason);
    run((d) =>
      updateAutomation(d, {
        automationId: automation.id,
        patch: { actions: [...automation.actions, action] },
      }),
    );
  };

  return (
    <PanelShell
      nodeId={nodeId}
      kind={`Automation on ${table?.label ?? automation.tableId}`}
      title={automation.label}
    >
      <TextInput
        label="Name"
        value={automation.label}
        onCommit={(label) =>
          apply((d) => renameAutomation(d, { automationId: automation.id, label }), `${key}.label`)
        }
      />
      <CheckboxInput
        label="On"
        checked={automation.enabled !== false}
        hint="Turned off, it stays in the app but does not run."
        onCommit={(on) => patch({ enabled: on ? undefined : false })}
      />
      <PanelSection title="When">
        <SelectInput
          label="Runs when a row is"
          value={trigger.on}
          choices={[
            { value: 'create', label: 'Created' },
            { value: 'update', label: 'Changed' },
          ]}
          onCommit={(on) => patch({ trigger: on === 'update' ? { on: 'update' } : { on: 'create' } })}
        />
        {trigger.on === 'update' && table && (
          <fieldset className="space-y-1">
            <legend className="text-xs font-medium text-neutral-700">Only when one of these changes</legend>
            <p className="text-xs text-neutral-500">None ticked: any change.</p>
            {table.fields.map((field) => (
              <CheckboxInput
                key={field.id}
                label={field.label}
                checked={watched.includes(field.id)}
                onCommit={(on) => {
                  const next = on ? [...watched, field.id] : watched.filter((id) => id !== field.id);
                  return patch({
                    trigger: next.length ? { on: 'update', watchFields: next } : { on: 'update' },
                  });
                }}
              />
            ))}
          </fieldset>
        )}
        <ExpressionInput
          label="And only if (optional)"
          value={automation.condition ?? ''}
          optional
          spec={expressionSpec(app, { kind: 'condition', tableId: automation.tableId, trigger: trigger.on })}
          onChange={(condition) =>
            patch({ condition: condition.trim() === '' ? undefined : condition }, `${key}.condition`)
          }
          hint={
            trigger.on === 'update'
              ? 'previous.<field> is the value before the change'
              : 'e.g. record.amount > 100'
          }
        />
      </PanelSection>
      <PanelSection title={`Then (${automation.actions.length})`}>
        {automation.actions.map((action, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: actions have no id; the index is the action in the definition
          <div key={`action-${i}`} className="space-y-2 rounded-lg border border-neutral-200 p-3">
            <div className="flex items-center justify-between">
              <span className="text-xs font-semibold text-violet-800">
                {i + 1}. {ACTION_KIND_INFO[action.kind]?.name ?? action.kind}
              </span>
              <button
                type="button"
                className={iconButton}
                aria-label={`Remove action ${i + 1}`}
                disabled={automation.actions.length === 1}
                onClick={() => saveActions(automation.actions.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            </div>
            {table && (
              <ActionEditor
                app={app}
                automation={automation}
                table={table}
                action={action}
                index={i}
                save={(next, coalesceKey) =>
                  saveActions(
                    automation.actions.map((a, j) => (j === i ? next : a)),
                    coalesceKey,
                  )
                }
              />
            )}
          </div>
        ))}
        {automation.actions.length < MAX_ACTIONS && table && (
          <div className="space-y-2">
            <div className="flex items-end gap-2">
              <div className="min-w-0 flex-1 space-y-1">
                <label htmlFor={kindId} className="block text-xs font-medium text-neutral-700">
                  New action
                </label>
                <select
                  id={kindId}
                  value={kind}
                  onChange={(event) => setKind(event.target.value as ActionKind)}
                  className={`${controlStyles} border-neutral-300`}
                >
                  {ACTION_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {ACTION_KIND_INFO[k].name}
                    </option>
                  ))}
                </select>
              </div>
              <button
                type="button"
                onClick={addAction}
                className="inline-flex min-h-9 items-center rounded-lg bg-indigo-600 px-3 text-sm font-medium text-white shadow-sm hover:bg-indigo-500"
              >
                Add action
              </button>
            </div>
            {kind === 'start_workflow' && (
              <div className="space-y-1">
                <label htmlFor={workflowInputId} className="block text-xs font-medium text-neutral-700">
                  Id of the workflow to start
                </label>
                <input
                  id={workflowInputId}
                  value={workflowId}
                  onChange={(event) => setWorkflowId(event.target.value)}
                  className={`${controlStyles} border-neutral-300 font-mono`}
                />
              </div>
            )}
          </div>
        )}
        <Notice message={notice} />
      </PanelSection>
    </PanelShell>
  );
}
