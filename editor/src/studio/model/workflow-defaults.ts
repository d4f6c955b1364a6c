import type { Step, StepKind, Trigger, WorkflowDefinition } from '../../../../schemas/definitions.ts';

export type StepSettings = Step extends infer S ? (S extends Step ? Omit<S, 'id' | 'label'> : never) : never;
type AiTaskName = Extract<Step, { kind: 'ai' }>['ai']['task'];

export const STEP_KINDS: readonly StepKind[] = [
  'call_api',
  'send_message',
  'create_record',
  'update_record',
  'state_get',
  'state_set',
  'ai',
  'map',
  'condition',
  'for_each',
  'respond',
];

export const STEP_KIND_LABELS: Record<StepKind, string> = {
  call_api: 'Call an API',
  send_message: 'Send a message',
  create_record: 'Create a record',
  update_record: 'Update a record',
  state_get: 'Read saved state',
  state_set: 'Save state',
  ai: 'Ask AI',
  map: 'Set values',
  condition: 'Check a condition',
  for_each: 'For each item',
  respond: 'Answer the caller',
};

/** What a new step may need from the builder's choice (where the palette cannot guess). */
export interface StepChoices {
  /** The connection a call or message goes through; the first declared one when absent. */
  connectionId?: string;
  /** The app table and a writable field a record step writes (from the builder's apps). */
  record?: { appId: string; tableId: string; fieldId: string };
  aiTask?: AiTaskName;
  /** A condition's first branch, a for-each's body: required links, so a step must be named. */
  to?: string;
}

const AI_TASKS: Record<AiTaskName, Extract<Step, { kind: 'ai' }>['ai']> = {
  classify: { task: 'classify', labels: ['yes', 'no'] },
  extract: { task: 'extract', fields: [{ name: 'value', type: 'string' }] },
  summarise: { task: 'summarise', maxWords: 100 },
  decide: {
    task: 'decide',
    options: [
      { id: 'option_a', description: 'The first choice' },
      { id: 'option_b', description: 'The second choice' },
    ],
  },
};

/**
 * The settings of a new step of each kind, valid for the schema and (given a declared
 * connection or app) for the validator, or why the step needs a choice first.
 */
export function stepSettings(
  def: WorkflowDefinition,
  kind: StepKind,
  choices: StepChoices = {},
): StepSettings | string {
  const connectionId = choices.connectionId ?? def.connections[0]?.id;
  switch (kind) {
    case 'call_api':
    case 'send_message':
      if (!connectionId) return 'it goes through a connection; add one to the workflow first';
      return kind === 'call_api'
        ? { kind, connectionId, method: 'GET', path: '/' }
        : { kind, connectionId, to: '"#general"', text: '"Hello from the workflow"' };
    case 'create_record':
    case 'update_record': {
      const record = choices.record;
      if (!record) return 'choose the app, table and field it writes';
      const values = [{ fieldId: record.fieldId, value: '""' }];
      return kind === 'create_record'
        ? { kind, appId: record.appId, tableId: record.tableId, values }
        : { kind, appId: record.appId, tableId: record.tableId, recordId: '""', values };
    }
    case 'state_get':
      return { kind, key: '"last_run"' };
    case 'state_set':
      return { kind, key: '"last_run"', value: '""' };
    case 'ai':
      return { kind, input: '""', ai: structuredClone(AI_TASKS[choices.aiTask ?? 'summarise']) };
    case 'map':
      return { kind, values: [{ name: 'value', value: '""' }] };
    case 'condition':
      if (!choices.to) return 'a condition needs the step its first branch leads to; put it before a step';
      return { kind, branches: [{ id: 'yes', label: 'Yes', when: 'true', next: choices.to }] };
    case 'for_each':
      if (!choices.to) return 'a for-each needs the first step of its body; put it before a step';
      return { kind, items: '[]', maxItems: 100, body: choices.to };
    case 'respond':
      return { kind, status: 200 };
  }
}

export type TriggerKind = Trigger['kind'];

export const TRIGGER_KINDS: readonly TriggerKind[] = ['cron', 'webhook', 'message', 'polling'];

/** The secret a new signed webhook checks; declared when the trigger is set. */
export const WEBHOOK_SECRET = { id: 'webhook_secret', label: 'Webhook signing secret' } as const;

/**
 * A new trigger of each kind: a weekday-morning schedule, a webhook signed with HMAC (an
 * unsigned one lets anyone start the workflow), and for messages and polling, a connection.
 */
export function triggerSettings(
  def: WorkflowDefinition,
  kind: TriggerKind,
  connectionId?: string,
): Trigger | string {
  const connection = connectionId ?? def.connections[0]?.id;
  switch (kind) {
    case 'cron':
      return { kind, cron: '0 8 * * 1-5', timezone: 'UTC' };
    case 'webhook':
      return {
        kind,
        verification: {
          kind: 'hmac',
          header: 'X-Signature-256',
          algorithm: 'sha256',
          prefix: 'sha256=',
          secretId: WEBHOOK_SECRET.id,
        },
        response: { mode: 'async' },
      };
    case 'message':
      if (!connection) return 'messages arrive through a connection; add one to the workflow first';
      return { kind, connectionId: connection, event: 'message.created' };
    case 'polling':
      if (!connection) return 'polling asks a service through a connection; add one to the workflow first';
      return {
        kind,
        connectionId: connection,
        request: { method: 'GET', path: '/' },
        intervalMinutes: 15,
        items: 'response.body.items',
        dedupeKey: 'item.id',
      };
  }
}
