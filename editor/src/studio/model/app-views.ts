import {
  type AppDefinition,
  DATE_FIELD_TYPES,
  DERIVED_FIELD_TYPES,
  type Field,
  type Table,
  View,
  type ViewKind,
} from '../../../../schemas/definitions.ts';
import { findTable, missing } from './app-parts.ts';
import { type CreatedEntity, type EditResult, edited, quoted, refused } from './edit-result.ts';
import { checkLabel, idFromLabel, uniqueId, uniqueLabel } from './ids.ts';

const MAX_VIEWS = 500;
const MAX_NAVIGATION = 50;

export const VIEW_KINDS: readonly ViewKind[] = [
  'list',
  'detail',
  'form',
  'card_grid',
  'kanban',
  'calendar',
  'chart',
];

const KIND_NAMES: Record<ViewKind, string> = {
  list: 'list',
  detail: 'details',
  form: 'form',
  card_grid: 'cards',
  kanban: 'board',
  calendar: 'calendar',
  chart: 'chart',
};

/** Fields a view may group by (the validator's GROUPABLE list). */
const GROUPABLE = new Set(['single_select', 'boolean', 'relation', 'rating', 'text', 'date']);

type ViewSettings = View extends infer V
  ? V extends View
    ? Omit<V, 'id' | 'label' | 'tableId'>
    : never
  : never;

/**
 * What a new view of each kind shows, chosen from the table's fields so it is valid at once, or
 * why the table cannot have one yet (a kanban needs a single-select field, a calendar a date).
 */
export function viewSettings(
  app: AppDefinition,
  table: Table,
  kind: ViewKind,
): { ok: true; settings: ViewSettings } | { ok: false; reason: string } {
  const primary = table.primaryFieldId;
  const others = table.fields.filter((field) => field.id !== primary);
  const ofType = (fits: (field: Field) => boolean) => table.fields.find(fits);
  const shown = (count: number) =>
    others
      .filter((field) => field.type !== 'attachment')
      .slice(0, count)
      .map((f) => f.id);
  const name = quoted(table.label);
  switch (kind) {
    case 'list':
      return { ok: true, settings: { kind, columns: [primary, ...shown(4)], pageSize: 25 } };
    case 'detail':
      return {
        ok: true,
        settings: {
          kind,
          sections: [{ label: 'Details', fields: table.fields.slice(0, 100).map((f) => f.id) }],
        },
      };
    case 'form': {
      const editable = table.fields.filter((field) => !DERIVED_FIELD_TYPES.has(field.type)).slice(0, 100);
      if (editable.length === 0)
        return {
          ok: false,
          reason: `Table ${name} has no field a person can fill in; add one for the form first.`,
        };
      const role = app.access.roles.find((candidate) => candidate.id === app.access.defaultRoleId);
      return {
        ok: true,
        settings: {
          kind,
          mode: 'create',
          sections: [{ label: 'Details', fields: editable.map((f) => f.id) }],
          submit: { label: 'Submit', after: 'show_message', message: 'Thank you, it has been saved.' },
          // Only the app's own default role, not `anyone`: opening a form to visitors is a decision.
          allowedRoles: role ? [role.id] : 'anyone',
        },
      };
    }
    case 'card_grid': {
      const image = ofType((field) => field.type === 'attachment' || field.type === 'url');
      return {
        ok: true,
        settings: {
          kind,
          titleFieldId: primary,
          ...(image ? { imageFieldId: image.id } : {}),
          fields: shown(3),
        },
      };
    }
    case 'kanban': {
      const select = ofType((field) => field.type === 'single_select');
      if (!select)
        return {
          ok: false,
          reason: `A board's columns come from a single-select field, and table ${name} has none; add one first.`,
        };
      return {
        ok: true,
        settings: {
          kind,
          groupByFieldId: select.id,
          cardTitleFieldId: primary,
          cardFields: shown(4)
            .filter((id) => id !== select.id)
            .slice(0, 3),
        },
      };
    }
    case 'calendar': {
      const date =
        ofType((field) => field.type === 'date' || field.type === 'datetime') ??
        ofType((field) => DATE_FIELD_TYPES.has(field.type));
      if (!date)
        return {
          ok: false,
          reason: `A calendar places rows by a date, and table ${name} has no date field; add one first.`,
        };
      const color = ofType((field) => field.type === 'single_select');
      return {
        ok: true,
        settings: {
          kind,
          startFieldId: date.id,
          titleFieldId: primary,
          ...(color ? { colorFieldId: color.id } : {}),
          defaultRange: 'month',
        },
      };
    }
    case 'chart': {
      const axis =
        ofType((field) => field.type === 'single_select') ?? ofType((field) => GROUPABLE.has(field.type));
      return {
        ok: true,
        settings: { kind, chartType: 'bar', xFieldId: (axis ?? table.fields[0]!).id, aggregate: 'count' },
      };
    }
  }
}

/**
 * Adds a view of a table with settings picked from its fields (see `viewSettings`). Views people
 * open directly (all but detail, which shows one row) are added to the navigation too.
 */
export function addView(
  app: AppDefinition,
  args: { tableId: string; kind: ViewKind; label?: string },
): EditResult<AppDefinition> {
  const table = findTable(app, args.tableId);
  if (!table) return refused(missing('table', args.tableId));
  if (app.views.length >= MAX_VIEWS) return refused(`An app can have at most ${MAX_VIEWS} views.`);
  const chosen = viewSettings(app, table, args.kind);
  if (!chosen.ok) return refused(chosen.reason);
  const wanted = args.label ?? `${table.label} ${KIND_NAMES[args.kind]}`;
  const checked = checkLabel(wanted);
  if (!checked.ok) return refused(checked.reason);
  const label = uniqueLabel(
    checked.label,
    app.views.map((view) => view.label),
  );
  const id = uniqueId(
    idFromLabel(label, 'view'),
    app.views.map((view) => view.id),
  );
  const view = { id, label, tableId: table.id, ...chosen.settings } as View;
  const created: CreatedEntity[] = [{ entity: 'view', id }];
  const navigable = args.kind !== 'detail' && app.navigation.length < MAX_NAVIGATION;
  if (navigable) created.push({ entity: 'navigation', id });
  return edited(
    {
      ...app,
      views: [...app.views, view],
      navigation: navigable ? [...app.navigation, { viewId: id }] : app.navigation,
    },
    { created },
  );
}

/**
 * Sets (or clears, with `undefined`) settings of a view; refused when the result does not fit
 * the schema. Field choices the validator rejects show up as problems on the view.
 */
export function updateView(
  app: AppDefinition,
  args: { viewId: string; patch: Record<string, unknown> },
): EditResult<AppDefinition> {
  const view = app.views.find((candidate) => candidate.id === args.viewId);
  if (!view) return refused(missing('view', args.viewId));
  const merged: Record<string, unknown> = { ...view };
  for (const [key, value] of Object.entries(args.patch)) {
    if (key === 'id' || key === 'kind') continue;
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return parsedView(app, merged);
}

function parsedView(app: AppDefinition, candidate: Record<string, unknown>): EditResult<AppDefinition> {
  const result = View.safeParse(candidate);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return refused(`${issue.path.join('.') || 'The view'} ${issue.message}.`);
  }
  const view = candidate as View;
  return edited({ ...app, views: app.views.map((v) => (v.id === view.id ? view : v)) });
}
