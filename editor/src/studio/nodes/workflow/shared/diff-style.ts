import type { DiffMark } from '../../../graph/graph-types.ts';

/**
 * How a node shows its place in a diff. Colour alone is not enough (colour-blind reviewers, the
 * greyscale of a printed review), so every mark but `unchanged` also has a word.
 */
export interface DiffLook {
  frame: string;
  /** The word shown on the node, e.g. "Added"; absent when nothing changed. */
  tag?: { text: string; className: string };
}

const LOOKS: Record<DiffMark, DiffLook> = {
  added: {
    frame: 'border-emerald-500 ring-2 ring-emerald-500/30',
    tag: { text: 'Added', className: 'bg-emerald-100 text-emerald-800' },
  },
  removed: {
    frame: 'border-dashed border-red-400 opacity-50',
    tag: { text: 'Removed', className: 'bg-red-100 text-red-800' },
  },
  changed: {
    frame: 'border-amber-500 ring-2 ring-amber-500/30',
    tag: { text: 'Changed', className: 'bg-amber-100 text-amber-900' },
  },
  unchanged: { frame: 'border-neutral-300' },
};

export function diffLook(diff: DiffMark | undefined): DiffLook {
  return LOOKS[diff ?? 'unchanged'];
}

/** Stroke colours of edges in a diff (SVG strokes take colours, not Tailwind classes). */
export const DIFF_STROKES: Record<DiffMark, string> = {
  added: '#10b981',
  removed: '#ef4444',
  changed: '#f59e0b',
  unchanged: '#94a3b8',
};
