import type { ViewProps } from '../view-props.ts';

/** Scaffolding: replaced by the real detail view. */
export function DetailViewPage({ view }: ViewProps<'detail'>) {
  return <p className="p-6 text-sm text-neutral-600">The {view.label} view is being built.</p>;
}
