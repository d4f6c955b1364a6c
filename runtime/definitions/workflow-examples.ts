import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import type { WorkflowAppInfo } from './workflow-references.ts';

/**
 * Realistic workflows that pass validation as they are. Tests start from a fresh copy and break
 * one thing, so each test shows the one rule it checks.
 */

/** A signed webhook → AI classify → condition → page on-call (Slack) or tag the ticket (API). */
export function supportTriageWorkflow(): WorkflowDefinition {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    name: 'Support triage',
    trigger: {
      kind: 'webhook',
      verification: {
        kind: 'hmac',
        header: 'X-Signature',
        algorithm: 'sha256',
        prefix: 'sha256=',
        secretId: 'signing',
      },
      response: { mode: 'async' },
      idempotencyKey: 'headers["x-delivery-id"]',
    },
    start: 'classify',
    steps: [
      {
        id: 'classify',
        label: 'Classify the ticket',
        kind: 'ai',
        input: 'trigger.body.subject + "\\n\\n" + trigger.body.text',
        ai: { task: 'classify', labels: ['urgent', 'normal'] },
        next: 'route',
      },
      {
        id: 'route',
        label: 'Urgent?',
        kind: 'condition',
        branches: [
          {
            id: 'urgent',
            label: 'Urgent',
            when: 'steps.classify.label == "urgent" && steps.classify.confidence > 0.7',
            next: 'page_oncall',
          },
        ],
        otherwise: 'tag_ticket',
      },
      {
        id: 'page_oncall',
        label: 'Page on-call',
        kind: 'send_message',
        connectionId: 'slack',
        to: '"#oncall"',
        text: '"Urgent ticket: " + trigger.body.subject',
      },
      {
        id: 'tag_ticket',
        label: 'Tag the ticket',
        kind: 'call_api',
        connectionId: 'helpdesk',
        method: 'PUT',
        path: '/tickets/{{ trigger.body.id }}/tags',
        headers: [{ name: 'X-Source', value: '"build-practical"' }],
        body: '{"tags": [steps.classify.label]}',
        onError: 'report_failure',
      },
      {
        id: 'report_failure',
        label: 'Tell the team',
        kind: 'send_message',
        connectionId: 'slack',
        to: '"#support"',
        text: '"Could not tag ticket " + string(trigger.body.id)',
      },
    ],
    connections: [
      {
        id: 'slack',
        label: 'Slack',
        provider: 'slack',
        auth: { kind: 'oauth2', scopes: ['chat:write'] },
        allowedHosts: ['slack.com'],
        baseUrl: 'https://slack.com/api',
      },
      {
        id: 'helpdesk',
        label: 'Zendesk',
        provider: 'http',
        auth: { kind: 'api_key', placement: 'bearer', name: 'Authorization' },
        allowedHosts: ['*.zendesk.com'],
        baseUrl: 'https://acme.zendesk.com/api/v2',
      },
    ],
    secrets: [{ id: 'signing', label: 'Webhook signing secret' }],
  };
}

/** Weekday mornings: read state, fetch events, summarise and save each one, post a digest, save state. */
export function dailyDigestWorkflow(): WorkflowDefinition {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    name: 'Daily calendar digest',
    trigger: { kind: 'cron', cron: '0 8 * * 1-5', timezone: 'Europe/Berlin' },
    start: 'last_run',
    steps: [
      {
        id: 'last_run',
        label: 'When did we last run?',
        kind: 'state_get',
        key: '"last_digest_at"',
        default: '""',
        next: 'fetch_events',
      },
      {
        id: 'fetch_events',
        label: 'Fetch today’s events',
        kind: 'call_api',
        connectionId: 'gcal',
        method: 'GET',
        path: '/calendars/primary/events',
        query: [
          { name: 'timeMin', value: 'string(trigger.scheduledAt)' },
          { name: 'updatedMin', value: 'steps.last_run.value' },
        ],
        next: 'each_event',
      },
      {
        id: 'each_event',
        label: 'For each event',
        kind: 'for_each',
        items: 'steps.fetch_events.body.items',
        maxItems: 50,
        body: 'summarise_event',
        next: 'post_digest',
      },
      {
        id: 'summarise_event',
        label: 'Summarise the event',
        kind: 'ai',
        input: 'string(index + 1) + ". " + item.summary + ": " + item.description',
        ai: { task: 'summarise', maxWords: 40 },
        next: 'save_event',
      },
      {
        id: 'save_event',
        label: 'Save it',
        kind: 'create_record',
        appId: 'planner',
        tableId: 'events',
        values: [
          { fieldId: 'title', value: 'item.summary' },
          { fieldId: 'summary', value: 'steps.summarise_event.summary' },
        ],
      },
      {
        id: 'post_digest',
        label: 'Post the digest',
        kind: 'send_message',
        connectionId: 'slack',
        to: '"#team"',
        text: '"Today: " + string(size(steps.fetch_events.body.items)) + " events, saved in Planner"',
        next: 'remember_run',
      },
      {
        id: 'remember_run',
        label: 'Remember this run',
        kind: 'state_set',
        key: '"last_digest_at"',
        value: 'string(trigger.scheduledAt)',
      },
    ],
    connections: [
      {
        id: 'gcal',
        label: 'Google Calendar',
        provider: 'google_calendar',
        auth: { kind: 'oauth2', scopes: ['https://www.googleapis.com/auth/calendar.readonly'] },
        allowedHosts: ['www.googleapis.com'],
        baseUrl: 'https://www.googleapis.com/calendar/v3',
      },
      {
        id: 'slack',
        label: 'Slack',
        provider: 'slack',
        auth: { kind: 'oauth2', scopes: ['chat:write'] },
        allowedHosts: ['slack.com'],
      },
    ],
  };
}

/** The builder's apps the digest writes into. */
export function plannerApps(): WorkflowAppInfo[] {
  return [
    {
      id: 'planner',
      tables: [
        {
          id: 'events',
          fields: [
            { id: 'title', type: 'text' },
            { id: 'summary', type: 'long_text' },
            { id: 'number', type: 'autonumber' },
            { id: 'saved_at', type: 'created_at' },
            { id: 'attendee_count', type: 'rollup' },
          ],
        },
      ],
    },
  ];
}

/** Changes fields of the step with id `id` in place (tests use it to break one thing). */
export function patchStep(
  def: WorkflowDefinition,
  id: string,
  fields: Record<string, unknown>,
): WorkflowDefinition {
  const step = def.steps.find((candidate) => candidate.id === id);
  if (!step) throw new Error(`no step "${id}" in ${def.name}`);
  Object.assign(step, fields);
  return def;
}
