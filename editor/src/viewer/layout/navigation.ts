import type { AppDefinition } from '../../../../schemas/app/app-definition.ts';
import type { View } from '../../../../schemas/app/views.ts';

/**
 * Which pages the viewer offers and where a row or a new row opens, read from the definition as
 * the caller may see it: a view the server cut (its table is hidden, its form not theirs) is
 * simply not there, so neither is its menu entry or link.
 */

export interface NavItem {
  view: View;
  label: string;
}

/**
 * The menu: the definition's navigation in its order, leaving out views the caller cannot see.
 * An app without navigation offers every view that stands on its own (not the row pages).
 */
export function navItems(definition: AppDefinition): NavItem[] {
  const byId = new Map(definition.views.map((view) => [view.id, view]));
  const items = definition.navigation.flatMap((item) => {
    const view = byId.get(item.viewId);
    return view ? [{ view, label: item.label ?? view.label }] : [];
  });
  if (definition.navigation.length > 0) return items;
  return definition.views
    .filter((view) => view.kind !== 'detail')
    .map((view) => ({ view, label: view.label }));
}

/** The page `/u/{username}/{slug}` opens: the first menu entry. */
export function homeView(definition: AppDefinition): View | null {
  return navItems(definition)[0]?.view ?? null;
}

/** The view that shows one row of a table, if the app has one the caller can see. */
export function detailViewFor(definition: AppDefinition, tableId: string): View | null {
  return definition.views.find((view) => view.kind === 'detail' && view.tableId === tableId) ?? null;
}

/** The form that creates rows of a table, if the app has one the caller can see. */
export function createFormFor(definition: AppDefinition, tableId: string): View | null {
  return (
    definition.views.find(
      (view) => view.kind === 'form' && view.tableId === tableId && view.mode !== 'edit',
    ) ?? null
  );
}

/** The label a view goes by: its menu label when it has one. */
export function viewLabel(definition: AppDefinition, view: View): string {
  return definition.navigation.find((item) => item.viewId === view.id)?.label ?? view.label;
}
