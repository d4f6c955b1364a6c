import { describe, expect, it } from 'vitest';
import type { Trigger } from '../../../../../../schemas/definitions.ts';
import { exampleWorkflows } from '../../../model/examples.fixture.ts';
import { describeCron, describeTrigger } from './default.ts';

describe('the trigger node reads the trigger in words', () => {
  it('says "Every weekday 08:00 Europe/Berlin" for the daily digest', () => {
    const def = exampleWorkflows.dailyDigestBot;
    expect(describeTrigger(def.trigger, def.connections)).toBe('Every weekday 08:00 Europe/Berlin');
  });

  it.each([
    ['0 8 * * *', 'Every day 08:00'],
    ['30 17 * * 1-5', 'Every weekday 17:30'],
    ['0 9 * * 0,6', 'Every weekend day 09:00'],
    ['0 9 * * 1', 'Every Monday 09:00'],
    ['0 9 * * 1,3,5', 'Every Mon, Wed, Fri 09:00'],
    ['0 7 1 * *', 'Monthly on day 1 at 07:00'],
    ['*/15 * * * *', 'Every 15 minutes'],
    ['5 */2 * * *', 'Every 2 hours at :05'],
    ['0 * * * *', 'Every hour at :00'],
    ['* * * * *', 'Every minute'],
  ])('words the common schedule %s as "%s"', (cron, words) => {
    expect(describeCron(cron).text).toBe(words);
  });

  it('shows an unusual schedule as the expression itself rather than guessing', () => {
    expect(describeCron('0 8 1-7 * 1').text).toBe('Schedule "0 8 1-7 * 1"');
    expect(describeCron('not a cron').text).toBe('Schedule "not a cron"');
  });

  it('names the time zone only for schedules at a time of day', () => {
    const every = { kind: 'cron', cron: '*/5 * * * *', timezone: 'UTC' } as const;
    expect(describeTrigger(every)).toBe('Every 5 minutes');
  });

  it('says how a webhook is verified, and that a synchronous one answers the caller', () => {
    expect(describeTrigger(exampleWorkflows.emailAutoResponder.trigger)).toBe('Webhook, HMAC verified');
    const open: Trigger = {
      kind: 'webhook',
      verification: { kind: 'none' },
      response: { mode: 'sync', timeoutMs: 5000 },
    };
    expect(describeTrigger(open)).toBe('Webhook, not verified, answers the caller');
  });

  it('names the connection of a message trigger by its label, and polling by interval and path', () => {
    const message = exampleWorkflows.messageToCalendarSync;
    expect(describeTrigger(message.trigger, message.connections)).toMatch(
      /^message\.created from .+, filtered$/,
    );
    expect(describeTrigger(message.trigger, message.connections)).not.toContain('from slack,');
    const polling = exampleWorkflows.slackReminderAgent;
    expect(describeTrigger(polling.trigger, polling.connections)).toBe('Every 15 min: GET /tasks');
  });
});
