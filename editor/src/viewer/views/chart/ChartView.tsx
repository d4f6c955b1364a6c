import type { ViewProps } from '../view-props.ts';

/** Scaffolding: replaced by the real chart view. */
export function ChartViewPage({ view }: ViewProps<'chart'>) {
  return <p className="p-6 text-sm text-neutral-600">The {view.label} view is being built.</p>;
}
