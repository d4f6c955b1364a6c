import { Link } from 'react-router';
import { errorMessage } from '../api/api-error.ts';
import { useWorkflowList } from '../api/workflows.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Skeleton } from '../components/Spinner.tsx';
import { NewWorkflowDialog } from './NewWorkflowDialog.tsx';

const STATUS_STYLE = {
  draft: 'bg-neutral-100 text-neutral-700',
  active: 'bg-emerald-50 text-emerald-800',
  inactive: 'bg-amber-50 text-amber-900',
} as const;

/** The builder's workflows on the dashboard; each opens on the canvas. */
export function WorkflowListSection() {
  const list = useWorkflowList();
  return (
    <section aria-labelledby="workflows-heading" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="workflows-heading" className="text-lg font-semibold text-neutral-900">
            Your workflows
          </h2>
          <p className="text-sm text-neutral-600">A trigger and the steps it sets off.</p>
        </div>
        <NewWorkflowDialog />
      </div>
      {list.isPending ? (
        <Skeleton className="h-24 rounded-xl" />
      ) : list.isError ? (
        <ErrorAlert
          title="Could not load your workflows"
          message={errorMessage(list.error)}
          onRetry={() => void list.refetch()}
        />
      ) : list.data.workflows.length === 0 ? (
        <div className="rounded-xl border border-dashed border-neutral-300 bg-white px-6 py-10 text-center">
          <p className="font-medium text-neutral-900">No workflows yet.</p>
          <p className="mt-1 text-sm text-neutral-600">
            Start one with “New workflow”: blank, or from an example.
          </p>
        </div>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {list.data.workflows.map((w) => (
            <li
              key={w.id}
              className="relative rounded-xl border border-neutral-200 bg-white p-4 shadow-sm hover:border-indigo-300"
            >
              <Link
                to={`/app/workflows/${w.id}`}
                className="font-medium text-neutral-900 after:absolute after:inset-0"
              >
                {w.name}
              </Link>
              <p className="mt-1 text-xs text-neutral-500">v{w.currentVersion}</p>
              <p className="mt-2 text-xs">
                <span className={`rounded-full px-2 py-0.5 font-medium ${STATUS_STYLE[w.status]}`}>
                  {w.status}
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
