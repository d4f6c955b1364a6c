import type { Step } from '../../../../../../schemas/definitions.ts';
import { SelectInput } from '../shared/fields.tsx';
import { AiOutputs } from './ai-outputs.tsx';
import { type AiTaskName, setAiTask } from './step-edits.ts';
import { StepText } from './step-fields.tsx';
import { problemsOf, type StepForm } from './step-form.ts';

type AiStep = Extract<Step, { kind: 'ai' }>;

const TASKS: { value: AiTaskName; label: string }[] = [
  { value: 'classify', label: 'Classify: pick one of several labels' },
  { value: 'extract', label: 'Extract: fill in named fields' },
  { value: 'summarise', label: 'Summarise: a short text' },
  { value: 'decide', label: 'Decide: choose one of several options' },
];

/**
 * Ask AI: what it reads, what it is told, and its task with typed outputs (labels, fields, a
 * word limit, options) — the step's result is always one of these shapes, never free text.
 */
export function AiForm({ form }: { form: StepForm<AiStep> }) {
  const { step } = form;
  return (
    <>
      <StepText
        form={form}
        setting="input"
        label="What the AI reads"
        expression
        hint="Built from the trigger and earlier steps; secrets are never allowed here."
      />
      <StepText form={form} setting="instructions" label="Instructions" optional multiline />
      <SelectInput
        label="Task"
        value={step.ai?.task ?? ''}
        choices={TASKS}
        problems={problemsOf(form, 'ai.task')}
        onChange={(task) => form.run((def) => setAiTask(def, { stepId: step.id, task: task as AiTaskName }))}
      />
      <AiOutputs form={form} />
    </>
  );
}
