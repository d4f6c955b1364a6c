import { type ReactNode, useId } from 'react';
import type { Problem } from '../../../store/problems.ts';
import { useAppCanvas } from '../app-canvas-context.tsx';
import { useNodeProblems } from './use-app-edit.ts';

interface PanelShellProps {
  nodeId: string;
  /** What the node is: "Table", "List view". */
  kind: string;
  title: string;
  children: ReactNode;
}

/**
 * The frame of every inspector: what is inspected, the problems the validator placed on it
 * (first, because they are what stops publishing), then the form. A read-only canvas (a diff, a
 * reviewer) disables the whole form at once through the fieldset.
 */
export function PanelShell({ nodeId, kind, title, children }: PanelShellProps) {
  const { readOnly } = useAppCanvas();
  const problems = useNodeProblems(nodeId);
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-4 p-4 text-sm">
      <header>
        <p className="text-xs font-medium tracking-wide text-neutral-500 uppercase">{kind}</p>
        <h2 id={headingId} className="truncate text-base font-semibold text-neutral-900" title={title}>
          {title}
        </h2>
      </header>
      <ProblemList problems={problems} />
      <fieldset disabled={readOnly} className="flex min-w-0 flex-col gap-4">
        <legend className="sr-only">Settings of {title}</legend>
        {children}
      </fieldset>
    </section>
  );
}

export function ProblemList({ problems }: { problems: readonly Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <section aria-label="Problems" className="rounded-lg border border-red-200 bg-red-50 p-3">
      <p className="text-xs font-semibold text-red-800">
        {problems.length} problem{problems.length === 1 ? '' : 's'} to fix before publishing
      </p>
      <ul className="mt-1.5 space-y-1.5">
        {problems.map((problem, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: one path can carry two messages; the list is read, never edited
          <li key={`${problem.path}:${i}`} className="text-xs text-red-800">
            <span className="block">{problem.message}</span>
            <span className="block font-mono text-[10px] text-red-600/80">
              {problem.where} · {problem.path}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A titled group of settings. */
export function PanelSection({
  title,
  children,
  aside,
}: {
  title: string;
  children: ReactNode;
  aside?: ReactNode;
}) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="flex flex-col gap-3 border-t border-neutral-200 pt-4">
      <div className="flex items-center justify-between gap-2">
        <h3 id={id} className="text-xs font-semibold tracking-wide text-neutral-600 uppercase">
          {title}
        </h3>
        {aside}
      </div>
      {children}
    </section>
  );
}

/** An edit that was refused, from a button (inputs show theirs under themselves). */
export function Notice({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-lg bg-red-50 p-2.5 text-xs text-red-800">
      {message}
    </p>
  );
}

/** The panel of a node whose part is not in the definition (a removed ghost in a diff, or just deleted). */
export function MissingPart({ what }: { what: string }) {
  return (
    <p className="p-4 text-sm text-neutral-500">
      This {what} is not in the current version of the app, so there is nothing to edit.
    </p>
  );
}

/** Small square buttons (move up, remove) in lists. */
export const iconButton =
  'inline-flex h-7 min-w-7 items-center justify-center rounded-md border border-transparent px-1.5 text-xs text-neutral-600 ' +
  'hover:border-neutral-300 hover:bg-white disabled:cursor-not-allowed disabled:opacity-40';
