import { connectSteps, disconnectLink } from '../../../model/workflow-edit.ts';
import type { StepLink } from '../../../model/workflow-links.ts';
import { SelectInput } from '../shared/fields.tsx';
import { useStepChoices } from './step-fields.tsx';
import { problemsOf, type StepForm } from './step-form.ts';

const OPEN = '';

/**
 * Where the run goes after the step, and where when it fails: the same links as dragging from
 * the node's "next" and "on error" handles, here for the keyboard.
 */
export function LinksForm({ form, inLoopBody }: { form: StepForm; inLoopBody: boolean }) {
  const { step } = form;
  const choices = useStepChoices(step.id);
  const link = (name: 'next' | 'onError', to: string) =>
    form.run((def) =>
      to === OPEN
        ? disconnectLink(def, { from: step.id, link: name as StepLink })
        : connectSteps(def, { from: step.id, link: name as StepLink, to }),
    );
  const end = inLoopBody ? '— end of this item (the loop goes on) —' : '— end the run —';
  return (
    <>
      <SelectInput
        label={step.kind === 'for_each' ? 'After the loop' : 'Then'}
        value={step.next ?? OPEN}
        choices={[{ value: OPEN, label: end }, ...choices]}
        problems={problemsOf(form, 'next')}
        onChange={(to) => link('next', to)}
      />
      <SelectInput
        label="On error"
        value={step.onError ?? OPEN}
        choices={[{ value: OPEN, label: '— the run fails —' }, ...choices]}
        hint="Where to go when the step still fails after its retries."
        problems={problemsOf(form, 'onError')}
        onChange={(to) => link('onError', to)}
      />
    </>
  );
}
