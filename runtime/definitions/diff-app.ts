import type {
  AppDefinition,
  Automation,
  Field,
  Role,
  Table,
  TablePermission,
  View,
} from '../../schemas/definitions.ts';
import {
  type DiffContext,
  diffEntityList,
  diffProps,
  type EntityListSpec,
  keyBy,
  type Location,
  type PropertyHandler,
  ROOT,
  renameProperty,
  replacedWhole,
} from './diff-entities.ts';
import { planKeyedList } from './diff-list.ts';
import { Labels, quoted, type Side } from './diff-summary.ts';
import { childPointer } from './json-patch-pointer.ts';
import { jsonEqual } from './json-patch-value.ts';
import { formatPath } from './result.ts';

type NavigationItem = AppDefinition['navigation'][number];

/** Labels from both versions, so a summary can name what an id points at. */
class AppNames {
  readonly tables: Labels;
  readonly views: Labels;
  readonly roles: Labels;
  private readonly fields = new Map<string, Labels>();

  constructor(a: AppDefinition, b: AppDefinition) {
    this.tables = new Labels(a.tables, b.tables);
    this.views = new Labels(a.views, b.views);
    this.roles = new Labels(a.access?.roles, b.access?.roles);
    for (const id of this.tables.ids()) {
      const fieldsOf = (app: AppDefinition) => asList(app.tables).find((table) => table?.id === id)?.fields;
      this.fields.set(id, new Labels(fieldsOf(a), fieldsOf(b)));
    }
  }

  field(tableId: unknown, fieldId: unknown, side: Side): string | undefined {
    return (this.fields.get(String(tableId)) ?? new Labels([], [])).name(fieldId, side);
  }
}

function asList<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}

/** Changes between two app definitions: tables and fields, views, automations, access, navigation. */
export function diffApp(ctx: DiffContext, a: AppDefinition, b: AppDefinition): void {
  const names = new AppNames(a, b);
  diffProps(ctx, a, b, ROOT, {
    entity: 'app',
    subject: 'app',
    propertyPaths: true,
    handlers: {
      name: renameProperty(ctx, 'app', 'app'),
      tables: (before, after, at) => diffEntityList(ctx, before, after, at, tableList(ctx, names)),
      views: (before, after, at) => diffEntityList(ctx, before, after, at, viewList(ctx, names)),
      automations: (before, after, at) => diffEntityList(ctx, before, after, at, automationList(ctx, names)),
      navigation: (before, after, at) => diffEntityList(ctx, before, after, at, navigationList(ctx, names)),
      access: (before, after, at) =>
        diffProps(ctx, before, after, at, {
          entity: 'access',
          subject: 'access',
          propertyPaths: true,
          show: (key, value, side) => (key === 'defaultRoleId' ? names.roles.name(value, side) : undefined),
          handlers: {
            roles: (x, y, rolesAt) => diffEntityList(ctx, x, y, rolesAt, roleList(ctx, names)),
          },
        }),
    },
  });
}

const byId = keyBy('id');
const labelled = { key: byId, title: (item: { label: string }) => quoted(item.label), renameKey: 'label' };

function tableList(ctx: DiffContext, names: AppNames): EntityListSpec<Table> {
  return {
    ...labelled,
    entity: 'table',
    noun: 'table',
    plural: 'tables',
    diffItem: (before, after, at, subject) =>
      diffProps(ctx, before, after, at, {
        entity: 'table',
        id: after.id,
        subject,
        quiet: ['label'],
        show: (key, value, side) =>
          key === 'primaryFieldId' ? names.field(after.id, value, side) : undefined,
        handlers: {
          fields: (x, y, fieldsAt) => diffEntityList(ctx, x, y, fieldsAt, fieldList(ctx, names, after)),
        },
      }),
  };
}

function fieldList(ctx: DiffContext, names: AppNames, table: Table): EntityListSpec<Field> {
  const inTable = ` table ${quoted(table.label)}`;
  return {
    ...labelled,
    entity: 'field',
    noun: 'field',
    plural: 'fields',
    scope: { to: ` to${inTable}`, from: ` from${inTable}`, in: ` in${inTable}` },
    diffItem: (before, after, at, subject) => {
      const spec = { entity: 'field', id: after.id, subject } as const;
      if (replacedWhole(ctx, before, after, at, 'type', spec)) return;
      diffProps(ctx, before, after, at, {
        ...spec,
        quiet: ['label'],
        show: (key, value, side) => {
          if (key === 'targetTableId') return names.tables.name(value, side);
          if (key === 'relationFieldId') return names.field(table.id, value, side);
          return undefined;
        },
      });
    },
  };
}

function viewList(ctx: DiffContext, names: AppNames): EntityListSpec<View> {
  return {
    ...labelled,
    entity: 'view',
    noun: 'view',
    plural: 'views',
    diffItem: (before, after, at, subject) => {
      const spec = { entity: 'view', id: after.id, subject } as const;
      if (replacedWhole(ctx, before, after, at, 'kind', spec)) return;
      diffProps(ctx, before, after, at, {
        ...spec,
        quiet: ['label'],
        show: (key, value, side) => {
          if (key === 'tableId') return names.tables.name(value, side);
          if (key.endsWith('FieldId'))
            return names.field((side === 'before' ? before : after).tableId, value, side);
          return undefined;
        },
      });
    },
  };
}

function automationList(ctx: DiffContext, names: AppNames): EntityListSpec<Automation> {
  return {
    ...labelled,
    entity: 'automation',
    noun: 'automation',
    plural: 'automations',
    diffItem: (before, after, at, subject) =>
      diffProps(ctx, before, after, at, {
        entity: 'automation',
        id: after.id,
        subject,
        quiet: ['label'],
        show: (key, value, side) => (key === 'tableId' ? names.tables.name(value, side) : undefined),
      }),
  };
}

function navigationList(ctx: DiffContext, names: AppNames): EntityListSpec<NavigationItem> {
  return {
    entity: 'navigation',
    noun: 'view',
    plural: 'navigation items',
    key: keyBy('viewId'),
    // An item without its own label shows the view's.
    title: (item) => (item.label === undefined ? (names.views.name(item.viewId) ?? '') : quoted(item.label)),
    renameKey: 'label',
    scope: { to: ' to navigation', from: ' from navigation', in: ' in navigation' },
    diffItem: (before, after, at, subject) =>
      diffProps(ctx, before, after, at, {
        entity: 'navigation',
        id: after.viewId,
        subject,
        quiet: ['label'],
      }),
  };
}

function roleList(ctx: DiffContext, names: AppNames): EntityListSpec<Role> {
  return {
    ...labelled,
    entity: 'role',
    noun: 'role',
    plural: 'roles',
    diffItem: (before, after, at, subject) =>
      diffProps(ctx, before, after, at, {
        entity: 'role',
        id: after.id,
        subject,
        quiet: ['label'],
        handlers: { tables: permissionsHandler(ctx, names, at, after.id, subject) },
      }),
  };
}

const ACTIONS = ['create', 'read', 'update', 'delete'] as const;

/** A role's table permissions, told per table: what it may now do, and what no longer. */
function permissionsHandler(
  ctx: DiffContext,
  names: AppNames,
  role: Location,
  id: string,
  subject: string,
): PropertyHandler {
  const record = (summary: string, before?: unknown, after?: unknown) =>
    ctx.record({ kind: 'changed', entity: 'role', id, path: formatPath(role.path), summary, before, after });
  const tableOf = (permission: TablePermission, side: Side = 'after') =>
    `table ${names.tables.name(permission.tableId, side)}`;
  return (before, after, at) => {
    const plan =
      Array.isArray(before) && Array.isArray(after)
        ? planKeyedList<TablePermission>(before, after, keyBy('tableId'), at.pointer)
        : undefined;
    if (!plan) {
      ctx.patchValue(before, after, at.pointer);
      return record(`${subject} table permissions changed`, before, after);
    }
    ctx.patch.push(...plan.ops);
    for (const { item } of plan.removed) record(`${subject} lost access to ${tableOf(item, 'before')}`, item);
    for (const { item } of plan.added) {
      const allowed = ACTIONS.filter((action) => item[action]).join(', ') || 'nothing';
      const scope = item.rowScope === 'own' ? ', own rows only' : '';
      record(`${subject} gained access to ${tableOf(item)} (${allowed}${scope})`, undefined, item);
    }
    for (const item of plan.kept) {
      ctx.patchValue(item.before, item.after, childPointer(at.pointer, item.index));
      if (jsonEqual(item.before, item.after)) continue;
      record(
        `${subject} ${permissionChange(item.before, item.after)} in ${tableOf(item.after)}`,
        item.before,
        item.after,
      );
    }
  };
}

function permissionChange(before: TablePermission, after: TablePermission): string {
  const granted = ACTIONS.filter((action) => !before[action] && after[action]);
  const revoked = ACTIONS.filter((action) => before[action] && !after[action]);
  const parts = [];
  if (granted.length) parts.push(`may now ${granted.join(', ')}`);
  if (revoked.length) parts.push(`may no longer ${revoked.join(', ')}`);
  if (before.rowScope !== after.rowScope)
    parts.push(`sees ${after.rowScope === 'own' ? 'only own rows' : 'all rows'}`);
  return parts.join(' and ') || 'permissions changed';
}
