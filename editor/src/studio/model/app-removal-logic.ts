import { referencedPaths } from '../../../../runtime/expr/index.ts';
import type { AppDefinition, Automation } from '../../../../schemas/definitions.ts';
import type { RemovalPlan } from './app-removal-plan.ts';
import { quoted, type RemovedReference } from './edit-result.ts';

type Action = Automation['actions'][number];

/**
 * An automation on a surviving table after fields are deleted: actions that write a deleted
 * field, mail a deleted address field or follow a deleted relation go (and the automation when
 * none is left). A trigger watching only deleted fields cannot be cleaned up without changing
 * when it runs, so that refuses the whole edit.
 */
export function cleanAutomation(
  automation: Automation,
  plan: RemovalPlan,
): { automation: Automation | null; notes: RemovedReference[] } | { refusal: string } {
  const t = automation.tableId;
  const name = quoted(automation.label);
  const notes: RemovedReference[] = [];
  const note = (summary: string) => notes.push({ entity: 'automation', id: automation.id, summary });
  let trigger = automation.trigger;
  if (trigger.on === 'update' && trigger.watchFields) {
    const watched = trigger.watchFields.filter((id) => !plan.fieldGone(t, id));
    if (watched.length === 0)
      return {
        refusal: `automation ${name} runs only when ${trigger.watchFields.map((id) => plan.fieldLabel(t, id)).join(', ')} changes; choose other fields for it to watch first`,
      };
    if (watched.length !== trigger.watchFields.length) {
      note(`automation ${name} no longer watches deleted fields`);
      trigger = { ...trigger, watchFields: watched };
    }
  }
  const actions = automation.actions.flatMap((action): Action[] => {
    if (action.kind === 'notify' && action.to.kind === 'field' && plan.fieldGone(t, action.to.fieldId)) {
      note(
        `automation ${name} no longer notifies: its recipients were in ${plan.fieldLabel(t, action.to.fieldId)}`,
      );
      return [];
    }
    if (action.kind !== 'update_record') return [action];
    let target = t;
    if (action.target !== 'this') {
      const relationId = action.target.relationFieldId;
      if (plan.fieldGone(t, relationId)) {
        note(`automation ${name} no longer updates rows through ${plan.fieldLabel(t, relationId)}`);
        return [];
      }
      const relation = plan.table(t)?.fields.find((field) => field.id === relationId);
      if (relation?.type === 'relation') target = relation.targetTableId;
    }
    const set = action.set.filter((assignment) => !plan.fieldGone(target, assignment.fieldId));
    if (set.length === action.set.length) return [action];
    note(`automation ${name} no longer sets deleted fields`);
    return set.length ? [{ ...action, set }] : [];
  });
  if (actions.length === 0) {
    return {
      automation: null,
      notes: [
        {
          entity: 'automation',
          id: automation.id,
          summary: `automation ${name} removed: nothing is left for it to do`,
        },
      ],
    };
  }
  const changed =
    trigger !== automation.trigger || actions.length !== automation.actions.length || notes.length > 0;
  return { automation: changed ? { ...automation, trigger, actions } : automation, notes };
}

interface Site {
  tableId: string;
  source: string;
  where: string;
}

/** Every expression that reads a table's rows, with the table and where it is. */
function expressionSites(app: AppDefinition): Site[] {
  const sites: Site[] = [];
  for (const table of app.tables) {
    const of = `of table ${quoted(table.label)}`;
    for (const field of table.fields)
      if (field.type === 'computed')
        sites.push({
          tableId: table.id,
          source: field.expression,
          where: `computed field ${quoted(field.label)} ${of}`,
        });
    for (const rule of table.validationRules ?? [])
      sites.push({
        tableId: table.id,
        source: rule.expression,
        where: `validation rule ${quoted(rule.id)} ${of}`,
      });
    for (const transition of table.stateMachine?.transitions ?? [])
      if (transition.guard)
        sites.push({
          tableId: table.id,
          source: transition.guard,
          where: `the guard of transition ${quoted(transition.id)} ${of}`,
        });
  }
  for (const view of app.views)
    if (view.kind === 'form')
      for (const rule of view.visibility ?? [])
        sites.push({
          tableId: view.tableId,
          source: rule.visibleWhen,
          where: `a visibility rule of form ${quoted(view.label)}`,
        });
  for (const automation of app.automations) {
    const where = `automation ${quoted(automation.label)}`;
    const add = (source: string) => sites.push({ tableId: automation.tableId, source, where });
    if (automation.condition) add(automation.condition);
    for (const action of automation.actions) {
      if (action.kind === 'notify')
        for (const text of [action.subject, action.body])
          for (const placeholder of text.matchAll(/\{\{(.*?)\}\}/g)) add(placeholder[1]!);
      if (action.kind === 'update_record') for (const assignment of action.set) add(assignment.value);
      if (action.kind === 'start_workflow') for (const input of action.input) add(input.value);
    }
  }
  return sites;
}

/**
 * Expressions left in `app` that read a deleted field (`record.price`, `previous.price`): they
 * cannot be rewritten for the builder, so the deletion is refused with where they are.
 */
export function expressionsReadingGone(app: AppDefinition, plan: RemovalPlan): string[] {
  const found = new Set<string>();
  for (const site of expressionSites(app)) {
    for (const path of referencedPaths(site.source) ?? []) {
      const [root, fieldId] = path;
      if ((root === 'record' || root === 'previous') && fieldId && plan.fieldGone(site.tableId, fieldId)) {
        const why = plan.cascadeReason(site.tableId, fieldId);
        found.add(
          `${site.where} reads ${plan.fieldName(site.tableId, fieldId)}${why ? `, which would go too (${why})` : ''}`,
        );
      }
    }
  }
  return [...found];
}
