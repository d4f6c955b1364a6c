/**
 * What an app's automations do when a row is created or updated: which ones match, whether their
 * condition holds, and the effects to carry out — notifications with their text rendered, record
 * updates with their values evaluated. Pure: the caller sends the mail, writes the rows (through
 * `prepareWrite`) and feeds the resulting updates back in, up to a depth the definition's
 * no-loop check makes unreachable in practice.
 */
import type { AppDefinition, Automation } from '../../schemas/definitions.ts';
import { AppIndex, recordContext, recordType } from '../definitions/app-context.ts';
import { type ExprContext, evaluateExpression } from '../expr/index.ts';
import { type Actor, expressionUser, findTable } from './access.ts';

export interface RowEvent {
  kind: 'create' | 'update';
  tableId: string;
  row: { id: string; data: Record<string, unknown> };
  /** The row before an update. */
  previous?: Record<string, unknown>;
  changedFields: string[];
}

export type Recipient = { kind: 'address'; email: string } | { kind: 'role'; roleId: string };

export type AutomationEffect =
  | {
      kind: 'notify';
      automationId: string;
      channel: 'email' | 'in_app';
      to: Recipient;
      subject: string;
      body: string;
    }
  | {
      kind: 'update_record';
      automationId: string;
      tableId: string;
      /** The row(s) to change: the triggering row, or the rows its relation field points at. */
      rowIds: string[];
      values: Record<string, unknown>;
    }
  | { kind: 'start_workflow'; automationId: string; workflowId: string; input: Record<string, unknown> };

export interface AutomationPlan {
  effects: AutomationEffect[];
  /** Automations that could not run, and why (a missing value in an expression, no recipient). */
  skipped: { automationId: string; reason: string }[];
}

/** How deep automations may set off one another before the runtime stops them. */
export const MAX_AUTOMATION_DEPTH = 3;

function matches(automation: Automation, event: RowEvent): boolean {
  if (automation.enabled === false || automation.tableId !== event.tableId) return false;
  if (automation.trigger.on !== event.kind) return false;
  const watched = automation.trigger.on === 'update' ? automation.trigger.watchFields : undefined;
  return !watched || watched.some((field) => event.changedFields.includes(field));
}

const idsOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? [value]
      : [];

export function planAutomations(
  app: AppDefinition,
  event: RowEvent,
  actor: Actor,
  now: string,
): AutomationPlan {
  const table = findTable(app, event.tableId);
  const plan: AutomationPlan = { effects: [], skipped: [] };
  if (!table) return plan;
  const index = new AppIndex(app);
  const context: ExprContext = recordContext(
    table,
    index,
    event.kind === 'update' ? { previous: recordType(table, index) } : {},
  );
  const values = {
    record: { ...event.row.data, id: event.row.id },
    ...(event.previous ? { previous: { ...event.previous, id: event.row.id } } : {}),
    user: expressionUser(actor),
    now,
  };
  const evaluate = (source: string) => evaluateExpression(source, context, values);
  const render = (template: string) =>
    template.replace(/\{\{(.*?)\}\}/g, (_, source: string) => {
      const result = evaluate(source);
      return result.ok && result.value !== null && result.value !== undefined ? String(result.value) : '';
    });

  for (const automation of app.automations) {
    if (!matches(automation, event)) continue;
    if (automation.condition) {
      const held = evaluate(automation.condition);
      if (!held.ok) {
        plan.skipped.push({ automationId: automation.id, reason: `condition: ${held.error.message}` });
        continue;
      }
      if (held.value !== true) continue;
    }
    for (const action of automation.actions) {
      if (action.kind === 'notify') {
        let to: Recipient | null = null;
        if (action.to.kind === 'address') to = { kind: 'address', email: action.to.email };
        else if (action.to.kind === 'role') to = { kind: 'role', roleId: action.to.roleId };
        else {
          const email = event.row.data[action.to.fieldId];
          if (typeof email === 'string' && email.includes('@')) to = { kind: 'address', email };
        }
        if (!to) {
          plan.skipped.push({
            automationId: automation.id,
            reason: 'the row has no e-mail address to notify',
          });
          continue;
        }
        plan.effects.push({
          kind: 'notify',
          automationId: automation.id,
          channel: action.channel,
          to,
          subject: render(action.subject),
          body: render(action.body),
        });
      } else if (action.kind === 'update_record') {
        let targetTable = table.id;
        let rowIds = [event.row.id];
        if (action.target !== 'this') {
          const relation = table.fields.find(
            (f) => f.id === (action.target as { relationFieldId: string }).relationFieldId,
          );
          if (relation?.type !== 'relation') continue;
          targetTable = relation.targetTableId;
          rowIds = idsOf(event.row.data[relation.id]);
        }
        const set: Record<string, unknown> = {};
        let failed: string | null = null;
        for (const assignment of action.set) {
          const result = evaluate(assignment.value);
          if (!result.ok) failed = `${assignment.fieldId}: ${result.error.message}`;
          else set[assignment.fieldId] = result.value;
        }
        if (failed) plan.skipped.push({ automationId: automation.id, reason: failed });
        else if (rowIds.length > 0)
          plan.effects.push({
            kind: 'update_record',
            automationId: automation.id,
            tableId: targetTable,
            rowIds,
            values: set,
          });
      } else {
        const input: Record<string, unknown> = {};
        for (const entry of action.input) {
          const result = evaluate(entry.value);
          input[entry.key] = result.ok ? result.value : null;
        }
        plan.effects.push({
          kind: 'start_workflow',
          automationId: automation.id,
          workflowId: action.workflowId,
          input,
        });
      }
    }
  }
  return plan;
}
