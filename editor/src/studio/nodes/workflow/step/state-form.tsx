import type { Step } from '../../../../../../schemas/definitions.ts';
import { StepText } from './step-fields.tsx';
import type { StepForm } from './step-form.ts';

type StateGet = Extract<Step, { kind: 'state_get' }>;
type StateSet = Extract<Step, { kind: 'state_set' }>;

const KEY_HINT = 'Saved per workflow and kept between runs, e.g. "last_run" (in quotes).';

/** Read saved state: the key, and what to use when it was never saved. */
export function StateGetForm({ form }: { form: StepForm<StateGet> }) {
  return (
    <>
      <StepText form={form} setting="key" label="Key" expression expect="string" hint={KEY_HINT} />
      <StepText form={form} setting="default" label="Value when never saved" optional expression />
    </>
  );
}

/** Save state: the key and the value. */
export function StateSetForm({ form }: { form: StepForm<StateSet> }) {
  return (
    <>
      <StepText form={form} setting="key" label="Key" expression expect="string" hint={KEY_HINT} />
      <StepText form={form} setting="value" label="Value" expression />
    </>
  );
}
