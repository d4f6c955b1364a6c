import { Handle, Position } from '@xyflow/react';
import { useStudioStore } from '../../../canvas/store-context.tsx';
import type { ConnectionUse, DiffMark, StepOutput } from '../../../graph/graph-types.ts';
import type { Problem } from '../../../store/problems.ts';
import { diffLook } from './diff-style.ts';

const NONE: readonly Problem[] = [];

/**
 * The validator's problems on a node. In a diff the node shows another version than the one
 * being edited, whose problems would be wrong there, so a diff shows none.
 */
export function useNodeProblems(nodeId: string, diff: DiffMark | undefined): readonly Problem[] {
  const problems = useStudioStore((state) => state.problems.byNode.get(nodeId));
  return diff === undefined ? (problems ?? NONE) : NONE;
}

export function ProblemBadge({ problems }: { problems: readonly Problem[] }) {
  if (problems.length === 0) return null;
  const text = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  return (
    <span
      title={problems.map((problem) => problem.message).join('\n')}
      className="inline-flex shrink-0 items-center gap-0.5 rounded-full bg-red-100 px-1.5 text-[10px] leading-4 font-semibold text-red-800"
    >
      <span aria-hidden="true">!</span>
      {problems.length}
      <span className="sr-only"> {text}</span>
    </span>
  );
}

export function DiffTag({ diff }: { diff: DiffMark | undefined }) {
  const tag = diffLook(diff).tag;
  if (!tag) return null;
  return (
    <span className={`shrink-0 rounded-full px-1.5 text-[10px] leading-4 font-semibold ${tag.className}`}>
      {tag.text}
    </span>
  );
}

export function StartMark() {
  return (
    <span className="shrink-0 rounded-full bg-indigo-600 px-1.5 text-[10px] leading-4 font-semibold text-white">
      Start
    </span>
  );
}

/** The connections a trigger or step goes through, named as the builder labelled them. */
export function ConnectionChips({ connections }: { connections: readonly ConnectionUse[] }) {
  if (connections.length === 0) return null;
  return (
    <ul aria-label="Connections used" className="px-2.5 pt-0.5">
      {connections.map((connection) => (
        <li
          key={connection.id}
          title={`${connection.label} (${connection.provider})`}
          className="flex h-4 items-center gap-1 truncate text-[11px] leading-4 text-neutral-600"
        >
          <span aria-hidden="true" className="size-1.5 shrink-0 rounded-full bg-sky-500" />
          <span className="truncate">
            <span className="sr-only">through </span>
            {connection.label}
          </span>
        </li>
      ))}
    </ul>
  );
}

const HANDLE = 'size-2.5! border-2! border-white!';

/** Where links arrive: every step has one, on its left (the canvas runs left to right). */
export function TargetHandle({ connectable, top }: { connectable: boolean; top?: number }) {
  return (
    <Handle
      type="target"
      position={Position.Left}
      isConnectable={connectable}
      {...(top === undefined ? {} : { style: { top } })}
      className={`${HANDLE} bg-neutral-500!`}
    />
  );
}

/**
 * One labelled row per way out of a step, each with its own source handle (id = the link:
 * `next`, `onError`, `branch:<id>`, `otherwise`, `body`), so a branch is dragged from its name.
 * Outputs not yet leading anywhere are greyed, but can still be dragged.
 */
export function OutputHandles({
  outputs,
  connectable,
}: {
  outputs: readonly StepOutput[];
  connectable: boolean;
}) {
  return (
    <ul aria-label="Outputs" className="pt-0.5 pb-1">
      {outputs.map((output) => (
        <OutputRow
          key={output.handleId}
          id={output.handleId}
          label={output.label}
          open={output.target === undefined}
          error={output.handleId === 'onError'}
          connectable={connectable}
        />
      ))}
    </ul>
  );
}

export function OutputRow({
  id,
  label,
  open,
  error,
  connectable,
  title,
}: {
  id: string;
  label: string;
  open: boolean;
  error?: boolean;
  connectable: boolean;
  title?: string;
}) {
  const tone = error ? 'text-red-700' : 'text-neutral-700';
  return (
    <li
      className="relative flex h-3.5 items-center justify-end pr-2.5 text-[10px] leading-none"
      title={title}
    >
      <span className={`truncate ${open ? 'text-neutral-400 italic' : tone}`}>
        {label}
        {open && <span className="sr-only"> (not connected)</span>}
      </span>
      <Handle
        type="source"
        position={Position.Right}
        id={id}
        isConnectable={connectable}
        className={`${HANDLE} ${error ? 'bg-red-500!' : open ? 'bg-neutral-300!' : 'bg-neutral-600!'}`}
      />
    </li>
  );
}
