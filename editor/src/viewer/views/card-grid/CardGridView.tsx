import type { ViewProps } from '../view-props.ts';

/** Scaffolding: replaced by the real card_grid view. */
export function CardGridViewPage({ view }: ViewProps<'card_grid'>) {
  return <p className="p-6 text-sm text-neutral-600">The {view.label} view is being built.</p>;
}
