import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import { bySeverity, type Finding, finding } from './finding.ts';
import { findPastedSecrets, stringsIn } from './pasted-secrets.ts';
import { CONNECTION_RULES } from './workflow-connection-rules.ts';
import { WORKFLOW_DATA_RULES } from './workflow-data-rules.ts';

/** One deterministic check of a workflow definition. */
export type WorkflowRule = (workflow: WorkflowDefinition) => Finding[];

/**
 * Blocker when an unverified webhook leads to writes, messages or API calls that change data:
 * anyone who learns the URL can make the workflow act in the builder's name. Warning when the
 * workflow only reads: a stranger can still start runs (executions, AI credits) and probe it.
 */
export function unverifiedWebhook(workflow: WorkflowDefinition): Finding[] {
  const trigger = workflow.trigger;
  if (trigger.kind !== 'webhook' || trigger.verification.kind !== 'none') return [];
  const effects = workflow.steps.flatMap((step) => {
    if (step.kind === 'create_record' || step.kind === 'update_record')
      return [`writes records ("${step.label}")`];
    if (step.kind === 'send_message') return [`sends messages ("${step.label}")`];
    if (step.kind === 'call_api' && step.method !== 'GET')
      return [`calls an API with ${step.method} ("${step.label}")`];
    return [];
  });
  const fix = 'Verify the webhook with the HMAC signature or secret token the sending service provides.';
  if (effects.length === 0)
    return [
      finding(
        'workflow.unverified-webhook',
        'warning',
        ['trigger', 'verification'],
        `Anyone who finds the webhook URL can start this workflow and use up your executions${
          workflow.steps.some((step) => step.kind === 'ai') ? ' and AI credits' : ''
        }. It only reads data, so this does not block. ${fix}`,
      ),
    ];
  return [
    finding(
      'workflow.unverified-webhook',
      'blocker',
      ['trigger', 'verification'],
      `Anyone who finds the webhook URL can start this workflow, and it ${effects.slice(0, 3).join(', ')}${
        effects.length > 3 ? ` and ${effects.length - 3} more` : ''
      }: strangers could act in your name. ${fix}`,
    ),
  ];
}

/** How many distinct minutes of an hour a cron minute field fires on. */
export function minutesPerHour(field: string): number {
  const minutes = new Set<number>();
  for (const part of field.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) return 0;
    const step = Number(match[4] ?? 1);
    const from = match[1] === '*' ? 0 : Number(match[2]);
    const to = match[1] === '*' || (match[3] === undefined && match[4]) ? 59 : Number(match[3] ?? match[2]);
    for (let m = from; m <= Math.min(to, 59) && step > 0; m += step) minutes.add(m);
  }
  return minutes.size;
}

/**
 * Info: more often than every 5 minutes spends the builder's executions and the other service's
 * rate limit for little; a choice, not a mistake.
 */
export function frequentSchedule(workflow: WorkflowDefinition): Finding[] {
  const trigger = workflow.trigger;
  if (trigger.kind === 'polling' && trigger.intervalMinutes < 5)
    return [
      finding(
        'workflow.polling-too-often',
        'info',
        ['trigger', 'intervalMinutes'],
        `Polls every ${trigger.intervalMinutes === 1 ? 'minute' : `${trigger.intervalMinutes} minutes`}: ` +
          `${Math.round(1440 / trigger.intervalMinutes)} requests a day. Every 5 minutes or more is usually enough, ` +
          'and a webhook is better if the service offers one.',
      ),
    ];
  if (trigger.kind === 'cron') {
    const perHour = minutesPerHour(trigger.cron.trim().split(/\s+/)[0] ?? '');
    if (perHour > 12)
      return [
        finding(
          'workflow.cron-too-often',
          'info',
          ['trigger', 'cron'],
          `Runs ${perHour} times an hour, more often than every 5 minutes: each run counts against your ` +
            'executions. Run it less often if the work allows.',
        ),
      ];
  }
  return [];
}

/** Blocker: a key typed into a definition is stored in plain text in every version and shown to agents. */
export function workflowPastedSecrets(workflow: WorkflowDefinition): Finding[] {
  return [...stringsIn(workflow)].flatMap(({ path, text }) =>
    findPastedSecrets(text).map((secret) =>
      finding(
        'workflow.pasted-secret',
        'blocker',
        path,
        `This text contains ${secret.kind}. A definition is stored in plain text: remove it, revoke the key, ` +
          'and give it to the workflow through a connection (its key stays in the secrets store).',
      ),
    ),
  );
}

export const WORKFLOW_RULES: readonly WorkflowRule[] = [
  ...CONNECTION_RULES,
  unverifiedWebhook,
  ...WORKFLOW_DATA_RULES,
  frequentSchedule,
  workflowPastedSecrets,
];

/** Every finding of the workflow rules, blockers first. Pure: the editor runs it as the server does. */
export function reviewWorkflow(workflow: WorkflowDefinition): Finding[] {
  return bySeverity(WORKFLOW_RULES.flatMap((rule) => rule(workflow)));
}
