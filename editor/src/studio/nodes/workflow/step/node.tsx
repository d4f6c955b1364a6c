import { memo } from 'react';
import { outcomeFrame, RunOutcomeBadge, useNodeRunOutcome } from '../../../../workflows/runs/run-overlay.tsx';
import { STEP_KIND_LABELS } from '../../../model/workflow-defaults.ts';
import { workflowNodeAriaLabel } from '../shared/aria.ts';
import { diffLook } from '../shared/diff-style.ts';
import { KindIcon } from '../shared/KindIcon.tsx';
import {
  ConnectionChips,
  DiffTag,
  OutputHandles,
  OutputRow,
  ProblemBadge,
  StartMark,
  TargetHandle,
  useNodeProblems,
} from '../shared/node-parts.tsx';
import { STEP_KIND_TONES } from './default.ts';
import { NEW_BRANCH_HANDLE, type StepNodeProps } from './types.ts';

/**
 * A step of any kind: its kind (icon, colour, name), label and one-line summary, whether the
 * run starts here, the connections it calls through, its problems, and a labelled source handle
 * per way out (next, on error, each branch, otherwise). A condition also offers "+ branch":
 * a link dragged from it adds a branch.
 */
function StepNodeView({ id, data, selected, isConnectable }: StepNodeProps) {
  const problems = useNodeProblems(id, data.diff);
  const look = diffLook(data.diff);
  const connectable = isConnectable && data.diff === undefined;
  // A selected run colours the node; a diff shows another version, where the run means nothing.
  const outcome = useNodeRunOutcome(id);
  const run = data.diff === undefined ? outcome : undefined;
  return (
    <article
      aria-label={workflowNodeAriaLabel({ type: 'step', data }, problems.length)}
      className={`relative w-60 rounded-lg border bg-white shadow-sm ${run ? outcomeFrame(run.status) : look.frame} ${selected ? 'outline-2 outline-offset-2 outline-indigo-500' : ''}`}
    >
      {run && <RunOutcomeBadge outcome={run} />}
      <TargetHandle connectable={connectable} />
      <StepHeader data={data} problems={problems} />
      <ConnectionChips connections={data.connections} />
      <OutputHandles outputs={data.outputs} connectable={connectable} />
      {data.stepKind === 'condition' && connectable && (
        <ul aria-label="Add a branch" className="-mt-1 pb-1">
          <OutputRow
            id={NEW_BRANCH_HANDLE}
            label="+ branch"
            open
            connectable
            title="Drag to a step to add a branch leading there"
          />
        </ul>
      )}
    </article>
  );
}

/** Icon, label, marks and summary: shared by plain steps and the head of a for-each group. */
export function StepHeader({
  data,
  problems,
}: {
  data: StepNodeProps['data'];
  problems: Parameters<typeof ProblemBadge>[0]['problems'];
}) {
  const kind = STEP_KIND_LABELS[data.stepKind] ?? data.stepKind;
  return (
    <>
      <div className="flex h-5 items-center gap-1.5 px-2.5 mt-1.5">
        <span className={`shrink-0 rounded p-0.5 ${STEP_KIND_TONES[data.stepKind] ?? 'bg-neutral-100'}`}>
          <KindIcon name={data.stepKind} className="size-3.5" />
        </span>
        <p
          className="min-w-0 flex-1 truncate text-[13px] leading-5 font-semibold text-neutral-900"
          title={data.label}
        >
          {data.label}
        </p>
        {data.isStart && <StartMark />}
        <ProblemBadge problems={problems} />
        <DiffTag diff={data.diff} />
      </div>
      <p
        className="h-4 truncate px-2.5 text-[11px] leading-4 text-neutral-600"
        title={`${kind}: ${data.summary}`}
      >
        <span className="font-medium text-neutral-500">{kind}</span>
        <span aria-hidden="true"> · </span>
        <span className="font-mono">{data.summary}</span>
      </p>
    </>
  );
}

export const StepNodeComponent = memo(StepNodeView);
