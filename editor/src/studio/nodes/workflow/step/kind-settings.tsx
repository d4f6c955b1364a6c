import type { Step } from '../../../../../../schemas/definitions.ts';
import { ForEachSettings } from '../for-each/settings-form.tsx';
import { AiForm } from './ai-form.tsx';
import { CallApiForm } from './call-api-form.tsx';
import { ConditionForm } from './condition-form.tsx';
import { MapForm } from './map-form.tsx';
import { RecordForm } from './record-form.tsx';
import { RespondForm } from './respond-form.tsx';
import { SendMessageForm } from './send-message-form.tsx';
import { StateGetForm, StateSetForm } from './state-form.tsx';
import type { StepForm } from './step-form.ts';

type Of<K extends Step['kind']> = StepForm<Extract<Step, { kind: K }>>;

/** The sub-form of the step's kind (one file per kind, so a new kind adds one file and one case). */
export function KindSettings({ form }: { form: StepForm }) {
  const step = form.step;
  switch (step.kind) {
    case 'call_api':
      return <CallApiForm form={form as Of<'call_api'>} />;
    case 'send_message':
      return <SendMessageForm form={form as Of<'send_message'>} />;
    case 'create_record':
    case 'update_record':
      return <RecordForm form={form as Of<'create_record' | 'update_record'>} />;
    case 'state_get':
      return <StateGetForm form={form as Of<'state_get'>} />;
    case 'state_set':
      return <StateSetForm form={form as Of<'state_set'>} />;
    case 'ai':
      return <AiForm form={form as Of<'ai'>} />;
    case 'map':
      return <MapForm form={form as Of<'map'>} />;
    case 'condition':
      return <ConditionForm form={form as Of<'condition'>} />;
    case 'for_each':
      return <ForEachSettings form={form as Of<'for_each'>} />;
    case 'respond':
      return <RespondForm form={form as Of<'respond'>} />;
    default:
      return <p className="text-sm text-neutral-600">This kind of step has no settings here yet.</p>;
  }
}
