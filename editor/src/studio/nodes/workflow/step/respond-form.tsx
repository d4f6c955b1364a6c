import type { Step } from '../../../../../../schemas/definitions.ts';
import { DraftNumber } from '../shared/fields.tsx';
import { NameValueList } from '../shared/NameValueList.tsx';
import { StepText } from './step-fields.tsx';
import { commitStep, problemsOf, type StepForm, stepListBinding } from './step-form.ts';

type Respond = Extract<Step, { kind: 'respond' }>;

/** Answer the caller of a synchronous webhook: status, body and headers. */
export function RespondForm({ form }: { form: StepForm<Respond> }) {
  const { step } = form;
  return (
    <>
      <DraftNumber
        label="HTTP status"
        value={step.status}
        min={200}
        max={599}
        problems={problemsOf(form, 'status')}
        commit={(status) =>
          commitStep(
            form,
            'status',
            () => ({ status }),
            (s) => String(s.status),
          )
        }
      />
      <StepText form={form} setting="body" label="Body" optional expression />
      <NameValueList
        title="Headers"
        item="Header"
        items={step.headers ?? []}
        binding={stepListBinding(form, 'headers', (s) => s.headers)}
        max={20}
        newName="Content-Type"
        place={{ stepId: step.id }}
      />
    </>
  );
}
