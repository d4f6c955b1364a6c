import type { Step } from '../../../../../../schemas/definitions.ts';
import { ConnectionPicker, StepText } from './step-fields.tsx';
import type { StepForm } from './step-form.ts';

type SendMessage = Extract<Step, { kind: 'send_message' }>;

/** Send a message: through which connection, to whom, and what (texts are expressions: quote plain words). */
export function SendMessageForm({ form }: { form: StepForm<SendMessage> }) {
  return (
    <>
      <ConnectionPicker form={form} />
      <StepText
        form={form}
        setting="to"
        label="To"
        expression
        expect="string"
        hint={'A channel, user or address, e.g. "#ops" (in quotes) or trigger.body.email.'}
      />
      <StepText
        form={form}
        setting="subject"
        label="Subject"
        optional
        expression
        expect="string"
        hint="For e-mail."
      />
      <StepText form={form} setting="text" label="Text" expression expect="string" />
    </>
  );
}
