import { useState } from 'react';
import type { WorkflowDefinition } from '../../../schemas/definitions.ts';
import { useStudioStoreApi, useWorkflowStore } from '../studio/canvas/store-context.tsx';
import { renameWorkflow } from '../studio/model/index.ts';

const input =
  'mt-1 block w-full rounded-md border border-neutral-300 px-2 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30';

/** The workflow as a whole, shown when no node is selected: its name and the connections it declares. */
export function WorkflowSettingsPanel() {
  const workflow = useWorkflowStore((s) => s.definition);
  const store = useStudioStoreApi<WorkflowDefinition>();
  const [refusal, setRefusal] = useState<string | null>(null);
  return (
    <div className="space-y-5 p-3 text-sm">
      <section className="space-y-3">
        <h3 className="font-semibold text-neutral-900">Workflow</h3>
        <label className="block">
          Name
          <input
            className={input}
            value={workflow.name}
            onChange={(e) => {
              const result = store
                .getState()
                .apply((d) => renameWorkflow(d, { name: e.target.value }), { coalesceKey: 'workflow-name' });
              setRefusal(result.ok ? null : result.reason);
            }}
          />
        </label>
        {refusal && (
          <p role="alert" className="text-red-700">
            {refusal}
          </p>
        )}
        <p className="text-neutral-600">
          Select the trigger or a step to change it; drag from a step’s outputs to link it to the next one.
        </p>
      </section>
      <section className="space-y-2">
        <h3 className="font-semibold text-neutral-900">Connections</h3>
        {workflow.connections.length === 0 ? (
          <p className="text-neutral-600">None: this workflow calls no outside service.</p>
        ) : (
          <ul className="space-y-1">
            {workflow.connections.map((c) => (
              <li key={c.id} className="rounded border border-neutral-200 px-2 py-1">
                <span className="font-medium">{c.label}</span>{' '}
                <span className="text-xs text-neutral-500">({c.provider})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
