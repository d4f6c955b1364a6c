import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import digestJson from '../../schemas/examples/daily-digest-bot.workflow.json';
import emailJson from '../../schemas/examples/email-auto-responder.workflow.json';
import calendarJson from '../../schemas/examples/message-to-calendar-sync.workflow.json';
import reminderJson from '../../schemas/examples/slack-reminder-agent.workflow.json';
import { validateWorkflow } from '../definitions/validate-workflow.ts';
import { callsTo, fakePorts, type Script } from './fake-ports.ts';
import { type AiTaskResult, type RunResult, runWorkflow, StepFailure } from './index.ts';

// The shipped example workflows, run end to end against scripted ports: which path each input takes.

function example(json: unknown): WorkflowDefinition {
  const checked = validateWorkflow(json);
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.value;
}

const path = (result: RunResult) =>
  result.steps.map((s) => `${s.stepId}${s.branch ? `(${s.branch})` : ''}${s.status === 'failed' ? '!' : ''}`);

const ai = (output: Record<string, unknown>): AiTaskResult => ({ output, tokens: { input: 50, output: 5 } });

describe('email auto-responder', () => {
  const definition = example(emailJson);
  const mail = {
    body: { from: 'kim@example.org', from_name: 'Kim', subject: 'Where is my grinder?', text: 'Order 1234' },
    headers: { 'x-message-id': 'm1' },
    query: {},
  };
  const answers = (label: string, confidence: number, optionId = 'needs_human'): Script => ({
    runAiTask: async (request) =>
      request.stepId === 'classify_email' ? ai({ label, confidence }) : ai({ optionId, reason: 'fits' }),
  });
  const run = async (script: Script) => {
    const fake = fakePorts(script);
    const result = await runWorkflow({ definition, trigger: mail, timeoutMs: 30_000 }, fake.ports);
    return { fake, result };
  };

  it('an order question gets the shipping answer from Gmail', async () => {
    const { fake, result } = await run(answers('order_question', 0.92, 'shipping_times'));
    expect(result.status).toBe('succeeded');
    expect(path(result)).toEqual([
      'classify_email',
      'route_by_category(customer)',
      'decide_reply',
      'route_reply(shipping)',
      'reply_shipping',
    ]);
    const [sent] = callsTo(fake.calls, 'sendMessage');
    expect(sent!.request).toMatchObject({
      connectionId: 'gmail',
      to: 'kim@example.org',
      subject: 'Re: Where is my grinder?',
    });
    expect(sent!.request.text).toMatch(/^Hi Kim,/);
    expect(result.tokens).toEqual({ input: 100, output: 10 });
  });

  it('a sales lead gets a reply and #sales hears of it', async () => {
    const { fake, result } = await run(answers('sales_inquiry', 0.8));
    expect(path(result)).toEqual(['classify_email', 'route_by_category(sales)', 'reply_sales', 'tell_sales']);
    expect(callsTo(fake.calls, 'sendMessage').map((c) => c.request.to)).toEqual([
      'kim@example.org',
      '#sales',
    ]);
  });

  it('an unsure classification goes to a person; spam matches no branch and ends quietly', async () => {
    expect(path((await run(answers('billing', 0.4))).result)).toEqual([
      'classify_email',
      'route_by_category(unsure)',
      'hand_to_team',
    ]);
    const spam = await run(answers('spam', 0.99));
    expect(path(spam.result)).toEqual(['classify_email', 'route_by_category(otherwise)']);
    expect(spam.result.status).toBe('succeeded');
    expect(callsTo(spam.fake.calls, 'sendMessage')).toEqual([]);
  });

  it('when the AI keeps failing, it retries once after 2 s, then hands the e-mail to #support-inbox', async () => {
    const { fake, result } = await run({
      runAiTask: async () => {
        throw new StepFailure('the model is overloaded', 'ai_overloaded');
      },
    });
    expect(path(result)).toEqual(['classify_email!', 'hand_to_team']);
    expect(result.steps[0]!.attempts).toBe(2);
    expect(fake.sleeps).toEqual([2000]);
    expect(callsTo(fake.calls, 'sendMessage')[0]!.request.to).toBe('#support-inbox');
    expect(result.status).toBe('succeeded');
  });
});

describe('daily engineering digest', () => {
  const definition = example(digestJson);
  const trigger = { scheduledAt: '2026-03-05T07:00:00Z' };
  const repos = [
    {
      name: 'web',
      full_name: 'acme-labs/web',
      html_url: 'https://github.com/acme-labs/web',
      archived: false,
      pushed_at: '2026-03-04T18:00:00Z',
    },
    {
      name: 'old',
      full_name: 'acme-labs/old',
      html_url: 'https://github.com/acme-labs/old',
      archived: true,
      pushed_at: '2026-03-04T19:00:00Z',
    },
    {
      name: 'quiet',
      full_name: 'acme-labs/quiet',
      html_url: 'https://github.com/acme-labs/quiet',
      archived: false,
      pushed_at: '2026-02-01T10:00:00Z',
    },
  ];
  const pulls = [
    { number: 12, title: 'Add dark mode', user: { login: 'ann' }, merged_at: '2026-03-04T16:00:00Z' },
    { number: 11, title: 'Closed unmerged', user: { login: 'bob' }, merged_at: null },
  ];

  it('posts a header, then one AI digest per repository pushed in the last 24 hours', async () => {
    const fake = fakePorts({
      callConnection: async (request) => ({
        status: 200,
        headers: {},
        body: request.path === '/orgs/acme-labs/repos' ? repos : pulls,
      }),
      runAiTask: async () => ai({ summary: 'Dark mode landed (#12).' }),
    });
    const result = await runWorkflow({ definition, trigger, timeoutMs: 30_000 }, fake.ports);
    expect(result.status).toBe('succeeded');
    expect(path(result)).toEqual([
      'list_repos',
      'post_header',
      'digest_each_repo',
      'fetch_merged',
      'summarise_repo',
      'post_summary',
    ]);
    expect(callsTo(fake.calls, 'callConnection')[1]!.request.path).toBe('/repos/acme-labs%2Fweb/pulls');
    expect(callsTo(fake.calls, 'runAiTask')[0]!.request.input).toContain('- #12 Add dark mode (ann)');
    expect(callsTo(fake.calls, 'runAiTask')[0]!.request.input).not.toContain('#11');
    expect(callsTo(fake.calls, 'sendMessage').map((c) => c.request.text)).toEqual([
      '☀️ Good morning! Here is what was merged since yesterday, 2026-03-04.',
      '*web* <https://github.com/acme-labs/web|open>\nDark mode landed (#12).',
    ]);
  });

  it('when GitHub is down, retries with exponential backoff, then reports the failure', async () => {
    const fake = fakePorts({
      callConnection: async () => {
        throw new StepFailure('GitHub answered 502', 'http_502');
      },
    });
    const result = await runWorkflow({ definition, trigger, timeoutMs: 30_000 }, fake.ports);
    expect(path(result)).toEqual(['list_repos!', 'report_failure']);
    expect(fake.sleeps).toEqual([2000, 4000]);
  });
});

describe('message to calendar sync', () => {
  const definition = example(calendarJson);
  const message = {
    channel: 'C1',
    channel_name: 'team-plans',
    ts: '1772697600',
    user_name: 'Ann',
    text: 'Lunch at Lotus tomorrow at 12?',
  };
  const extracted = (start: string) =>
    ai({
      is_event: true,
      title: 'Team lunch at Lotus',
      start,
      end: start ? '2026-03-06T13:00:00+01:00' : '',
      location: 'Lotus',
      attendee_emails: ['bo@example.com'],
    });

  it('an event with a time is created in the calendar and confirmed in the channel', async () => {
    const fake = fakePorts({
      runAiTask: async () => extracted('2026-03-06T12:00:00+01:00'),
      callConnection: async () => ({
        status: 200,
        headers: {},
        body: { htmlLink: 'https://calendar.google.com/e/1' },
      }),
    });
    const result = await runWorkflow({ definition, trigger: message, timeoutMs: 30_000 }, fake.ports);
    expect(path(result)).toEqual([
      'extract_event',
      'check_event(ready)',
      'create_event',
      'confirm_in_channel',
    ]);
    const [created] = callsTo(fake.calls, 'callConnection');
    expect(created!.request).toMatchObject({
      connectionId: 'google_calendar',
      method: 'POST',
      query: [['sendUpdates', 'all']],
    });
    expect(created!.request.body).toMatchObject({
      summary: 'Team lunch at Lotus',
      attendees: [{ email: 'bo@example.com' }],
    });
    expect(callsTo(fake.calls, 'sendMessage')[0]!.request).toMatchObject({
      to: 'C1',
      text: '📅 Added “Team lunch at Lotus” to the team calendar: https://calendar.google.com/e/1',
    });
  });

  it('an event without a time gets a question back', async () => {
    const fake = fakePorts({ runAiTask: async () => extracted('') });
    const result = await runWorkflow({ definition, trigger: message, timeoutMs: 30_000 }, fake.ports);
    expect(path(result)).toEqual(['extract_event', 'check_event(needs_time)', 'ask_for_time']);
  });
});

describe('slack reminder agent', () => {
  const definition = example(reminderJson);
  const task = {
    id: '8812',
    content: 'Renew the domain',
    url: 'https://todoist.com/t/8812',
    priority: 4,
    due: { date: '2026-03-05', string: 'today' },
  };

  it('counts how often a task came due: urgent reminders first, a split suggestion from the third time', async () => {
    const fake = fakePorts();
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await runWorkflow({ definition, trigger: task, timeoutMs: 30_000 }, fake.ports);
      expect(result.status).toBe('succeeded');
      texts.push(path(result).join(' > '));
    }
    expect(texts).toEqual([
      'count_times_due > remember_times_due > choose_reminder(urgent) > ping_urgent',
      'count_times_due > remember_times_due > choose_reminder(urgent) > ping_urgent',
      'count_times_due > remember_times_due > choose_reminder(keeps_slipping) > suggest_split',
    ]);
    expect(fake.state.get('times_due:8812')).toBe(3);
    expect(callsTo(fake.calls, 'sendMessage').at(-1)!.request.text).toContain('has now come due 3 times');
  });
});
