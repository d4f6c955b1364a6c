import type { WorkflowDefinition } from '../../../schemas/definitions.ts';

/** The smallest valid workflow: a weekday schedule that does one thing, for the builder to change. */
export function blankWorkflow(name: string): WorkflowDefinition {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    name,
    trigger: { kind: 'cron', cron: '0 9 * * 1-5', timezone: 'UTC' },
    start: 'remember_run',
    steps: [
      {
        id: 'remember_run',
        label: 'Remember the run',
        kind: 'state_set',
        key: "'last_run'",
        value: "'done'",
      },
    ],
    connections: [],
  };
}
