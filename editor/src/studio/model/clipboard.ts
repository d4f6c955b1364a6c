import type {
  AppDefinition,
  Automation,
  Connection,
  Field,
  Step,
  Table,
  View,
  WorkflowDefinition,
} from '../../../../schemas/definitions.ts';
import { removeFromApp } from './app-removal.ts';
import { type CreatedEntity, type EditResult, edited, refused } from './edit-result.ts';
import { uniqueId, uniqueLabel } from './ids.ts';
import { isRequiredLink, linksOf, linkTarget, withLink } from './workflow-links.ts';

/** What copy puts aside: whole parts, as JSON, so it can go to another tab or app too. */
export type StudioClipboard =
  | { kind: 'app'; tables: Table[]; views: View[]; automations: Automation[] }
  | { kind: 'workflow'; steps: Step[]; connections: Connection[] };

export interface AppSelection {
  tables?: readonly string[];
  views?: readonly string[];
  automations?: readonly string[];
}

export function copyFromApp(app: AppDefinition, selection: AppSelection): StudioClipboard {
  const pick = <T extends { id: string }>(list: readonly T[], ids: readonly string[] = []) =>
    structuredClone(list.filter((item) => ids.includes(item.id)));
  return {
    kind: 'app',
    tables: pick(app.tables, selection.tables),
    views: pick(app.views, selection.views),
    automations: pick(app.automations, selection.automations),
  };
}

export function copyFromWorkflow(def: WorkflowDefinition, stepIds: readonly string[]): StudioClipboard {
  const steps = structuredClone(def.steps.filter((step) => stepIds.includes(step.id)));
  const used = new Set(steps.flatMap((step) => ('connectionId' in step ? [step.connectionId] : [])));
  return {
    kind: 'workflow',
    steps,
    connections: structuredClone(def.connections.filter((c) => used.has(c.id))),
  };
}

/** Fresh ids (and labels) for pasted items, unique against what is there and each other. */
function renamer(existing: readonly { id: string; label: string }[]) {
  const ids = existing.map((item) => item.id);
  const labels = existing.map((item) => item.label);
  const map = new Map<string, string>();
  return {
    map,
    next<T extends { id: string; label: string }>(item: T): T {
      const id = uniqueId(item.id, ids);
      const label = uniqueLabel(item.label, labels);
      ids.push(id);
      labels.push(label);
      map.set(item.id, id);
      return { ...item, id, label };
    },
  };
}

/**
 * Pastes copied tables, views and automations with fresh ids. References inside the pasted set
 * follow the copies (a view of a pasted table shows the copy; a relation between two pasted
 * tables joins the copies); a relation to a table outside it keeps pointing there one-sided, and
 * one to a table this app lacks is removed with what depends on it. Views and automations whose
 * table is in neither are left out.
 */
export function pasteIntoApp(app: AppDefinition, clip: StudioClipboard): EditResult<AppDefinition> {
  if (clip.kind !== 'app') return refused('Steps of a workflow cannot be pasted into an app.');
  if (app.tables.length + clip.tables.length > 200) return refused('An app can have at most 200 tables.');
  if (app.views.length + clip.views.length > 500) return refused('An app can have at most 500 views.');
  if (app.automations.length + clip.automations.length > 100)
    return refused('An app can have at most 100 automations.');
  const tableNames = renamer(app.tables);
  const copies = clip.tables.map((table) => tableNames.next(table));
  const tableId = (id: string) => tableNames.map.get(id) ?? id;
  const known = new Set([...app.tables.map((t) => t.id), ...copies.map((t) => t.id)]);
  const dangling: { tableId: string; fieldId: string }[] = [];
  const tables: Table[] = copies.map((table) => ({
    ...table,
    fields: table.fields.map((field): Field => {
      if (field.type !== 'relation') return field;
      if (tableNames.map.has(field.targetTableId))
        return { ...field, targetTableId: tableId(field.targetTableId) };
      if (!known.has(field.targetTableId)) dangling.push({ tableId: table.id, fieldId: field.id });
      const { inverseFieldId: _oneSided, ...rest } = field;
      return rest;
    }),
  }));

  const roles = new Set(app.access.roles.map((role) => role.id));
  const viewNames = renamer(app.views);
  const pastedViews = clip.views.filter((view) => known.has(tableId(view.tableId)));
  const views = pastedViews
    .map((view) => viewNames.next(view))
    .map((view): View => {
      const moved = { ...view, tableId: tableId(view.tableId) };
      if (moved.kind !== 'form') return moved;
      const allowedRoles =
        Array.isArray(moved.allowedRoles) && !moved.allowedRoles.every((role) => roles.has(role))
          ? [app.access.defaultRoleId]
          : moved.allowedRoles;
      const target = moved.submit.viewId;
      const submit =
        target === undefined
          ? moved.submit
          : viewNames.map.has(target)
            ? { ...moved.submit, viewId: viewNames.map.get(target)! }
            : app.views.some((v) => v.id === target)
              ? moved.submit
              : {
                  label: moved.submit.label,
                  after: 'show_message' as const,
                  ...(moved.submit.message ? { message: moved.submit.message } : {}),
                };
      return { ...moved, allowedRoles, submit };
    });

  const automationNames = renamer(app.automations);
  const automations = clip.automations
    .filter((automation) => known.has(tableId(automation.tableId)))
    .map((automation) => automationNames.next(automation))
    .map(
      (automation): Automation => ({
        ...automation,
        tableId: tableId(automation.tableId),
        actions: automation.actions.map((action) =>
          action.kind === 'notify' && action.to.kind === 'role' && !roles.has(action.to.roleId)
            ? { ...action, to: { kind: 'role', roleId: app.access.defaultRoleId } }
            : action,
        ),
      }),
    );

  const created: CreatedEntity[] = [
    ...tables.map((t) => ({ entity: 'table' as const, id: t.id })),
    ...views.map((v) => ({ entity: 'view' as const, id: v.id })),
    ...automations.map((a) => ({ entity: 'automation' as const, id: a.id })),
  ];
  const warnings: string[] = [];
  const skipped = clip.views.length - views.length + clip.automations.length - automations.length;
  if (skipped > 0)
    warnings.push(`${skipped} copied views or automations were left out: their table is not in this app`);
  const pasted: AppDefinition = {
    ...app,
    tables: [...app.tables, ...tables],
    views: [...app.views, ...views],
    automations: [...app.automations, ...automations],
  };
  if (dangling.length === 0) return edited(pasted, { created, warnings });
  const cleaned = removeFromApp(pasted, { fields: dangling });
  if (!cleaned.ok)
    return refused(`Cannot paste: the copied relations lead to tables this app lacks. ${cleaned.reason}`);
  return edited(cleaned.definition, { created, warnings, removed: cleaned.removed });
}

/** `steps.old` → `steps.new` in every expression of a pasted step. */
function renameStepReferences(step: Step, map: ReadonlyMap<string, string>): Step {
  if (map.size === 0) return step;
  // One pass over all ids: renaming one after another could rename a copy's new id again.
  const pattern = new RegExp(`\\bsteps\\.(${[...map.keys()].join('|')})\\b`, 'g');
  const json = JSON.stringify(step).replace(pattern, (_, id: string) => `steps.${map.get(id)}`);
  return JSON.parse(json) as Step;
}

/**
 * Pastes copied steps with fresh ids. Links between pasted steps follow the copies; an optional
 * link to a step outside them is cut (the paste is connected by the builder), a required one
 * keeps its target. Expressions that read a pasted step read its copy; connections the steps use
 * are declared when missing.
 */
export function pasteIntoWorkflow(
  def: WorkflowDefinition,
  clip: StudioClipboard,
): EditResult<WorkflowDefinition> {
  if (clip.kind !== 'workflow') return refused('Tables and views cannot be pasted into a workflow.');
  if (def.steps.length + clip.steps.length > 200) return refused('A workflow can have at most 200 steps.');
  const names = renamer(def.steps);
  const renamed = clip.steps.map((step) => names.next(step));
  const steps = renamed.map((step) => {
    let next = renameStepReferences(step, names.map);
    for (const link of linksOf(next)) {
      const target = linkTarget(next, link);
      if (target === undefined) continue;
      const mapped = names.map.get(target);
      if (mapped !== undefined) next = withLink(next, link, mapped);
      else if (!isRequiredLink(link)) next = withLink(next, link, undefined);
    }
    return next;
  });
  const have = new Set(def.connections.map((c) => c.id));
  const connections = [...def.connections, ...clip.connections.filter((c) => !have.has(c.id))].slice(0, 20);
  const created: CreatedEntity[] = steps.map((step) => ({ entity: 'step', id: step.id }));
  return edited({ ...def, steps: [...def.steps, ...steps], connections }, { created });
}
