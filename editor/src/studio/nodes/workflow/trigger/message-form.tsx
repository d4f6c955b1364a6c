import type { Trigger } from '../../../../../../schemas/definitions.ts';
import { ExpressionField } from '../shared/ExpressionField.tsx';
import { DraftText } from '../shared/fields.tsx';
import { TriggerConnectionPicker } from './trigger-connection.tsx';
import { commitTriggerText, type TriggerForm, triggerProblems } from './trigger-form.ts';

type Message = Extract<Trigger, { kind: 'message' }>;

/** A message from a connected service: which connection, which of its events, and an optional filter. */
export function MessageForm({ form }: { form: TriggerForm<Message> }) {
  const { trigger } = form;
  return (
    <>
      <TriggerConnectionPicker form={form} />
      <DraftText
        label="Event"
        value={trigger.event}
        mono
        hint="The service's event name, e.g. message.created."
        problems={triggerProblems(form, 'event')}
        commit={(event) => commitTriggerText(form, 'event', event)}
      />
      <ExpressionField
        place={{ trigger: 'filter' }}
        optional
        label="Only when (optional)"
        value={trigger.filter ?? ''}
        hint='Runs only for messages where this holds, e.g. trigger.channel_name == "team-plans".'
        problems={triggerProblems(form, 'filter')}
        commit={(text) => commitTriggerText(form, 'filter', text, true)}
      />
    </>
  );
}
