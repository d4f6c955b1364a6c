import { useId } from 'react';
import type { Trigger } from '../../../../../../schemas/definitions.ts';
import { DraftText } from '../shared/fields.tsx';
import { describeCron } from './default.ts';
import { commitTriggerText, type TriggerForm, triggerProblems } from './trigger-form.ts';

type Cron = Extract<Trigger, { kind: 'cron' }>;

/** The IANA zones this browser knows, offered as suggestions (any valid zone may be typed). */
const ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'Asia/Tokyo'];
  }
})();

/** A schedule: five-field cron and the time zone its times are in, with the schedule read back in words. */
export function CronForm({ form }: { form: TriggerForm<Cron> }) {
  const { trigger } = form;
  const zones = useId();
  return (
    <>
      <DraftText
        label="Schedule (cron)"
        value={trigger.cron}
        mono
        hint={`${describeCron(trigger.cron).text}. Minute, hour, day of month, month, day of week — e.g. 0 8 * * 1-5.`}
        problems={triggerProblems(form, 'cron')}
        commit={(cron) => commitTriggerText(form, 'cron', cron)}
      />
      <DraftText
        label="Time zone"
        value={trigger.timezone}
        hint="Times are read in this zone, e.g. Europe/Berlin; daylight saving is followed."
        problems={triggerProblems(form, 'timezone')}
        commit={(timezone) => commitTriggerText(form, 'timezone', timezone)}
        list={zones}
      />
      <datalist id={zones}>
        {ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}
