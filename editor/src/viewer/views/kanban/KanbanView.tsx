import type { ViewProps } from '../view-props.ts';

/** Scaffolding: replaced by the real kanban view. */
export function KanbanViewPage({ view }: ViewProps<'kanban'>) {
  return <p className="p-6 text-sm text-neutral-600">The {view.label} view is being built.</p>;
}
