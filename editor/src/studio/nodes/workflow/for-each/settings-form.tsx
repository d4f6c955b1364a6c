import type { Step } from '../../../../../../schemas/definitions.ts';
import { connectSteps } from '../../../model/workflow-edit.ts';
import { DraftNumber, SelectInput } from '../shared/fields.tsx';
import { StepText, useStepChoices } from '../step/step-fields.tsx';
import { commitStep, problemsOf, type StepForm } from '../step/step-form.ts';

type ForEach = Extract<Step, { kind: 'for_each' }>;

/**
 * A bounded for-each: the list, the most items it may take (past that the run stops with an
 * error, so a runaway list cannot run forever) and the first step of the body.
 */
export function ForEachSettings({ form }: { form: StepForm<ForEach> }) {
  const { step } = form;
  const choices = useStepChoices(step.id);
  return (
    <>
      <StepText
        form={form}
        setting="items"
        label="Items"
        expression
        hint="A list, e.g. steps.list_repos.body; inside the body each one is item."
      />
      <DraftNumber
        label="At most"
        unit="items"
        value={step.maxItems}
        min={1}
        max={1000}
        problems={problemsOf(form, 'maxItems')}
        hint="1–1000; a longer list stops the run with an error."
        commit={(maxItems) =>
          commitStep(
            form,
            'maxItems',
            () => ({ maxItems }),
            (now) => String(now.maxItems),
          )
        }
      />
      <SelectInput
        label="First step of the body"
        value={step.body}
        choices={choices}
        problems={problemsOf(form, 'body')}
        hint="It and the steps after it run once per item; the body's last step has no next."
        onChange={(to) => form.run((def) => connectSteps(def, { from: step.id, link: 'body', to }))}
      />
    </>
  );
}
