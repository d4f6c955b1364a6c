import type { Color } from '../../../../schemas/common.ts';

/**
 * Whole class names per named colour of a select option (Tailwind only generates classes it sees
 * written out): a soft chip, a solid dot or bar, and SVG fills and strokes for charts.
 */
export interface OptionColorClasses {
  chip: string;
  dot: string;
  border: string;
  fill: string;
  stroke: string;
}

export const OPTION_COLORS: Record<Color, OptionColorClasses> = {
  gray: {
    chip: 'bg-gray-100 text-gray-800',
    dot: 'bg-gray-400',
    border: 'border-gray-400',
    fill: 'fill-gray-400',
    stroke: 'stroke-gray-400',
  },
  red: {
    chip: 'bg-red-100 text-red-800',
    dot: 'bg-red-500',
    border: 'border-red-500',
    fill: 'fill-red-500',
    stroke: 'stroke-red-500',
  },
  orange: {
    chip: 'bg-orange-100 text-orange-800',
    dot: 'bg-orange-500',
    border: 'border-orange-500',
    fill: 'fill-orange-500',
    stroke: 'stroke-orange-500',
  },
  amber: {
    chip: 'bg-amber-100 text-amber-900',
    dot: 'bg-amber-500',
    border: 'border-amber-500',
    fill: 'fill-amber-500',
    stroke: 'stroke-amber-500',
  },
  yellow: {
    chip: 'bg-yellow-100 text-yellow-900',
    dot: 'bg-yellow-400',
    border: 'border-yellow-400',
    fill: 'fill-yellow-400',
    stroke: 'stroke-yellow-400',
  },
  lime: {
    chip: 'bg-lime-100 text-lime-900',
    dot: 'bg-lime-500',
    border: 'border-lime-500',
    fill: 'fill-lime-500',
    stroke: 'stroke-lime-500',
  },
  green: {
    chip: 'bg-green-100 text-green-800',
    dot: 'bg-green-500',
    border: 'border-green-500',
    fill: 'fill-green-500',
    stroke: 'stroke-green-500',
  },
  emerald: {
    chip: 'bg-emerald-100 text-emerald-800',
    dot: 'bg-emerald-500',
    border: 'border-emerald-500',
    fill: 'fill-emerald-500',
    stroke: 'stroke-emerald-500',
  },
  teal: {
    chip: 'bg-teal-100 text-teal-800',
    dot: 'bg-teal-500',
    border: 'border-teal-500',
    fill: 'fill-teal-500',
    stroke: 'stroke-teal-500',
  },
  cyan: {
    chip: 'bg-cyan-100 text-cyan-900',
    dot: 'bg-cyan-500',
    border: 'border-cyan-500',
    fill: 'fill-cyan-500',
    stroke: 'stroke-cyan-500',
  },
  sky: {
    chip: 'bg-sky-100 text-sky-900',
    dot: 'bg-sky-500',
    border: 'border-sky-500',
    fill: 'fill-sky-500',
    stroke: 'stroke-sky-500',
  },
  blue: {
    chip: 'bg-blue-100 text-blue-800',
    dot: 'bg-blue-500',
    border: 'border-blue-500',
    fill: 'fill-blue-500',
    stroke: 'stroke-blue-500',
  },
  indigo: {
    chip: 'bg-indigo-100 text-indigo-800',
    dot: 'bg-indigo-500',
    border: 'border-indigo-500',
    fill: 'fill-indigo-500',
    stroke: 'stroke-indigo-500',
  },
  violet: {
    chip: 'bg-violet-100 text-violet-800',
    dot: 'bg-violet-500',
    border: 'border-violet-500',
    fill: 'fill-violet-500',
    stroke: 'stroke-violet-500',
  },
  purple: {
    chip: 'bg-purple-100 text-purple-800',
    dot: 'bg-purple-500',
    border: 'border-purple-500',
    fill: 'fill-purple-500',
    stroke: 'stroke-purple-500',
  },
  fuchsia: {
    chip: 'bg-fuchsia-100 text-fuchsia-800',
    dot: 'bg-fuchsia-500',
    border: 'border-fuchsia-500',
    fill: 'fill-fuchsia-500',
    stroke: 'stroke-fuchsia-500',
  },
  pink: {
    chip: 'bg-pink-100 text-pink-800',
    dot: 'bg-pink-500',
    border: 'border-pink-500',
    fill: 'fill-pink-500',
    stroke: 'stroke-pink-500',
  },
  rose: {
    chip: 'bg-rose-100 text-rose-800',
    dot: 'bg-rose-500',
    border: 'border-rose-500',
    fill: 'fill-rose-500',
    stroke: 'stroke-rose-500',
  },
};

/** Colours for series that have no option colour of their own (a relation, a number, dates). */
export const SERIES_PALETTE: readonly Color[] = [
  'indigo',
  'amber',
  'teal',
  'rose',
  'sky',
  'lime',
  'violet',
  'orange',
  'emerald',
  'fuchsia',
];

export const paletteColor = (index: number): Color => SERIES_PALETTE[index % SERIES_PALETTE.length]!;
