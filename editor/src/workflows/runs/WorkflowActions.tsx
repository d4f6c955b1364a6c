import { useState } from 'react';
import { useWorkflow } from '../../api/workflows.ts';
import { Button } from '../../components/Button.tsx';
import { useStudioStore } from '../../studio/canvas/store-context.tsx';
import type { KindTools } from '../../studio/page/definition-kind.ts';
import { ActivationDialog } from './ActivationDialog.tsx';
import { workflowStatusLabel } from './run-status.ts';
import { useActivate, useDeactivate } from './runs-api.ts';
import { TestRunDialog } from './TestRunDialog.tsx';

const STATUS_TONES = {
  draft: 'bg-neutral-100 text-neutral-700',
  active: 'bg-emerald-50 text-emerald-800',
  inactive: 'bg-amber-50 text-amber-900',
} as const;

/**
 * The workflow's header: where it stands (Draft, Active v3, Inactive) and, for its owner, Test
 * run, Activate (after the security review; saves the draft first) and Deactivate.
 */
export function WorkflowActions({ id, readOnly, flush, showPath, showTab }: KindTools) {
  const workflow = useWorkflow(id).data;
  const problems = useStudioStore((s) => s.problems.all.length);
  const conflict = useStudioStore((s) => s.conflict);
  const dirty = useStudioStore((s) => s.dirty);
  const savedVersion = useStudioStore((s) => s.baseVersion);
  const activate = useActivate(id);
  const deactivate = useDeactivate(id);
  const [activating, setActivating] = useState(false);
  const [testing, setTesting] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  if (!workflow) return null;

  const active = workflow.status === 'active';
  const upToDate = active && !dirty && savedVersion === workflow.activeVersion;
  // Edits that cannot be saved (changed elsewhere) must not be activated from a stale draft.
  const blockedBy =
    problems > 0
      ? 'Fix the problems first (see the Problems tab)'
      : conflict
        ? 'This workflow changed elsewhere: reload it before activating'
        : null;

  async function onActivate() {
    setActivating(true);
    setSaveError(null);
    activate.reset();
    const version = await flush();
    if (version === null) {
      setSaveError(
        'The draft could not be saved first (see the status next to the name), so nothing was activated.',
      );
      return;
    }
    activate.mutate();
  }

  return (
    <>
      <span
        data-testid="workflow-status"
        className={`rounded-full px-2.5 py-1 text-xs font-medium ${STATUS_TONES[workflow.status]}`}
      >
        {workflowStatusLabel(workflow)}
      </span>
      {!readOnly && (
        <>
          <Button variant="secondary" onClick={() => setTesting(true)} disabled={conflict}>
            Test run
          </Button>
          {active && (
            <Button
              variant="secondary"
              pending={deactivate.isPending}
              onClick={() => deactivate.mutate()}
              title="Stop the triggers; runs already started finish"
            >
              Deactivate
            </Button>
          )}
          {!upToDate && (
            <Button
              onClick={() => void onActivate()}
              disabled={blockedBy !== null}
              title={blockedBy ?? 'Review the draft and start its triggers'}
            >
              {active ? 'Activate changes' : 'Activate'}
            </Button>
          )}
          {deactivate.error != null && (
            <span role="alert" className="text-xs text-red-700">
              Could not deactivate: {deactivate.error.message}
            </span>
          )}
          <ActivationDialog
            open={activating}
            onOpenChange={setActivating}
            pending={activate.isPending}
            answer={activate.data}
            error={saveError ? new Error(saveError) : activate.error}
            onJumpTo={(path) => {
              setActivating(false);
              showPath(path);
            }}
          />
          <TestRunDialog
            open={testing}
            onOpenChange={setTesting}
            flush={flush}
            onDone={() => showTab('runs')}
          />
        </>
      )}
    </>
  );
}
