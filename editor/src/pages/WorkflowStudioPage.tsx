import { useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { WorkflowDefinition } from '../../../schemas/definitions.ts';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { queryKeys } from '../api/query-keys.ts';
import {
  saveWorkflowDraft,
  useWorkflow,
  useWorkflowDiff,
  useWorkflowVersion,
  useWorkflowVersions,
} from '../api/workflows.ts';
import { useStudio } from '../boot/studio-context.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { WorkflowEditingProvider } from '../studio/nodes/workflow/shared/workflow-context.tsx';
import { DefinitionStudio } from '../studio/page/DefinitionStudio.tsx';
import { workflowKind } from '../workflows/workflow-kind.tsx';

const READ_ONLY = { readOnly: true };
const EDITABLE = {};

/**
 * `/app/workflows/:id`: the workflow's graph on the canvas, with autosave and history. Activation
 * (review, triggers, runs) arrives with the workflow runtime; until then a workflow is a draft.
 * A builder the owner added as a reviewer gets the same canvas read-only, with history and diffs.
 */
export function WorkflowStudioPage() {
  const { id = '' } = useParams();
  const workflow = useWorkflow(id);
  const { api } = useStudio();
  const queryClient = useQueryClient();

  if (workflow.isPending)
    return (
      <div className="grid h-dvh place-items-center" aria-busy="true">
        <Spinner />
        <span className="sr-only">Opening the workflow…</span>
      </div>
    );
  if (workflow.isError)
    return (
      <div className="mx-auto max-w-lg p-8">
        <ErrorAlert
          title={
            workflow.error instanceof ApiError && workflow.error.status === 404
              ? 'There is no such workflow'
              : 'Could not open the workflow'
          }
          message={errorMessage(workflow.error)}
          onRetry={() => void workflow.refetch()}
        />
        <Link to="/app" className="mt-4 inline-block text-sm text-indigo-700 underline">
          Back to the dashboard
        </Link>
      </div>
    );

  const reviewing = workflow.data.access === 'reviewer';
  // The workflow panels (and palette) read edit rights from this context.
  return (
    <WorkflowEditingProvider value={reviewing ? READ_ONLY : EDITABLE}>
      <DefinitionStudio<WorkflowDefinition>
        key={workflow.data.id}
        id={workflow.data.id}
        kind={workflowKind}
        initial={{
          definition: workflow.data.definition as WorkflowDefinition,
          version: workflow.data.currentVersion,
        }}
        save={async (definition, baseVersion) => {
          const saved = await saveWorkflowDraft(api, id, definition, baseVersion);
          void queryClient.invalidateQueries({ queryKey: queryKeys.workflowVersions(id) });
          return saved;
        }}
        useVersions={useWorkflowVersions}
        useVersion={useWorkflowVersion}
        useDiff={useWorkflowDiff}
        review={reviewing ? { owner: workflow.data.owner } : undefined}
        // Status, Activate and Test run come from the workflow kind's own actions.
        actions={() => null}
      />
    </WorkflowEditingProvider>
  );
}
