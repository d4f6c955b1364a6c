import type { Step } from '../../../../../../schemas/definitions.ts';
import { SelectInput } from '../shared/fields.tsx';
import { NameValueList } from '../shared/NameValueList.tsx';
import { ConnectionPicker, StepText } from './step-fields.tsx';
import { patchStep, problemsOf, type StepForm, stepListBinding } from './step-form.ts';

type CallApi = Extract<Step, { kind: 'call_api' }>;
const METHODS: CallApi['method'][] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Call an API: which connection, the request line, query, headers and a JSON body. */
export function CallApiForm({ form }: { form: StepForm<CallApi> }) {
  const { step } = form;
  return (
    <>
      <ConnectionPicker form={form} />
      <SelectInput
        label="Method"
        value={step.method}
        choices={METHODS.map((method) => ({ value: method, label: method }))}
        problems={problemsOf(form, 'method')}
        onChange={(method) => patchStep(form, { method })}
      />
      <StepText
        form={form}
        setting="path"
        label="Path"
        mono
        hint="After the connection's base URL; {{ expression }} parts are filled in and URL-encoded."
      />
      <NameValueList
        title="Query parameters"
        item="Query parameter"
        items={step.query ?? []}
        binding={stepListBinding(form, 'query', (s) => s.query)}
        max={30}
        newName="param"
        place={{ stepId: step.id }}
      />
      <NameValueList
        title="Headers"
        item="Header"
        items={step.headers ?? []}
        binding={stepListBinding(form, 'headers', (s) => s.headers)}
        max={30}
        newName="Accept"
        place={{ stepId: step.id }}
      />
      {(step.method !== 'GET' || step.body !== undefined) && (
        <StepText form={form} setting="body" label="JSON body" optional expression />
      )}
    </>
  );
}
