import { validateDefinition } from '../../../../runtime/definitions/index.ts';
import { AppDefinition, WorkflowDefinition } from '../../../../schemas/definitions.ts';
import bookmarkManager from '../../../../schemas/examples/bookmark-manager.app.json';
import crmLite from '../../../../schemas/examples/crm-lite.app.json';
import dailyDigestBot from '../../../../schemas/examples/daily-digest-bot.workflow.json';
import emailAutoResponder from '../../../../schemas/examples/email-auto-responder.workflow.json';
import eventPlanner from '../../../../schemas/examples/event-planner.app.json';
import habitTracker from '../../../../schemas/examples/habit-tracker.app.json';
import inventory from '../../../../schemas/examples/inventory.app.json';
import messageToCalendarSync from '../../../../schemas/examples/message-to-calendar-sync.workflow.json';
import recipeTracker from '../../../../schemas/examples/recipe-tracker.app.json';
import slackReminderAgent from '../../../../schemas/examples/slack-reminder-agent.workflow.json';
import type { EditResult } from './edit-result.ts';

// The shipped examples, parsed once: the studio's templates are what its edits are tested on.

export const exampleApps = {
  bookmarkManager: AppDefinition.parse(bookmarkManager),
  crmLite: AppDefinition.parse(crmLite),
  eventPlanner: AppDefinition.parse(eventPlanner),
  habitTracker: AppDefinition.parse(habitTracker),
  inventory: AppDefinition.parse(inventory),
  recipeTracker: AppDefinition.parse(recipeTracker),
};

export const exampleWorkflows = {
  dailyDigestBot: WorkflowDefinition.parse(dailyDigestBot),
  emailAutoResponder: WorkflowDefinition.parse(emailAutoResponder),
  messageToCalendarSync: WorkflowDefinition.parse(messageToCalendarSync),
  slackReminderAgent: WorkflowDefinition.parse(slackReminderAgent),
};

export const allExampleApps = Object.values(exampleApps);
export const allExampleWorkflows = Object.values(exampleWorkflows);

/** The recipe tracker, deep-frozen: an edit that changed its input would throw. */
export function recipes(): AppDefinition {
  return deepFreeze(structuredClone(exampleApps.recipeTracker));
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The definition of a successful edit; a refusal fails the test with its reason. */
export function applied<D>(result: EditResult<D>): Extract<EditResult<D>, { ok: true }> {
  if (!result.ok) throw new Error(`edit refused: ${result.reason}`);
  return result;
}

/** The validator's issues (the server's function), formatted for a readable failure. */
export function issuesOf(definition: AppDefinition | WorkflowDefinition): string[] {
  const result = validateDefinition(definition);
  return result.ok ? [] : result.errors.map((issue) => `${issue.path}: ${issue.message}`);
}

/** An app with one table (`tasks`: a title) and nothing else, to build a case on. */
export function tinyApp(): AppDefinition {
  return deepFreeze({
    schemaVersion: 1,
    kind: 'app',
    name: 'Tasks',
    slug: 'tasks',
    themeColor: '#4f46e5',
    tables: [
      {
        id: 'tasks',
        label: 'Tasks',
        primaryFieldId: 'title',
        fields: [{ id: 'title', label: 'Title', type: 'text', required: true }],
      },
    ],
    views: [],
    access: {
      level: 'private',
      roles: [
        {
          id: 'owner',
          label: 'Owner',
          tables: [
            { tableId: 'tasks', create: true, read: true, update: true, delete: true, rowScope: 'all' },
          ],
        },
      ],
      defaultRoleId: 'owner',
    },
    automations: [],
    navigation: [],
  });
}
