import {
  DATE_FIELD_TYPES,
  DERIVED_FIELD_TYPES,
  type FilterCondition,
  type FilterGroup,
  type View,
} from '../../../../schemas/definitions.ts';
import { compact } from './app-parts.ts';
import type { RemovalPlan } from './app-removal-plan.ts';
import { quoted, type RemovedReference } from './edit-result.ts';

/**
 * What a surviving view becomes when fields it names are deleted: lists lose the columns, a
 * title falls back to the table's primary field, an optional setting is cleared, and a view
 * whose defining field is gone (a kanban's select, a calendar's date) takes another field of
 * that type or is removed with the rest. Every change is noted for the builder.
 */
export function cleanView(
  view: View,
  plan: RemovalPlan,
  primaryOf: (tableId: string) => string,
): { view: View | null; notes: RemovedReference[] } {
  const notes: RemovedReference[] = [];
  const t = view.tableId;
  const gone = (fieldId: string | undefined) => fieldId !== undefined && plan.fieldGone(t, fieldId);
  const name = quoted(view.label);
  const note = (summary: string) => notes.push({ entity: 'view', id: view.id, summary });
  const keep = (ids: readonly string[], what: string) => {
    const kept = ids.filter((id) => !gone(id));
    for (const id of ids) if (gone(id)) note(`${what} ${plan.fieldLabel(t, id)} removed from view ${name}`);
    return kept;
  };
  const primary = () => primaryOf(t);
  const removeView = (why: string) => ({
    view: null,
    notes: [{ entity: 'view' as const, id: view.id, summary: `view ${name} removed: ${why}` }],
  });
  const next: Record<string, unknown> = { ...view };

  if ('filter' in view && view.filter) {
    const filter = cleanFilter(view.filter, (id) => gone(id));
    if (filter !== view.filter) {
      note(`filter conditions on deleted fields removed from view ${name}`);
      next.filter = filter.conditions.length ? filter : undefined;
    }
  }
  if ('sort' in view && view.sort) {
    const sort = view.sort.filter((key) => !gone(key.fieldId));
    if (sort.length !== view.sort.length) {
      note(`sorting by a deleted field removed from view ${name}`);
      next.sort = sort.length ? sort : undefined;
    }
  }
  const clear = (key: string, what: string) => {
    const id = next[key];
    if (typeof id === 'string' && gone(id)) {
      note(`${what} ${plan.fieldLabel(t, id)} cleared from view ${name}`);
      next[key] = undefined;
    }
  };
  const toPrimary = (key: string, what: string) => {
    const id = next[key];
    if (typeof id === 'string' && gone(id)) {
      note(`${what} of view ${name} is now the primary field instead of ${plan.fieldLabel(t, id)}`);
      next[key] = primary();
    }
  };
  const replace = (key: string, fits: (type: string) => boolean, what: string): boolean => {
    const id = next[key];
    if (typeof id !== 'string' || !gone(id)) return true;
    const other = plan.survivors(t).find((field) => fits(field.type));
    if (!other) return false;
    note(`${what} of view ${name} is now ${quoted(other.label)} instead of ${plan.fieldLabel(t, id)}`);
    next[key] = other.id;
    return true;
  };

  switch (view.kind) {
    case 'list': {
      const columns = keep(view.columns, 'column');
      next.columns = columns.length ? columns : [primary()];
      clear('groupByFieldId', 'grouping by');
      break;
    }
    case 'detail': {
      next.sections = cleanSections(view.sections, (ids) => keep(ids, 'field')) ?? [
        { label: 'Details', fields: [primary()] },
      ];
      const related = (view.relatedLists ?? []).flatMap((list) => {
        if (gone(list.relationFieldId)) {
          note(`related list through ${plan.fieldLabel(t, list.relationFieldId)} removed from view ${name}`);
          return [];
        }
        const relation = plan.table(t)?.fields.find((field) => field.id === list.relationFieldId);
        const target = relation?.type === 'relation' ? relation.targetTableId : undefined;
        const columns = target ? list.columns.filter((id) => !plan.fieldGone(target, id)) : list.columns;
        if (columns.length === list.columns.length) return [list];
        if (columns.length === 0) {
          note(
            `related list ${quoted(list.label ?? list.relationFieldId)} removed from view ${name}: its columns are deleted`,
          );
          return [];
        }
        note(`deleted columns removed from a related list of view ${name}`);
        return [{ ...list, columns }];
      });
      next.relatedLists = view.relatedLists ? related : undefined;
      break;
    }
    case 'form': {
      const sections = cleanSections(view.sections, (ids) => keep(ids, 'field'));
      if (!sections) {
        const editable = plan.survivors(t).find((field) => !DERIVED_FIELD_TYPES.has(field.type));
        if (!editable) return removeView('no field is left that a form can fill in');
        next.sections = [{ label: 'Details', fields: [editable.id] }];
      } else next.sections = sections;
      if (view.visibility) {
        const visibility = view.visibility.filter((rule) => !gone(rule.fieldId));
        if (visibility.length !== view.visibility.length)
          note(`visibility rules of deleted fields removed from view ${name}`);
        next.visibility = visibility.length ? visibility : undefined;
      }
      break;
    }
    case 'card_grid':
      toPrimary('titleFieldId', 'the card title');
      clear('imageFieldId', 'the card image');
      next.fields = keep(view.fields, 'card field');
      break;
    case 'kanban':
      if (!replace('groupByFieldId', (type) => type === 'single_select', 'the column field'))
        return removeView(
          `its columns came from ${plan.fieldLabel(t, view.groupByFieldId)} and no other single-select field is left`,
        );
      toPrimary('cardTitleFieldId', 'the card title');
      next.cardFields = keep(view.cardFields, 'card field');
      break;
    case 'calendar':
      if (!replace('startFieldId', (type) => DATE_FIELD_TYPES.has(type as never), 'the date field'))
        return removeView(
          `its dates came from ${plan.fieldLabel(t, view.startFieldId)} and no other date field is left`,
        );
      clear('endFieldId', 'the end date');
      toPrimary('titleFieldId', 'the event title');
      clear('colorFieldId', 'the colour field');
      break;
    case 'chart':
      if (view.chartType === 'number') clear('xFieldId', 'the x axis');
      else toPrimary('xFieldId', 'the x axis');
      clear('groupByFieldId', 'grouping by');
      if (gone(view.yFieldId)) {
        note(
          `view ${name} now counts rows: the field it aggregated, ${plan.fieldLabel(t, view.yFieldId!)}, is deleted`,
        );
        next.yFieldId = undefined;
        next.aggregate = 'count';
      }
      break;
  }
  return { view: notes.length ? (compact(next) as View) : view, notes };
}

/** Sections without deleted fields; an emptied section goes; null when none is left. */
function cleanSections<S extends { label: string; fields: string[] }>(
  sections: readonly S[],
  keep: (ids: readonly string[]) => string[],
): S[] | null {
  const kept = sections.flatMap((section) => {
    const fields = keep(section.fields);
    if (fields.length === 0) return [];
    return [fields.length === section.fields.length ? section : { ...section, fields }];
  });
  return kept.length ? kept : null;
}

/** The filter without conditions on deleted fields (the same object when none was). */
export function cleanFilter(group: FilterGroup, gone: (fieldId: string) => boolean): FilterGroup {
  let changed = false;
  const conditions = group.conditions.flatMap((condition): (FilterCondition | FilterGroup)[] => {
    if ('fieldId' in condition) {
      if (gone(condition.fieldId)) changed = true;
      return gone(condition.fieldId) ? [] : [condition];
    }
    const inner = cleanFilter(condition, gone);
    if (inner === condition) return [condition];
    changed = true;
    return inner.conditions.length ? [inner] : [];
  });
  return changed ? { ...group, conditions } : group;
}
