import type { Connection, Trigger } from '../../../../../../schemas/definitions.ts';
import type { TriggerKind } from '../../../model/workflow-defaults.ts';

export const TRIGGER_KIND_LABELS: Record<TriggerKind, string> = {
  cron: 'Schedule',
  webhook: 'Webhook',
  message: 'Message received',
  polling: 'Polling',
};

/** One line per kind for the palette and the kind switch: when a workflow of that kind runs. */
export const TRIGGER_KIND_HINTS: Record<TriggerKind, string> = {
  cron: 'Runs at set times, e.g. every weekday at 08:00.',
  webhook: 'Runs when another service calls its address.',
  message: 'Runs when a connected service sends an event, e.g. a new Slack message.',
  polling: 'Checks a service every few minutes and runs once per new item.',
};

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number) => String(n).padStart(2, '0');
const isNumber = (part: string) => /^\d+$/.test(part);

/** `1-5` → [1,2,3,4,5], `0,6` → [0,6]; undefined for steps or stars (described another way). */
function daysOf(field: string): number[] | undefined {
  const days: number[] = [];
  for (const part of field.split(',')) {
    const range = /^(\d)(?:-(\d))?$/.exec(part);
    if (!range) return undefined;
    const from = Number(range[1]);
    const to = Number(range[2] ?? range[1]);
    for (let day = from; day <= to; day++) days.push(day % 7);
  }
  return [...new Set(days)].sort();
}

function describeDays(days: number[]): string {
  const key = days.join(',');
  if (key === '1,2,3,4,5') return 'Every weekday';
  if (key === '0,6') return 'Every weekend day';
  if (days.length === 7) return 'Every day';
  if (days.length === 1) return `Every ${DAYS[days[0]!]}`;
  return `Every ${days.map((day) => DAYS[day]!.slice(0, 3)).join(', ')}`;
}

/**
 * A five-field cron expression in words, for the common shapes a builder writes ("Every weekday
 * 08:00", "Every 15 minutes"); anything else is shown as the expression itself. `timed` says
 * whether it names a time of day (which only then needs its time zone next to it).
 */
export function describeCron(cron: string): { text: string; timed: boolean } {
  const parts = String(cron ?? '')
    .trim()
    .split(/\s+/);
  const fallback = { text: `Schedule "${String(cron ?? '').trim()}"`, timed: true };
  if (parts.length !== 5) return fallback;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parts as [string, string, string, string, string];
  if (month !== '*') return fallback;
  const every = /^\*\/(\d+)$/;
  if (dayOfMonth === '*' && dayOfWeek === '*') {
    if (minute === '*' && hour === '*') return { text: 'Every minute', timed: false };
    const minutes = every.exec(minute);
    if (minutes && hour === '*') return { text: `Every ${minutes[1]} minutes`, timed: false };
    const hours = every.exec(hour);
    if (isNumber(minute) && hours)
      return { text: `Every ${hours[1]} hours at :${pad(Number(minute))}`, timed: false };
    if (isNumber(minute) && hour === '*')
      return { text: `Every hour at :${pad(Number(minute))}`, timed: false };
  }
  if (!isNumber(minute) || !isNumber(hour)) return fallback;
  const time = `${pad(Number(hour))}:${pad(Number(minute))}`;
  if (dayOfMonth !== '*') {
    if (!isNumber(dayOfMonth) || dayOfWeek !== '*') return fallback;
    return { text: `Monthly on day ${Number(dayOfMonth)} at ${time}`, timed: true };
  }
  if (dayOfWeek === '*') return { text: `Every day ${time}`, timed: true };
  const days = daysOf(dayOfWeek);
  return days ? { text: `${describeDays(days)} ${time}`, timed: true } : fallback;
}

/**
 * What starts the workflow, in one line a builder reads on the trigger node: "Every weekday
 * 08:00 Europe/Berlin", "Webhook, HMAC verified", "message.created from Slack workspace".
 */
export function describeTrigger(trigger: Trigger, connections: readonly Connection[] = []): string {
  const connectionLabel = (id: string) => connections.find((c) => c.id === id)?.label ?? id;
  switch (trigger.kind) {
    case 'cron': {
      const { text, timed } = describeCron(trigger.cron);
      return timed && trigger.timezone ? `${text} ${trigger.timezone}` : text;
    }
    case 'webhook': {
      const verification = trigger.verification?.kind;
      const how =
        verification === 'hmac'
          ? 'HMAC verified'
          : verification === 'token'
            ? 'token verified'
            : 'not verified';
      return `Webhook, ${how}${trigger.response?.mode === 'sync' ? ', answers the caller' : ''}`;
    }
    case 'message':
      return `${trigger.event} from ${connectionLabel(trigger.connectionId)}${trigger.filter ? ', filtered' : ''}`;
    case 'polling':
      return `Every ${trigger.intervalMinutes} min: GET ${trigger.request?.path ?? '/'}`;
  }
}
