import {
  DATE_FIELD_TYPES,
  DERIVED_FIELD_TYPES,
  NUMERIC_FIELD_TYPES,
  type View,
} from '../../schemas/definitions.ts';
import { checkExpr, checkUniqueIds, type Path, resolveField } from './app-checks.ts';
import { type AppIndex, recordContext } from './app-context.ts';
import type { IssueList } from './result.ts';
import { validateFilter } from './validate-app-filters.ts';

const SELECT = { types: ['single_select'] as const, why: 'this needs a single-select field' };
const DATES = { types: DATE_FIELD_TYPES, why: 'this needs a date or date-time field' };
const GROUPABLE = {
  types: ['single_select', 'boolean', 'relation', 'rating', 'text', 'date'] as const,
  why: 'rows can be grouped by a select, yes/no, relation, rating, text or date field',
};

/** Views: their table, every field they name, and what each kind needs of its fields. */
export function validateViews(issues: IssueList, index: AppIndex): void {
  const { app } = index;
  checkUniqueIds(issues, ['views'], app.views, 'view');
  const roleIds = new Set(app.access.roles.map((r) => r.id));
  const viewIds = new Set(app.views.map((v) => v.id));
  app.views.forEach((view, v) => {
    validateView(issues, ['views', v], index, view, roleIds, viewIds);
  });

  const seen = new Set<string>();
  app.navigation.forEach((item, n) => {
    const path = ['navigation', n, 'viewId'];
    const view = app.views.find((candidate) => candidate.id === item.viewId);
    if (!view) issues.add(path, `there is no view "${item.viewId}"`);
    else if (view.kind === 'detail')
      issues.add(path, `detail view "${view.id}" shows one row; open it from a list, not the navigation`);
    if (seen.has(item.viewId)) issues.add(path, `view "${item.viewId}" is in the navigation twice`);
    seen.add(item.viewId);
  });
}

function validateView(
  issues: IssueList,
  path: Path,
  index: AppIndex,
  view: View,
  roleIds: Set<string>,
  viewIds: Set<string>,
) {
  const table = index.tables.get(view.tableId);
  if (!table) {
    issues.add([...path, 'tableId'], `there is no table "${view.tableId}"`);
    return;
  }
  const field = (subPath: PropertyKey[], id: string, allowed?: Parameters<typeof resolveField>[5]) =>
    resolveField(issues, [...path, ...subPath], index, table, id, allowed);
  const fieldList = (key: string, ids: readonly string[]) =>
    ids.forEach((id, i) => {
      field([key, i], id);
    });
  const sections = (sectionList: readonly { fields: string[] }[]) =>
    sectionList.forEach((section, s) => {
      section.fields.forEach((id, f) => {
        field(['sections', s, 'fields', f], id);
      });
    });
  if ('filter' in view && view.filter) validateFilter(issues, [...path, 'filter'], index, table, view.filter);
  if ('sort' in view && view.sort)
    view.sort.forEach((key, s) => {
      field(['sort', s, 'fieldId'], key.fieldId);
    });

  switch (view.kind) {
    case 'list':
      fieldList('columns', view.columns);
      if (view.groupByFieldId) field(['groupByFieldId'], view.groupByFieldId, GROUPABLE);
      return;
    case 'detail':
      sections(view.sections);
      view.relatedLists?.forEach((related, r) => {
        const relation = field(['relatedLists', r, 'relationFieldId'], related.relationFieldId, {
          types: ['relation'],
          why: 'a related list follows a relation field',
        });
        if (relation?.type !== 'relation') return;
        const target = index.tables.get(relation.targetTableId);
        if (relation.cardinality === 'many_to_one') {
          issues.add(
            [...path, 'relatedLists', r, 'relationFieldId'],
            `"${relation.id}" relates to one row; a related list needs a to-many relation`,
          );
        } else if (target) {
          related.columns.forEach((id, c) => {
            resolveField(issues, [...path, 'relatedLists', r, 'columns', c], index, target, id);
          });
        }
      });
      return;
    case 'form': {
      sections(view.sections);
      const shown = new Set(view.sections.flatMap((s) => s.fields));
      view.sections.forEach((section, s) => {
        section.fields.forEach((id, f) => {
          const formField = index.field(table.id, id);
          if (formField && DERIVED_FIELD_TYPES.has(formField.type)) {
            issues.add(
              [...path, 'sections', s, 'fields', f],
              `field "${id}" is filled by the platform; a form cannot edit it`,
            );
          }
        });
      });
      if (view.mode !== 'edit') {
        for (const required of table.fields) {
          const hasDefault = 'default' in required && required.default !== undefined;
          if (required.required && !hasDefault && !shown.has(required.id)) {
            issues.add(
              [...path, 'sections'],
              `required field "${required.id}" is missing, so the form could never create a row`,
            );
          }
        }
      }
      view.visibility?.forEach((rule, r) => {
        if (!shown.has(rule.fieldId))
          issues.add([...path, 'visibility', r, 'fieldId'], `field "${rule.fieldId}" is not on this form`);
        checkExpr(
          issues,
          [...path, 'visibility', r, 'visibleWhen'],
          rule.visibleWhen,
          recordContext(table, index),
          'bool',
        );
      });
      if (view.submit.after === 'open_view') {
        if (!view.submit.viewId)
          issues.add([...path, 'submit', 'viewId'], 'is required to open a view after submitting');
        else if (!viewIds.has(view.submit.viewId))
          issues.add([...path, 'submit', 'viewId'], `there is no view "${view.submit.viewId}"`);
      }
      if (Array.isArray(view.allowedRoles)) {
        view.allowedRoles.forEach((role, r) => {
          if (!roleIds.has(role)) issues.add([...path, 'allowedRoles', r], `there is no role "${role}"`);
        });
      }
      return;
    }
    case 'card_grid':
      field(['titleFieldId'], view.titleFieldId);
      if (view.imageFieldId) {
        field(['imageFieldId'], view.imageFieldId, {
          types: ['attachment', 'url'],
          why: 'a card image needs an attachment or URL field',
        });
      }
      fieldList('fields', view.fields);
      return;
    case 'kanban':
      field(['groupByFieldId'], view.groupByFieldId, {
        types: ['single_select'],
        why: 'kanban columns come from a select field',
      });
      field(['cardTitleFieldId'], view.cardTitleFieldId);
      fieldList('cardFields', view.cardFields);
      return;
    case 'calendar':
      field(['startFieldId'], view.startFieldId, DATES);
      if (view.endFieldId) field(['endFieldId'], view.endFieldId, DATES);
      field(['titleFieldId'], view.titleFieldId);
      if (view.colorFieldId) field(['colorFieldId'], view.colorFieldId, SELECT);
      return;
    case 'chart': {
      if (view.chartType !== 'number' && !view.xFieldId)
        issues.add([...path, 'xFieldId'], `a ${view.chartType} chart needs an x field`);
      if (view.xFieldId) field(['xFieldId'], view.xFieldId);
      if (view.groupByFieldId) field(['groupByFieldId'], view.groupByFieldId, GROUPABLE);
      if (view.aggregate === 'count') return;
      if (!view.yFieldId) {
        issues.add([...path, 'yFieldId'], `is required to ${view.aggregate} values`);
        return;
      }
      const y = field(['yFieldId'], view.yFieldId);
      // A rollup is always a number (a count, or an aggregate of numbers), computed by the read.
      const numeric =
        y &&
        (NUMERIC_FIELD_TYPES.has(y.type) ||
          y.type === 'rollup' ||
          (y.type === 'computed' && y.resultType === 'number'));
      if (y && !numeric)
        issues.add(
          [...path, 'yFieldId'],
          `field "${y.id}" is a ${y.type.replace('_', ' ')} field; ${view.aggregate} needs a number`,
        );
      return;
    }
  }
}
