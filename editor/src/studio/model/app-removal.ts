import type { AppDefinition, Automation, Table, View } from '../../../../schemas/definitions.ts';
import { findAutomation, findTable, findView, missing } from './app-parts.ts';
import { cleanAutomation, expressionsReadingGone } from './app-removal-logic.ts';
import { primaryCandidate, RemovalPlan, type RemovalRequest } from './app-removal-plan.ts';
import { cleanView } from './app-removal-views.ts';
import { type EditResult, edited, quoted, type RemovedReference, refused } from './edit-result.ts';

export type { FieldRef, RemovalRequest } from './app-removal-plan.ts';

/**
 * Deletes tables, fields, views and automations together with everything that refers to them,
 * so the app that comes out refers only to what exists: relation sides and lookups (see
 * `RemovalPlan`), view settings (`cleanView`), automation actions (`cleanAutomation`), the
 * primary field, state machines, navigation, form redirects and role permissions. What went
 * beyond the request is returned in `removed`. An expression that reads a deleted field, or a
 * table left without fields, refuses the whole edit with the places to change first.
 */
export function removeFromApp(app: AppDefinition, request: RemovalRequest): EditResult<AppDefinition> {
  const plan = new RemovalPlan(app, request);
  const removed: RemovedReference[] = [...plan.removed];
  if (app.tables.every((table) => plan.tableGone(table.id)))
    return refused('An app needs at least one table; add another table before deleting this one.');

  const primaries = new Map<string, string>();
  const tables: Table[] = [];
  for (const table of app.tables) {
    if (plan.tableGone(table.id)) continue;
    const fields = plan.survivors(table.id);
    if (fields.length === 0)
      return refused(`Table ${quoted(table.label)} needs at least one field; delete the table instead.`);
    let primaryFieldId = table.primaryFieldId;
    if (plan.fieldGone(table.id, primaryFieldId)) {
      const next = primaryCandidate(fields);
      if (!next)
        return refused(
          `${plan.fieldName(table.id, primaryFieldId)} names its rows and no other field can; add a text field first.`,
        );
      primaryFieldId = next.id;
      removed.push({
        entity: 'table',
        id: table.id,
        summary: `rows of table ${quoted(table.label)} are now named by ${quoted(next.label)}`,
      });
    }
    primaries.set(table.id, primaryFieldId);
    let stateMachine = table.stateMachine;
    if (stateMachine && plan.fieldGone(table.id, stateMachine.fieldId)) {
      removed.push({
        entity: 'table',
        id: table.id,
        summary: `the state machine of table ${quoted(table.label)} removed: its states were ${plan.fieldLabel(table.id, stateMachine.fieldId)}`,
      });
      stateMachine = undefined;
    }
    const unchanged =
      fields.length === table.fields.length &&
      primaryFieldId === table.primaryFieldId &&
      stateMachine === table.stateMachine;
    if (unchanged) tables.push(table);
    else {
      const { stateMachine: _old, ...rest } = table;
      tables.push({ ...rest, fields, primaryFieldId, ...(stateMachine ? { stateMachine } : {}) });
    }
  }

  const views: View[] = [];
  const goneViews = new Set(plan.views);
  for (const view of app.views) {
    if (plan.views.has(view.id)) continue;
    if (plan.tableGone(view.tableId)) {
      goneViews.add(view.id);
      removed.push({
        entity: 'view',
        id: view.id,
        summary: `view ${quoted(view.label)} removed with its table`,
      });
      continue;
    }
    const cleaned = cleanView(view, plan, (tableId) => primaries.get(tableId)!);
    removed.push(...cleaned.notes);
    if (cleaned.view) views.push(cleaned.view);
    else goneViews.add(view.id);
  }

  const automations: Automation[] = [];
  for (const automation of app.automations) {
    if (plan.automations.has(automation.id)) continue;
    if (plan.tableGone(automation.tableId)) {
      removed.push({
        entity: 'automation',
        id: automation.id,
        summary: `automation ${quoted(automation.label)} removed with its table`,
      });
      continue;
    }
    const cleaned = cleanAutomation(automation, plan);
    if ('refusal' in cleaned) return refused(`Cannot delete: ${cleaned.refusal}.`);
    removed.push(...cleaned.notes);
    if (cleaned.automation) automations.push(cleaned.automation);
  }

  const next: AppDefinition = {
    ...app,
    tables,
    views: redirectForms(views, goneViews, removed),
    automations,
    navigation: app.navigation.filter((item) => !goneViews.has(item.viewId)),
    access: cleanAccess(app, plan, removed),
  };
  if (next.navigation.length !== app.navigation.length) {
    for (const item of app.navigation)
      if (goneViews.has(item.viewId) && !plan.views.has(item.viewId))
        removed.push({
          entity: 'navigation',
          id: item.viewId,
          summary: `navigation item of a removed view removed`,
        });
  }
  const readers = expressionsReadingGone(next, plan);
  if (readers.length)
    return refused(
      `Cannot delete: ${readers.slice(0, 3).join('; ')}${readers.length > 3 ? ` and ${readers.length - 3} more` : ''}. Change ${readers.length > 1 ? 'those expressions' : 'that expression'} first.`,
    );
  return edited(next, { removed });
}

/** Forms that opened a deleted view after submitting show their message instead. */
function redirectForms(views: View[], gone: ReadonlySet<string>, removed: RemovedReference[]): View[] {
  return views.map((view) => {
    if (view.kind !== 'form' || !view.submit.viewId || !gone.has(view.submit.viewId)) return view;
    const { viewId: _gone, ...submit } = view.submit;
    removed.push({
      entity: 'view',
      id: view.id,
      summary: `form ${quoted(view.label)} now shows a message after submitting instead of opening a deleted view`,
    });
    return { ...view, submit: { ...submit, after: 'show_message' } };
  });
}

function cleanAccess(
  app: AppDefinition,
  plan: RemovalPlan,
  removed: RemovedReference[],
): AppDefinition['access'] {
  let changed = false;
  const roles = app.access.roles.map((role) => {
    const tables = role.tables.filter((permission) => !plan.tableGone(permission.tableId));
    const hidden = role.hiddenFields?.filter((ref) => !plan.fieldGone(ref.tableId, ref.fieldId));
    const lostHidden = role.hiddenFields !== undefined && hidden?.length !== role.hiddenFields.length;
    if (tables.length === role.tables.length && !lostHidden) return role;
    changed = true;
    if (lostHidden)
      removed.push({
        entity: 'role',
        id: role.id,
        summary: `role ${quoted(role.label)} no longer hides deleted fields`,
      });
    const { hiddenFields: _old, ...rest } = role;
    return { ...rest, tables, ...(hidden?.length ? { hiddenFields: hidden } : {}) };
  });
  return changed ? { ...app.access, roles } : app.access;
}

export function deleteField(
  app: AppDefinition,
  args: { tableId: string; fieldId: string },
): EditResult<AppDefinition> {
  const table = findTable(app, args.tableId);
  if (!table) return refused(missing('table', args.tableId));
  if (!table.fields.some((field) => field.id === args.fieldId))
    return refused(missing('field', args.fieldId));
  return removeFromApp(app, { fields: [args] });
}

export function deleteTable(app: AppDefinition, args: { tableId: string }): EditResult<AppDefinition> {
  if (!findTable(app, args.tableId)) return refused(missing('table', args.tableId));
  return removeFromApp(app, { tables: [args.tableId] });
}

export function deleteView(app: AppDefinition, args: { viewId: string }): EditResult<AppDefinition> {
  if (!findView(app, args.viewId)) return refused(missing('view', args.viewId));
  return removeFromApp(app, { views: [args.viewId] });
}

export function deleteAutomation(
  app: AppDefinition,
  args: { automationId: string },
): EditResult<AppDefinition> {
  if (!findAutomation(app, args.automationId)) return refused(missing('automation', args.automationId));
  return removeFromApp(app, { automations: [args.automationId] });
}
