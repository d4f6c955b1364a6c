import type { Step } from '../../../../../../schemas/definitions.ts';
import { NameValueList } from '../shared/NameValueList.tsx';
import { type StepForm, stepListBinding } from './step-form.ts';

type MapStep = Extract<Step, { kind: 'map' }>;

/** Set values: named values later steps read as `steps.<this step>.<name>`. */
export function MapForm({ form }: { form: StepForm<MapStep> }) {
  const { step } = form;
  return (
    <>
      <p className="text-xs text-neutral-600">
        Later steps read each value as <code>steps.{step.id}.name</code>.
      </p>
      <NameValueList
        title="Values"
        item="Value"
        items={step.values}
        binding={stepListBinding(form, 'values', (s) => s.values)}
        max={50}
        newName="value"
        place={{ stepId: step.id }}
      />
    </>
  );
}
