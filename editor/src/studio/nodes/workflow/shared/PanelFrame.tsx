import type { ReactNode } from 'react';
import type { Problem } from '../../../store/problems.ts';
import { relativePath } from './problems.ts';
import { useWorkflowEditing } from './workflow-context.tsx';

/**
 * The inspector around one node's form: its title, its problems first (what to fix before the
 * workflow can run), the reason the last edit was refused, and the form — disabled as a whole
 * for someone who may only read.
 */
export function PanelFrame({
  title,
  subtitle,
  icon,
  problems,
  prefix,
  refusal,
  notice,
  children,
}: {
  title: string;
  subtitle: string;
  icon: ReactNode;
  problems: readonly Problem[];
  /** Where the node's problem paths begin (`steps[2]`, `trigger`), so they are listed relative to it. */
  prefix?: string;
  refusal?: string | undefined;
  /** What the last edit did beyond the obvious (a warning from the model), shown once. */
  notice?: string | undefined;
  children: ReactNode;
}) {
  const { readOnly } = useWorkflowEditing();
  return (
    <div className="space-y-4 p-4">
      <header className="flex items-start gap-3">
        {icon}
        <div className="min-w-0">
          <p className="text-xs font-medium tracking-wide text-neutral-500 uppercase">{subtitle}</p>
          <h2 className="truncate text-base font-semibold text-neutral-900">{title}</h2>
        </div>
      </header>
      {problems.length > 0 && (
        <section aria-label="Problems" className="rounded-lg border border-amber-200 bg-amber-50 p-3">
          <h3 className="text-sm font-semibold text-amber-900">
            {problems.length} problem{problems.length === 1 ? '' : 's'} to fix
          </h3>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-amber-900">
            {problems.map((problem) => (
              <li key={`${problem.path}:${problem.message}`}>
                {relativePath(problem.path, prefix) && (
                  <code className="mr-1 text-xs text-amber-800">{relativePath(problem.path, prefix)}</code>
                )}
                {problem.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div aria-live="polite">
        {refusal && <p className="rounded-lg bg-red-50 p-3 text-sm text-red-800">{refusal}</p>}
        {!refusal && notice && <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">{notice}</p>}
      </div>
      <fieldset disabled={readOnly} className="min-w-0 space-y-4">
        <legend className="sr-only">Settings of {title}</legend>
        {children}
      </fieldset>
    </div>
  );
}

/** The message a panel shows for a node that is gone (deleted, or a ghost of an older version). */
export function MissingPart({ what }: { what: string }) {
  return <p className="p-4 text-sm text-neutral-600">This {what} is not in the workflow being edited.</p>;
}
