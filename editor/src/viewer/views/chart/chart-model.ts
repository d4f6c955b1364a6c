/**
 * A chart's numbers (the server's aggregate: points of x, group and value) turned into what the
 * SVG draws: categories in the server's order, one series per group, scales with round ticks,
 * pie angles, and the words for axes, legends and the table screen readers get.
 */

import type { ChartData } from '../../../../../schemas/api/viewer.ts';
import type { Field } from '../../../../../schemas/app/fields.ts';
import type { Color } from '../../../../../schemas/common.ts';
import { unitSeconds } from '../../fields/field-input-value.ts';
import { paletteColor } from '../../fields/option-colors.ts';
import {
  formatCurrency,
  formatDate,
  formatDuration,
  formatNumber,
  formatPercent,
  shortId,
} from '../../fields/value-format.ts';

type Key = ChartData['points'][number]['x'];

export interface Described {
  label: string;
  /** The option's colour, when the value is an option. */
  color: Color | null;
}

export interface Category extends Described {
  key: string;
}

export interface Series {
  key: string;
  label: string;
  color: Color;
  /** One per category; null where no row had a value. */
  values: (number | null)[];
}

export interface ChartModel {
  categories: Category[];
  series: Series[];
  grouped: boolean;
  /** Every value is a whole number (counts): the axis needs no fractions. */
  whole: boolean;
  /** The smallest and largest value drawn (0 included, so bars start at zero). */
  min: number;
  max: number;
}

const keyOf = (value: Key) => JSON.stringify(value);

/**
 * How a value of the x or group field reads: an option's label, a day, a related row's name, or
 * (`text`) the field's own words for anything else.
 */
export function describeValue(
  field: Field | undefined,
  value: Key,
  relationName?: (id: string) => string | undefined,
  text?: (value: Key) => string,
): Described {
  if (value === null) return { label: '(empty)', color: 'gray' };
  if (field?.type === 'single_select' || field?.type === 'multi_select') {
    const option = field.options.find((candidate) => candidate.id === value);
    return { label: option?.label ?? String(value), color: option?.color ?? null };
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return { label: formatDate(value), color: null };
  if (field?.type === 'relation' && typeof value === 'string')
    return { label: relationName?.(value) ?? shortId(value), color: null };
  if (typeof value === 'boolean') return { label: value ? 'Yes' : 'No', color: value ? 'emerald' : 'gray' };
  return { label: text?.(value) || String(value), color: null };
}

/**
 * The chart's categories and series. `rank` orders the categories (a select's options in their
 * own order); without it they stay in the server's order (dates ascending).
 */
export function chartModel(
  data: ChartData,
  describeX: (value: Key) => Described,
  describeGroup: (value: Key) => Described,
  seriesLabel: string,
  rank?: (value: Key) => number,
  /** A count or a sum is 0 where a category has no rows (a line then runs through it, not around it). */
  zeroWhenMissing = false,
): ChartModel {
  const points = rank ? [...data.points].sort((a, b) => rank(a.x) - rank(b.x)) : data.points;
  const categories: Category[] = [];
  const categoryIndex = new Map<string, number>();
  const groupKeys: Key[] = [];
  const groupIndex = new Map<string, number>();
  const grouped = points.some((point) => point.group !== null);
  for (const point of points) {
    const x = keyOf(point.x);
    if (!categoryIndex.has(x)) {
      categoryIndex.set(x, categories.length);
      categories.push({ key: x, ...describeX(point.x) });
    }
    const g = keyOf(grouped ? point.group : null);
    if (!groupIndex.has(g)) {
      groupIndex.set(g, groupKeys.length);
      groupKeys.push(grouped ? point.group : null);
    }
  }
  const series: Series[] = groupKeys.map((group, index) => {
    const described = grouped ? describeGroup(group) : { label: seriesLabel, color: null };
    return {
      key: keyOf(group),
      label: described.label,
      color: described.color ?? paletteColor(index),
      values: categories.map(() => null),
    };
  });
  for (const point of points) {
    const s = series[groupIndex.get(keyOf(grouped ? point.group : null))!]!;
    const c = categoryIndex.get(keyOf(point.x))!;
    s.values[c] = point.value === null ? (s.values[c] ?? null) : (s.values[c] ?? 0) + point.value;
  }
  if (zeroWhenMissing) for (const s of series) s.values = s.values.map((v) => v ?? 0);
  const values = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  return {
    categories,
    series,
    grouped,
    whole: values.every((v) => Number.isInteger(v)),
    min: Math.min(0, ...values),
    max: Math.max(0, ...values),
  };
}

/** Per category, the sum over the series (what a pie of a grouped chart shows). */
export function categoryTotals(model: ChartModel): (number | null)[] {
  return model.categories.map((_, c) => {
    const values = model.series
      .map((s) => s.values[c])
      .filter((v): v is number => v !== null && v !== undefined);
    return values.length > 0 ? values.reduce((a, b) => a + b, 0) : null;
  });
}

/**
 * Round ticks (1, 2, 2.5 or 5 times a power of ten) that cover min..max; `whole` keeps them
 * whole numbers (a count of 1 has no tick at 0.2).
 */
export function niceTicks(min: number, max: number, count = 5, whole = false): number[] {
  if (min === max) return max === 0 ? [0, 1] : [Math.min(0, min), Math.max(0, max)];
  const rough = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const nice = ([1, 2, 2.5, 5, 10].find((m) => m * power >= rough) ?? 10) * power;
  const step = whole ? Math.max(1, Math.round(nice)) : nice;
  // Whole multiples of the step, written with the step's decimals (3 × 0.2 is 0.6, not 0.6000000000000001).
  const decimals = Math.max(0, 1 - Math.floor(Math.log10(step)));
  const ticks: number[] = [];
  for (let k = Math.floor(min / step + 1e-9); ; k++) {
    ticks.push(Number((k * step).toFixed(decimals)));
    if (k * step >= max - step * 1e-9) break;
  }
  return ticks;
}

/**
 * An axis's ticks. `unit` makes them round in the value's own unit (a duration in hours ticks at
 * whole hours, not at 10,000 seconds).
 */
export function axisTicks(model: ChartModel, count: number, unit = 1): number[] {
  return niceTicks(model.min / unit, model.max / unit, count, model.whole && unit === 1).map(
    (tick) => tick * unit,
  );
}

/** The unit an axis of the y field counts in: a duration's display unit, in seconds; else 1. */
export function tickUnit(aggregate: ChartData['aggregate'], yField: Field | undefined): number {
  return aggregate !== 'count' && yField?.type === 'duration' ? unitSeconds(yField.displayUnit) : 1;
}

export interface Slice {
  index: number;
  value: number;
  fraction: number;
  /** Radians from twelve o'clock, clockwise. */
  start: number;
  end: number;
}

/** Pie slices of the positive values, in order. */
export function pieSlices(values: readonly (number | null)[]): Slice[] {
  const total = values.reduce<number>((sum, value) => sum + Math.max(0, value ?? 0), 0);
  if (total <= 0) return [];
  let angle = 0;
  return values.flatMap((value, index) => {
    const v = Math.max(0, value ?? 0);
    if (v === 0) return [];
    const fraction = v / total;
    const slice = { index, value: v, fraction, start: angle, end: angle + fraction * 2 * Math.PI };
    angle = slice.end;
    return [slice];
  });
}

/** The SVG path of a slice (a whole circle when it is the only one). */
export function arcPath(cx: number, cy: number, r: number, start: number, end: number): string {
  const point = (angle: number) =>
    [cx + r * Math.sin(angle), cy - r * Math.cos(angle)].map((n) => Math.round(n * 100) / 100);
  if (end - start >= 2 * Math.PI - 1e-9)
    return `M ${cx} ${cy - r} A ${r} ${r} 0 1 1 ${cx} ${cy + r} A ${r} ${r} 0 1 1 ${cx} ${cy - r} Z`;
  const [x1, y1] = point(start);
  const [x2, y2] = point(end);
  return `M ${cx} ${cy} L ${x1} ${y1} A ${r} ${r} 0 ${end - start > Math.PI ? 1 : 0} 1 ${x2} ${y2} Z`;
}

const AGGREGATE_WORDS = {
  count: 'Count',
  sum: 'Total',
  avg: 'Average',
  min: 'Lowest',
  max: 'Highest',
} as const;

/** "Count of rows", "Total Amount", "Average Mood". */
export function aggregateLabel(aggregate: ChartData['aggregate'], yField: Field | undefined): string {
  if (aggregate === 'count' || !yField) return 'Count of rows';
  return `${AGGREGATE_WORDS[aggregate]} ${yField.label}`;
}

/** How the chart writes its numbers: whole counts, or in the y field's own unit. */
export function valueFormatter(
  aggregate: ChartData['aggregate'],
  yField: Field | undefined,
): (n: number) => string {
  if (aggregate === 'count' || !yField) return (n) => formatNumber(n, 0);
  switch (yField.type) {
    case 'currency':
      return (n) => formatCurrency(n, yField.currency);
    case 'percent':
      return (n) => formatPercent(n);
    case 'duration':
      return (n) => formatDuration(n, yField.displayUnit);
    default:
      return (n) => formatNumber(n);
  }
}

/** Every how-many-th label an axis can show without them overlapping. */
export function labelStride(count: number, width: number, labelWidth: number): number {
  return Math.max(1, Math.ceil((count * labelWidth) / Math.max(1, width)));
}
