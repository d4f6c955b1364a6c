import { useMemo } from 'react';
import type { WorkflowDefinition } from '../../../../../../schemas/definitions.ts';
import { buttonStyles } from '../../../../components/button-styles.ts';
import { useWorkflowStore } from '../../../canvas/store-context.tsx';
import { parseNodeId } from '../../../graph/node-ids.ts';
import { STEP_KIND_LABELS } from '../../../model/workflow-defaults.ts';
import { renameStep, setStart } from '../../../model/workflow-edit.ts';
import type { Problem } from '../../../store/problems.ts';
import type { StudioState } from '../../../store/store-types.ts';
import { DraftText, PanelSection } from '../shared/fields.tsx';
import { KindIcon } from '../shared/KindIcon.tsx';
import { loopOf } from '../shared/loops.ts';
import { PanelBoundary } from '../shared/PanelBoundary.tsx';
import { MissingPart, PanelFrame } from '../shared/PanelFrame.tsx';
import { messagesAt, stepPath } from '../shared/problems.ts';
import { committed, findStep, useWorkflowEdit } from '../shared/use-workflow-edit.ts';
import { STEP_KIND_TONES } from './default.ts';
import { KindSettings } from './kind-settings.tsx';
import { LinksForm } from './links-form.tsx';
import { ReliabilityForm } from './reliability-form.tsx';
import type { StepForm } from './step-form.ts';

const NONE: readonly Problem[] = [];
const selectDefinition = (state: StudioState<WorkflowDefinition>) => state.definition;

/**
 * The inspector of a step (any kind; a for-each's too): its problems first, its name, whether
 * the run starts here, the settings of its kind, where it goes next and on error, and its
 * retries and timeout. Every change is one edit through the store, so it is validated at once
 * and undone with Ctrl/Cmd+Z; typing into one input is one undo step.
 */
export function StepPanel({ nodeId }: { nodeId: string }) {
  return (
    <PanelBoundary resetKey={nodeId}>
      <StepInspector nodeId={nodeId} />
    </PanelBoundary>
  );
}

function StepInspector({ nodeId }: { nodeId: string }) {
  const parsed = parseNodeId(nodeId);
  const stepId = parsed?.entity === 'step' ? parsed.id : '';
  const definition = useWorkflowStore(selectDefinition);
  const problems = useWorkflowStore((state) => state.problems.byNode.get(nodeId)) ?? NONE;
  const { run, runField, refusal, notice, current } = useWorkflowEdit();
  const loop = useMemo(() => loopOf(definition, stepId), [definition, stepId]);
  const step = findStep(definition, stepId);
  if (!step) return <MissingPart what="step" />;

  const prefix = stepPath(definition.steps, stepId);
  const form: StepForm = { step, prefix, problems, run, runField, current };
  const isStart = definition.start === step.id;
  const loops = step.kind === 'condition' || step.kind === 'for_each';
  return (
    <PanelFrame
      // A fresh form per step, so a half-typed value of one step never shows on another.
      key={step.id}
      title={step.label}
      subtitle={`Step · ${STEP_KIND_LABELS[step.kind] ?? step.kind}`}
      icon={
        <span className={`rounded-md p-1.5 ${STEP_KIND_TONES[step.kind] ?? 'bg-neutral-100'}`}>
          <KindIcon name={step.kind} className="size-5" />
        </span>
      }
      problems={problems}
      prefix={prefix}
      refusal={refusal}
      notice={notice}
    >
      <DraftText
        label="Name"
        value={step.label}
        problems={messagesAt(problems, prefix && `${prefix}.label`)}
        commit={(label) =>
          committed(
            runField((def) => renameStep(def, { stepId: step.id, label }), `step:${step.id}:label`),
            (def) => findStep(def, step.id)?.label ?? '',
          )
        }
      />
      {isStart ? (
        <p className="text-sm text-neutral-600">
          <span className="font-medium text-indigo-700">Start step:</span> every run begins here, after the
          trigger.
        </p>
      ) : (
        <button
          type="button"
          className={buttonStyles.secondary}
          onClick={() => run((def) => setStart(def, { stepId: step.id }))}
        >
          Make this the start step
        </button>
      )}
      {loop && (
        <p className="text-xs text-neutral-500">
          Runs once per item of “{findStep(definition, loop)?.label ?? loop}”.
        </p>
      )}
      <PanelSection title="Settings">
        <KindSettings form={form} />
      </PanelSection>
      <PanelSection title="Where it goes next">
        <LinksForm form={form} inLoopBody={loop !== undefined} />
      </PanelSection>
      {!loops && (
        <PanelSection title="Retries and timeout">
          <ReliabilityForm form={form} />
        </PanelSection>
      )}
    </PanelFrame>
  );
}
