import { useMemo } from 'react';
import type { FieldType } from '../../../../../../schemas/definitions.ts';
import { useAppStore } from '../../../canvas/store-context.tsx';
import type { DiffMark } from '../../../graph/graph-types.ts';
import { DIFF_BADGE, DIFF_WORDS } from './diff-style.ts';
import { FIELD_TYPE_GLYPHS, FIELD_TYPE_NAMES } from './field-types.ts';

/** The type chip of a field row; its name is read out, the glyph is decoration. */
export function FieldTypeIcon({ type }: { type: FieldType }) {
  const name = FIELD_TYPE_NAMES[type] ?? type;
  return (
    <span
      title={name}
      className="inline-flex h-5 w-6 shrink-0 items-center justify-center rounded bg-neutral-100 font-mono text-[11px] leading-none text-neutral-600"
    >
      <span aria-hidden="true">{FIELD_TYPE_GLYPHS[type] ?? '?'}</span>
      <span className="sr-only">{name}</span>
    </span>
  );
}

/**
 * "Added", "Removed", "Changed" on a node in a diff, pinned over its top edge so it never takes
 * room from the name (the node's root must be positioned).
 */
export function DiffBadge({ diff }: { diff: DiffMark | undefined }) {
  if (!diff || diff === 'unchanged') return null;
  return (
    <span
      className={`absolute -top-2.5 right-2 rounded px-1.5 py-0.5 text-[10px] leading-none font-semibold uppercase shadow-sm ${DIFF_BADGE[diff]}`}
    >
      {DIFF_WORDS[diff]}
    </span>
  );
}

/** How many problems the validator placed on a node (a number, so a node re-renders only when it changes). */
export function useProblemCount(nodeId: string): number {
  return useAppStore((state) => state.problems.byNode.get(nodeId)?.length ?? 0);
}

/** The node's problem count as a red badge; nothing when there are none. */
export function ProblemBadge({ count }: { count: number }) {
  if (count === 0) return null;
  const words = `${count} problem${count === 1 ? '' : 's'}`;
  return (
    <span
      title={words}
      className="inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-red-600 px-1.5 text-[11px] font-semibold text-white"
    >
      <span aria-hidden="true">{count}</span>
      <span className="sr-only">{words}</span>
    </span>
  );
}

/**
 * The field rows of a node that have problems, as one string: a primitive, so a node re-renders
 * only when that set changes, not on every edit elsewhere.
 */
export function useRowsWithProblems(nodeId: string): ReadonlySet<string> {
  const key = useAppStore((state) =>
    (state.problems.byNode.get(nodeId) ?? [])
      .flatMap((problem) => (problem.fieldId ? [problem.fieldId] : []))
      .join('\u0000'),
  );
  return useMemo(() => new Set(key ? key.split('\u0000') : []), [key]);
}
