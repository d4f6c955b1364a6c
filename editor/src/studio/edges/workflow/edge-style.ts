import type { DiffMark } from '../../graph/graph-types.ts';
import { DIFF_STROKES } from '../../nodes/workflow/shared/diff-style.ts';

export type WorkflowEdgeVariant = 'flow' | 'error';

export interface EdgeLook {
  stroke: string;
  strokeWidth: number;
  dash?: string;
  opacity: number;
  /** The label's colours (a Tailwind class list). */
  labelClass: string;
}

const LABEL_TONES: Record<DiffMark, string> = {
  added: 'border-emerald-300 bg-emerald-50 text-emerald-800',
  removed: 'border-red-300 bg-red-50 text-red-800 line-through',
  changed: 'border-amber-300 bg-amber-50 text-amber-900',
  unchanged: 'border-neutral-200 bg-white text-neutral-700',
};

/**
 * How a link is drawn: control flow grey, on-error paths red and dashed (so a failure path is
 * never mistaken for the normal one), and in a diff the diff's colour, removed links ghosted.
 */
export function edgeLook(
  variant: WorkflowEdgeVariant,
  diff: DiffMark | undefined,
  selected: boolean,
): EdgeLook {
  const error = variant === 'error';
  const base = error ? '#dc2626' : selected ? '#4f46e5' : '#64748b';
  const inDiff = diff !== undefined && diff !== 'unchanged';
  return {
    stroke: inDiff ? DIFF_STROKES[diff] : base,
    strokeWidth: selected || (inDiff && diff !== 'removed') ? 2.5 : 1.75,
    ...(error || diff === 'removed' ? { dash: error ? '6 4' : '4 4' } : {}),
    opacity: diff === 'removed' ? 0.5 : 1,
    labelClass: inDiff
      ? LABEL_TONES[diff]
      : error
        ? 'border-red-200 bg-red-50 text-red-800'
        : LABEL_TONES.unchanged,
  };
}
