import type { AppDefinition, CodeBundle, Step, WorkflowDefinition } from '../../schemas/definitions.ts';

/**
 * Definitions that pass validation and give the review nothing to say. Each test takes a fresh
 * copy and adds one risk, so it shows the one rule it checks.
 */

/** A public task board: visitors read tasks and file new ones; staff (invited) run it. */
export function publicTasksApp(): AppDefinition {
  return {
    schemaVersion: 1,
    kind: 'app',
    name: 'Public tasks',
    slug: 'public-tasks',
    themeColor: '#4f46e5',
    tables: [
      {
        id: 'tasks',
        label: 'Tasks',
        primaryFieldId: 'title',
        fields: [
          { id: 'title', label: 'Title', type: 'text', required: true },
          { id: 'notes', label: 'Notes', type: 'long_text' },
          { id: 'reporter_email', label: 'Reporter e-mail', type: 'email' },
          {
            id: 'status',
            label: 'Status',
            type: 'single_select',
            options: [
              { id: 'open', label: 'Open', color: 'blue' },
              { id: 'done', label: 'Done', color: 'green' },
            ],
          },
          {
            id: 'screenshot',
            label: 'Screenshot',
            type: 'attachment',
            allowedTypes: ['image/png', 'image/jpeg', '.pdf'],
            maxSizeMb: 5,
            maxFiles: 3,
          },
          {
            id: 'assignee',
            label: 'Assignee',
            type: 'relation',
            targetTableId: 'people',
            cardinality: 'many_to_one',
          },
          {
            id: 'assignee_phone',
            label: 'Assignee phone',
            type: 'lookup',
            relationFieldId: 'assignee',
            targetFieldId: 'phone',
          },
        ],
        validationRules: [
          { id: 'title_length', expression: 'size(record.title) >= 3', message: 'Too short.' },
        ],
      },
      {
        id: 'people',
        label: 'People',
        primaryFieldId: 'name',
        fields: [
          { id: 'name', label: 'Name', type: 'text', required: true },
          { id: 'phone', label: 'Phone', type: 'phone' },
        ],
      },
    ],
    views: [
      {
        id: 'all_tasks',
        label: 'All tasks',
        kind: 'list',
        tableId: 'tasks',
        columns: ['title', 'status'],
        pageSize: 50,
      },
      {
        id: 'new_task',
        label: 'Report a task',
        kind: 'form',
        tableId: 'tasks',
        mode: 'create',
        sections: [{ label: 'Task', fields: ['title', 'notes', 'reporter_email'] }],
        submit: { label: 'Send', after: 'show_message', message: 'Thanks!' },
        allowedRoles: 'anyone',
      },
    ],
    access: {
      level: 'public',
      defaultRoleId: 'visitor',
      roles: [
        {
          id: 'visitor',
          label: 'Visitor',
          tables: [
            { tableId: 'tasks', create: true, read: true, update: false, delete: false, rowScope: 'all' },
          ],
          hiddenFields: [
            { tableId: 'tasks', fieldId: 'reporter_email' },
            { tableId: 'tasks', fieldId: 'assignee_phone' },
          ],
        },
        {
          id: 'staff',
          label: 'Staff',
          tables: [
            { tableId: 'tasks', create: true, read: true, update: true, delete: true, rowScope: 'all' },
            { tableId: 'people', create: true, read: true, update: true, delete: false, rowScope: 'all' },
          ],
        },
      ],
    },
    automations: [
      {
        id: 'tell_staff',
        label: 'Tell staff about a new task',
        tableId: 'tasks',
        trigger: { on: 'create' },
        actions: [
          {
            kind: 'notify',
            channel: 'in_app',
            to: { kind: 'role', roleId: 'staff' },
            subject: 'New task: {{record.title}}',
            body: '{{record.notes}}',
          },
        ],
      },
    ],
    navigation: [{ viewId: 'all_tasks' }, { viewId: 'new_task' }],
  };
}

/** A signed webhook: AI sorts a ticket, then posts to Slack or tags it in the help desk. */
export function signedWebhookWorkflow(): WorkflowDefinition {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    name: 'Ticket triage',
    trigger: {
      kind: 'webhook',
      verification: { kind: 'hmac', header: 'X-Signature', algorithm: 'sha256', secretId: 'signing' },
      response: { mode: 'async' },
    },
    start: 'classify',
    steps: [
      {
        id: 'classify',
        label: 'Classify',
        kind: 'ai',
        input: 'trigger.body.subject + "\\n" + trigger.body.text',
        ai: { task: 'classify', labels: ['urgent', 'normal'] },
        next: 'route',
      },
      {
        id: 'route',
        label: 'Urgent?',
        kind: 'condition',
        branches: [{ id: 'urgent', label: 'Urgent', when: 'steps.classify.label == "urgent"', next: 'page' }],
        otherwise: 'tag',
      },
      {
        id: 'page',
        label: 'Page on-call',
        kind: 'send_message',
        connectionId: 'slack',
        to: '"#oncall"',
        text: '"Urgent: " + trigger.body.subject',
      },
      {
        id: 'tag',
        label: 'Tag the ticket',
        kind: 'call_api',
        connectionId: 'helpdesk',
        method: 'POST',
        path: '/tickets/{{ trigger.body.id }}/tags',
        headers: [{ name: 'Accept', value: '"application/json"' }],
        body: '{"tags": ["triaged"]}',
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
        label: 'Help desk',
        provider: 'helpdesk',
        auth: { kind: 'api_key', placement: 'header', name: 'X-Api-Key' },
        allowedHosts: ['api.helpdesk.example.com'],
        baseUrl: 'https://api.helpdesk.example.com/v2',
      },
    ],
    secrets: [{ id: 'signing', label: 'Signing secret' }],
  };
}

export function sumBundle(): CodeBundle {
  return {
    schemaVersion: 1,
    kind: 'code',
    language: 'typescript',
    spec: {
      title: 'Sum',
      summary: 'Adds numbers.',
      sections: {
        goals: 'Add numbers.',
        requirements: ['sum([]) is 0'],
        architecture: 'One function.',
        testing: 'Vitest.',
      },
    },
    files: [
      {
        path: 'src/sum.ts',
        content: 'export function sum(xs: number[]): number {\n  return xs.reduce((a, b) => a + b, 0);\n}\n',
      },
    ],
    tests: [
      {
        path: 'test/sum.test.ts',
        content:
          "import { expect, it } from 'vitest';\nimport { sum } from '../src/sum.ts';\n\n" +
          "it('adds', () => {\n  expect(sum([1, 2])).toBe(3);\n});\n",
      },
    ],
  };
}

/** Findings without their messages, for comparing. */
export const short = (findings: { ruleId: string; severity: string; path: string }[]) =>
  findings.map(({ ruleId, severity, path }) => ({ ruleId, severity, path }));

/** The signed-webhook workflow, changed by `change`. */
export function workflow(change: (w: WorkflowDefinition) => void = () => {}): WorkflowDefinition {
  const w = signedWebhookWorkflow();
  change(w);
  return w;
}

/** A step of the workflow, checked to be of `kind`. */
export const step = <K extends Step['kind']>(w: WorkflowDefinition, id: string, kind: K) => {
  const found = w.steps.find((s) => s.id === id);
  if (found?.kind !== kind) throw new Error(`no ${kind} step ${id}`);
  return found as Extract<Step, { kind: K }>;
};

/** The workflow with a polling trigger. */
export const polling = (intervalMinutes: number, connectionId = 'helpdesk') =>
  workflow((w) => {
    w.trigger = {
      kind: 'polling',
      connectionId,
      request: { method: 'GET', path: '/tickets' },
      intervalMinutes,
      items: 'response.body',
      dedupeKey: 'item.id',
    };
  });
