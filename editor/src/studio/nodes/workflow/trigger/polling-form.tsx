import type { Trigger } from '../../../../../../schemas/definitions.ts';
import { ExpressionField } from '../shared/ExpressionField.tsx';
import { DraftNumber, DraftText } from '../shared/fields.tsx';
import { NameValueList } from '../shared/NameValueList.tsx';
import { TriggerConnectionPicker } from './trigger-connection.tsx';
import {
  commitTrigger,
  commitTriggerText,
  pollingQueryBinding,
  type TriggerForm,
  triggerProblems,
} from './trigger-form.ts';

type Polling = Extract<Trigger, { kind: 'polling' }>;

/**
 * Polling: every few minutes a GET through a connection; the items of the answer that were not
 * seen before (by their key, remembered in workflow state) each start a run.
 */
export function PollingForm({ form }: { form: TriggerForm<Polling> }) {
  const { trigger } = form;
  return (
    <>
      <TriggerConnectionPicker form={form} />
      <DraftText
        label="Path (GET)"
        value={trigger.request?.path ?? ''}
        mono
        hint="After the connection's base URL, e.g. /tasks."
        problems={triggerProblems(form, 'request.path')}
        commit={(path) =>
          commitTrigger(
            form,
            'request.path',
            (now) => ({ request: { ...now.request, path } }),
            (now) => now.request?.path ?? '',
          )
        }
      />
      <NameValueList
        title="Query parameters"
        item="Query parameter"
        items={trigger.request?.query ?? []}
        binding={pollingQueryBinding(form)}
        max={20}
        newName="filter"
        place={{ trigger: 'query' }}
      />
      <DraftNumber
        label="Every"
        unit="minutes"
        value={trigger.intervalMinutes}
        min={1}
        max={1440}
        problems={triggerProblems(form, 'intervalMinutes')}
        commit={(intervalMinutes) =>
          commitTrigger(
            form,
            'intervalMinutes',
            () => ({ intervalMinutes }),
            (now) => String(now.intervalMinutes),
          )
        }
      />
      <ExpressionField
        place={{ trigger: 'items' }}
        label="Items in the answer"
        value={trigger.items}
        hint="The list in the response, e.g. response.body.items."
        problems={triggerProblems(form, 'items')}
        commit={(text) => commitTriggerText(form, 'items', text)}
      />
      <ExpressionField
        place={{ trigger: 'dedupeKey' }}
        label="What makes an item new"
        value={trigger.dedupeKey}
        hint="A key per item, e.g. item.id; items with a key seen before are skipped."
        problems={triggerProblems(form, 'dedupeKey')}
        commit={(text) => commitTriggerText(form, 'dedupeKey', text)}
      />
    </>
  );
}
