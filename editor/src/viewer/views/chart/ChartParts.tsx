import { type RefObject, useEffect, useState } from 'react';
import { OPTION_COLORS } from '../../fields/option-colors.ts';
import type { ChartModel } from './chart-model.ts';

/** The width of an element, following it as the page resizes (charts draw at real pixels). */
export function useWidth(ref: RefObject<HTMLElement | null>, fallback = 600): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth || fallback);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.round(entry.contentRect.width) || fallback);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, fallback]);
  return width;
}

/** Which colour is which series (or, for a pie, which slice). */
export function Legend({
  items,
  vertical = false,
}: {
  items: { key: string; label: string; color: keyof typeof OPTION_COLORS; value?: string }[];
  vertical?: boolean;
}) {
  return (
    <ul
      className={`flex text-xs text-neutral-700 ${vertical ? 'flex-col gap-2' : 'flex-wrap gap-x-4 gap-y-1.5'}`}
      aria-hidden="true"
    >
      {items.map((item) => (
        <li key={item.key} className="flex items-center gap-1.5">
          <span className={`size-2.5 shrink-0 rounded-sm ${OPTION_COLORS[item.color].dot}`} />
          <span>{item.label}</span>
          {item.value && <span className="text-neutral-500 tabular-nums">{item.value}</span>}
        </li>
      ))}
    </ul>
  );
}

/**
 * The chart's numbers as a table, for screen readers (the SVG is hidden from them) and for anyone
 * who wants the exact figures.
 */
export function ChartTable({
  model,
  caption,
  xLabel,
  format,
}: {
  model: ChartModel;
  caption: string;
  xLabel: string;
  format: (n: number) => string;
}) {
  return (
    // The wrapper hides it: a table ignores the 1 px width of `sr-only` and would widen the page.
    <div className="sr-only">
      <table data-chart-table="">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{xLabel}</th>
            {model.series.map((series) => (
              <th key={series.key} scope="col">
                {series.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.categories.map((category, c) => (
            <tr key={category.key}>
              <th scope="row">{category.label}</th>
              {model.series.map((series) => {
                const value = series.values[c];
                return (
                  <td key={series.key}>{value === null || value === undefined ? '—' : format(value)}</td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
