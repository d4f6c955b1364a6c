import { useState } from 'react';
import type { WorkflowDefinition } from '../../../schemas/definitions.ts';
import { useAddWorkflowReviewer, useRemoveWorkflowReviewer, useWorkflowReviewers } from '../api/workflows.ts';
import { ReviewersPanel } from '../apps/ReviewersPanel.tsx';
import { useStudioStoreApi, useWorkflowStore } from '../studio/canvas/store-context.tsx';
import { renameWorkflow } from '../studio/model/index.ts';
import { WorkflowSetupSection } from './setup/WorkflowSetupSection.tsx';

const input =
  'mt-1 block w-full rounded-md border border-neutral-300 px-2 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30';

/**
 * The workflow as a whole, shown when no node is selected: its name, its setup (the accounts and
 * secrets it needs before activation) and, for its owner, its reviewers. A reviewer (`readOnly`)
 * reads them and changes nothing.
 */
export function WorkflowSettingsPanel({ id, readOnly = false }: { id: string; readOnly?: boolean }) {
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
            readOnly={readOnly}
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
          {readOnly
            ? 'Select the trigger or a step to read its settings.'
            : 'Select the trigger or a step to change it; drag from a step’s outputs to link it to the next one.'}
        </p>
      </section>
      <WorkflowSetupSection id={id} readOnly={readOnly} />
      {!readOnly && (
        <section className="space-y-2">
          <h3 className="font-semibold text-neutral-900">Reviewers</h3>
          <WorkflowReviewers id={id} />
        </section>
      )}
    </div>
  );
}

function WorkflowReviewers({ id }: { id: string }) {
  return (
    <ReviewersPanel
      noun="workflow"
      reviewers={useWorkflowReviewers(id)}
      add={useAddWorkflowReviewer(id)}
      remove={useRemoveWorkflowReviewer(id)}
    />
  );
}
