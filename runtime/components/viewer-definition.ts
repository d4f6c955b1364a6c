/**
 * The published definition as one caller may see it: what `GET /u/{username}/{slug}/app` sends
 * the viewer (`ViewerApp` in `schemas/api/viewer.ts`). A hidden field never leaves the server, so
 * everything that names one goes: the field itself, computed fields, lookups and rules that read
 * it, views that cannot work without it (or whose filter or sort uses it, since the data API
 * refuses such filters and the view must not show rows its filter would exclude), and the other
 * roles. The server still checks every rule on every write; this only decides what is shown.
 */
import type { ViewerTableRights } from '../../schemas/api/viewer.ts';
import type {
  AppDefinition,
  Field,
  FilterGroup,
  Role,
  StateMachine,
  Table,
  View,
} from '../../schemas/definitions.ts';
import { Id } from '../../schemas/definitions.ts';

type DetailSection = Extract<View, { kind: 'detail' }>['sections'][number];

import { referencedPaths } from '../expr/index.ts';
import { type Actor, can, roleOf, visibleFieldIds } from './access.ts';

export interface ViewerDefinition {
  definition: AppDefinition;
  /** By table id, for every table in `definition`. */
  rights: Record<string, ViewerTableRights>;
}

/**
 * Stands in for the tables when the caller may use none (an AppDefinition needs one): it names
 * nothing of the app, has no rows and grants nothing.
 */
export const NO_TABLE: Table = {
  id: 'nothing_to_show',
  label: 'Nothing to show',
  primaryFieldId: 'nothing',
  fields: [{ id: 'nothing', label: 'Nothing', type: 'text', readOnly: true }],
};
const NO_RIGHTS: ViewerTableRights = {
  create: false,
  read: false,
  update: false,
  delete: false,
  ownRowsOnly: false,
};

function rightsOf(app: AppDefinition, actor: Actor, tableId: string): ViewerTableRights {
  const decisions = (['create', 'read', 'update', 'delete'] as const).map((action) =>
    can(app, actor, tableId, action),
  );
  const [create, read, update, remove] = decisions.map((decision) => decision.allowed) as boolean[];
  return {
    create: create!,
    read: read!,
    update: update!,
    delete: remove!,
    ownRowsOnly: decisions.some((decision) => decision.allowed && decision.rowScope === 'own'),
  };
}

/** What the caller sees: kept tables, each with the fields it may see (after the fixpoint below). */
class Sight {
  constructor(
    readonly app: AppDefinition,
    readonly rights: ReadonlyMap<string, ViewerTableRights>,
    readonly fields: ReadonlyMap<string, Set<string>>,
  ) {}

  table(tableId: string): Table | undefined {
    return this.fields.has(tableId) ? this.app.tables.find((table) => table.id === tableId) : undefined;
  }

  sees(tableId: string, fieldId: string | undefined): boolean {
    return fieldId !== undefined && (this.fields.get(tableId)?.has(fieldId) ?? false);
  }

  seesAll(tableId: string, fieldIds: readonly string[]): boolean {
    return fieldIds.every((fieldId) => this.sees(tableId, fieldId));
  }

  /**
   * Whether an expression over a row of the table reads only fields the caller sees. One that
   * does not parse, or reads the whole `record` while a field is hidden, counts as reading them.
   */
  expressionOk(tableId: string, source: string): boolean {
    const paths = referencedPaths(source);
    if (!paths) return false;
    const table = this.app.tables.find((candidate) => candidate.id === tableId);
    const seen = this.fields.get(tableId);
    if (!table || !seen) return false;
    for (const [root, fieldId] of paths) {
      if (root !== 'record' && root !== 'previous') continue;
      if (fieldId === undefined) {
        if (table.fields.some((field) => !seen.has(field.id))) return false;
      } else if (fieldId !== 'id' && !seen.has(fieldId)) return false;
    }
    return true;
  }
}

/** Drops fields that need what the caller cannot see (see `fieldWorks`), until nothing more changes. */
function settleFields(sight: Sight): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const [tableId, seen] of sight.fields) {
      const table = sight.table(tableId)!;
      for (const field of table.fields) {
        if (!seen.has(field.id) || fieldWorks(sight, table, field)) continue;
        seen.delete(field.id);
        changed = true;
      }
    }
  }
}

/**
 * Whether a field still works for the caller: a computed field must read only what it sees, a
 * lookup or rollup must reach a field it sees, and a relation must lead to a table it keeps (a
 * link into a table the caller has nothing of would only be an id it can do nothing with).
 */
function fieldWorks(sight: Sight, table: Table, field: Field): boolean {
  if (field.type === 'computed') return sight.expressionOk(table.id, field.expression);
  if (field.type === 'relation') return (sight.fields.get(field.targetTableId)?.size ?? 0) > 0;
  if (field.type !== 'lookup' && field.type !== 'rollup') return true;
  const relation = table.fields.find((candidate) => candidate.id === field.relationFieldId);
  if (relation?.type !== 'relation' || !sight.sees(table.id, relation.id)) return false;
  if (field.targetFieldId === undefined) return true;
  return sight.sees(relation.targetTableId, field.targetFieldId);
}

function filterFieldIds(group: FilterGroup | undefined, out: string[] = []): string[] {
  for (const item of group?.conditions ?? []) {
    if ('combinator' in item) filterFieldIds(item, out);
    else out.push(item.fieldId);
  }
  return out;
}

/** A view's filter and sort may only use fields the caller sees. */
function filterAndSortOk(sight: Sight, view: View): boolean {
  const ids = 'filter' in view ? filterFieldIds(view.filter) : [];
  if ('sort' in view) ids.push(...(view.sort ?? []).map((key) => key.fieldId));
  return sight.seesAll(view.tableId, ids);
}

function cutSections(sight: Sight, tableId: string, sections: readonly DetailSection[]): DetailSection[] {
  return sections.flatMap((section) => {
    const fields = section.fields.filter((fieldId) => sight.sees(tableId, fieldId));
    return fields.length ? [{ ...section, fields }] : [];
  });
}

/** The table holding a related list's relation field and the table whose rows it lists. */
function relatedListTables(app: AppDefinition, tableId: string, relationFieldId: string) {
  const own = app.tables
    .find((table) => table.id === tableId)
    ?.fields.find((field) => field.id === relationFieldId);
  if (own?.type === 'relation') return { holder: tableId, listed: own.targetTableId };
  for (const table of app.tables) {
    const field = table.fields.find((candidate) => candidate.id === relationFieldId);
    if (field?.type === 'relation' && field.targetTableId === tableId)
      return { holder: table.id, listed: table.id };
  }
  return undefined;
}

function formAdmits(actor: Actor, allowed: 'anyone' | string[]): boolean {
  return actor.kind === 'owner' || allowed === 'anyone' || allowed.includes(actor.roleId);
}

/** The view as the caller may use it, or null when it needs what the caller may not have. */
function cutView(app: AppDefinition, actor: Actor, sight: Sight, view: View): View | null {
  const rights = sight.rights.get(view.tableId);
  if (!rights || !sight.table(view.tableId)) return null;
  const sees = (fieldId: string | undefined) => sight.sees(view.tableId, fieldId);
  const optional = <K extends string>(key: K, fieldId: string | undefined) =>
    fieldId !== undefined && sees(fieldId) ? ({ [key]: fieldId } as Record<K, string>) : {};
  if (view.kind === 'form') {
    const mayWrite = {
      create: rights.create,
      edit: rights.update,
      create_or_edit: rights.create || rights.update,
    }[view.mode];
    if (!mayWrite || !formAdmits(actor, view.allowedRoles)) return null;
    const sections = cutSections(sight, view.tableId, view.sections);
    if (!sections.length) return null;
    const visibility = view.visibility?.filter(
      (rule) => sees(rule.fieldId) && sight.expressionOk(view.tableId, rule.visibleWhen),
    );
    const allowedRoles =
      actor.kind === 'owner' || view.allowedRoles === 'anyone' ? view.allowedRoles : [actor.roleId];
    return { ...view, sections, ...(visibility ? { visibility } : {}), allowedRoles };
  }
  if (!rights.read || !filterAndSortOk(sight, view)) return null;
  switch (view.kind) {
    case 'list': {
      const { groupByFieldId, ...rest } = view;
      const columns = view.columns.filter(sees);
      return columns.length ? { ...rest, columns, ...optional('groupByFieldId', groupByFieldId) } : null;
    }
    case 'detail': {
      const sections = cutSections(sight, view.tableId, view.sections);
      if (!sections.length) return null;
      const relatedLists = view.relatedLists?.flatMap((list) => {
        const tables = relatedListTables(app, view.tableId, list.relationFieldId);
        if (!tables || !sight.sees(tables.holder, list.relationFieldId)) return [];
        if (!sight.rights.get(tables.listed)?.read) return [];
        const columns = list.columns.filter((fieldId) => sight.sees(tables.listed, fieldId));
        return columns.length ? [{ ...list, columns }] : [];
      });
      return { ...view, sections, ...(relatedLists ? { relatedLists } : {}) };
    }
    case 'card_grid': {
      if (!sees(view.titleFieldId)) return null;
      const { imageFieldId, ...rest } = view;
      return { ...rest, fields: view.fields.filter(sees), ...optional('imageFieldId', imageFieldId) };
    }
    case 'kanban':
      if (!sees(view.groupByFieldId) || !sees(view.cardTitleFieldId)) return null;
      return { ...view, cardFields: view.cardFields.filter(sees) };
    case 'calendar': {
      if (!sees(view.startFieldId) || !sees(view.titleFieldId)) return null;
      const { endFieldId, colorFieldId, ...rest } = view;
      return { ...rest, ...optional('endFieldId', endFieldId), ...optional('colorFieldId', colorFieldId) };
    }
    case 'chart': {
      const used = [view.xFieldId, view.yFieldId, view.groupByFieldId];
      return used.every((fieldId) => fieldId === undefined || sees(fieldId)) ? view : null;
    }
  }
}

/**
 * The table's state machine as the caller may use it: null (with the state field read-only) when
 * no move is open to its role; left out when a guard reads a hidden field.
 */
function cutStateMachine(
  actor: Actor,
  sight: Sight,
  table: Table,
): { machine?: StateMachine; readOnlyField?: string } {
  const machine = table.stateMachine;
  if (!machine || !sight.sees(table.id, machine.fieldId)) return {};
  const guardsOk = machine.transitions.every(
    (transition) => transition.guard === undefined || sight.expressionOk(table.id, transition.guard),
  );
  if (!guardsOk) return {};
  if (actor.kind === 'owner') return { machine };
  const transitions = machine.transitions.flatMap((transition) => {
    if (!transition.roles) return [transition];
    return transition.roles.includes(actor.roleId) ? [{ ...transition, roles: [actor.roleId] }] : [];
  });
  if (!transitions.length) return { readOnlyField: machine.fieldId };
  return { machine: { ...machine, transitions } };
}

/** A stand-in for a hidden primary field: one that can name a row (not a relation or file), if any. */
function namingField(fields: Field[]): Field {
  return fields.find((field) => field.type !== 'relation' && field.type !== 'attachment') ?? fields[0]!;
}

function cutTable(actor: Actor, sight: Sight, table: Table): Table {
  const seen = sight.fields.get(table.id)!;
  const { machine, readOnlyField } = cutStateMachine(actor, sight, table);
  const fields = table.fields
    .filter((field) => seen.has(field.id))
    .map((field): Field => {
      if (field.id === readOnlyField) return { ...field, readOnly: true };
      if (field.type !== 'relation' || sight.sees(field.targetTableId, field.inverseFieldId)) return field;
      const { inverseFieldId: _hidden, ...rest } = field;
      return rest;
    });
  const { stateMachine: _machine, validationRules, ...rest } = table;
  return {
    ...rest,
    fields,
    primaryFieldId: seen.has(table.primaryFieldId) ? table.primaryFieldId : namingField(fields).id,
    ...(validationRules
      ? { validationRules: validationRules.filter((rule) => sight.expressionOk(table.id, rule.expression)) }
      : {}),
    ...(machine ? { stateMachine: machine } : {}),
  };
}

/** The caller's own role, cut to the tables it keeps; nothing about the other roles. */
function callerRole(app: AppDefinition, actor: Exclude<Actor, { kind: 'owner' }>, kept: Set<string>): Role {
  const role = roleOf(app, actor);
  if (!role) {
    // An unknown role (the definition changed under a session) sees nothing; name it safely.
    const id = Id.safeParse(actor.roleId).success ? actor.roleId : 'unknown_role';
    return { id, label: 'No role', tables: [] };
  }
  const { hiddenFields: _gone, ...rest } = role;
  return { ...rest, tables: role.tables.filter((permission) => kept.has(permission.tableId)) };
}

/** The published definition cut down to what `actor` may see and use, with its rights per table. */
export function viewerDefinition(app: AppDefinition, actor: Actor): ViewerDefinition {
  const rights = new Map<string, ViewerTableRights>();
  const fields = new Map<string, Set<string>>();
  for (const table of app.tables) {
    const tableRights = rightsOf(app, actor, table.id);
    if (!tableRights.read && !tableRights.create && !tableRights.update) continue;
    rights.set(table.id, tableRights);
    fields.set(table.id, visibleFieldIds(app, actor, table.id));
  }
  const sight = new Sight(app, rights, fields);
  settleFields(sight);
  for (const [tableId, seen] of fields) {
    if (seen.size > 0) continue;
    fields.delete(tableId);
    rights.delete(tableId);
  }

  const tables = app.tables.filter((table) => fields.has(table.id)).map((t) => cutTable(actor, sight, t));
  const views = app.views.flatMap((view) => cutView(app, actor, sight, view) ?? []);
  const viewIds = new Set(views.map((view) => view.id));
  for (const [i, view] of views.entries()) {
    // A form may not send the person to a view they cannot open.
    if (view.kind !== 'form' || view.submit.viewId === undefined || viewIds.has(view.submit.viewId)) continue;
    const { viewId: _gone, ...submit } = view.submit;
    views[i] = { ...view, submit: { ...submit, after: 'show_message' } };
  }
  const kept = new Set(tables.map((table) => table.id));
  const access =
    actor.kind === 'owner'
      ? app.access
      : (() => {
          const role = callerRole(app, actor, kept);
          return { level: app.access.level, roles: [role], defaultRoleId: role.id };
        })();
  const definition: AppDefinition = {
    ...app,
    tables: tables.length ? tables : [NO_TABLE],
    views,
    access,
    automations: [],
    navigation: app.navigation.filter((item) => viewIds.has(item.viewId)),
  };
  const rightsByTable = Object.fromEntries(tables.map((table) => [table.id, rights.get(table.id)!]));
  if (!tables.length) rightsByTable[NO_TABLE.id] = NO_RIGHTS;
  return { definition, rights: rightsByTable };
}
