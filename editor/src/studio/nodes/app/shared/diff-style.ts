import type { DiffMark } from '../../../graph/graph-types.ts';

/** Diff colours, shared by nodes, rows and edges: added green, removed red and ghosted, changed amber. */

/** The frame of a node: its border and background. */
export function nodeFrame(diff: DiffMark | undefined, selected: boolean): string {
  const ring = selected ? 'ring-2 ring-indigo-500 ring-offset-1' : '';
  switch (diff) {
    case 'added':
      return `border-emerald-500 bg-emerald-50 ${ring}`;
    case 'removed':
      return `border-dashed border-red-400 bg-red-50 opacity-60 ${ring}`;
    case 'changed':
      return `border-amber-500 bg-amber-50 ${ring}`;
    default:
      return `${selected ? 'border-indigo-500' : 'border-neutral-300'} bg-white ${ring}`;
  }
}

/** A row inside a node (a field, an action). */
export function rowTone(diff: DiffMark | undefined): string {
  switch (diff) {
    case 'added':
      return 'bg-emerald-100/70 text-emerald-900';
    case 'removed':
      return 'bg-red-100/70 text-red-900 line-through opacity-70';
    case 'changed':
      return 'bg-amber-100/70 text-amber-900';
    default:
      return 'text-neutral-800';
  }
}

/** Words for a diff mark, for a badge and for screen readers (colour alone says nothing to them). */
export const DIFF_WORDS: Record<Exclude<DiffMark, 'unchanged'>, string> = {
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
};

export const DIFF_BADGE: Record<Exclude<DiffMark, 'unchanged'>, string> = {
  added: 'bg-emerald-600 text-white',
  removed: 'bg-red-600 text-white',
  changed: 'bg-amber-500 text-white',
};

/** Edge strokes (SVG style values); `undefined` when the edge is not part of a diff. */
export function edgeStroke(
  diff: DiffMark | undefined,
): { stroke: string; opacity?: number; dash?: string } | undefined {
  switch (diff) {
    case 'added':
      return { stroke: '#059669' };
    case 'removed':
      return { stroke: '#dc2626', opacity: 0.55, dash: '6 4' };
    case 'changed':
      return { stroke: '#d97706' };
    default:
      return undefined;
  }
}
