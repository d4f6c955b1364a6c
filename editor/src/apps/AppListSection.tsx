import { Link } from 'react-router';
import { errorMessage } from '../api/api-error.ts';
import { useAppList } from '../api/apps.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Skeleton } from '../components/Spinner.tsx';
import { NewAppDialog } from './NewAppDialog.tsx';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The builder's apps on the dashboard: each opens on the canvas; published ones link to their page. */
export function AppListSection() {
  const list = useAppList();
  return (
    <section aria-labelledby="apps-heading" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="apps-heading" className="text-lg font-semibold text-neutral-900">
            Your apps
          </h2>
          <p className="text-sm text-neutral-600">Tables, views and who may use them, on a canvas.</p>
        </div>
        <NewAppDialog />
      </div>
      {list.isPending ? (
        <div aria-busy="true" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <p className="sr-only">Loading your apps…</p>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-24 rounded-xl" />
          ))}
        </div>
      ) : list.isError ? (
        <ErrorAlert
          title="Could not load your apps"
          message={errorMessage(list.error)}
          onRetry={() => void list.refetch()}
          retrying={list.isFetching}
        />
      ) : list.data.apps.length === 0 ? (
        <div className="rounded-xl border border-dashed border-neutral-300 bg-white px-6 py-10 text-center">
          <p className="font-medium text-neutral-900">No apps yet.</p>
          <p className="mt-1 text-sm text-neutral-600">
            Start one with “New app”: blank, or from an example.
          </p>
        </div>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {list.data.apps.map((app) => (
            <li
              key={app.id}
              className="relative rounded-xl border border-neutral-200 bg-white p-4 shadow-sm hover:border-indigo-300"
            >
              <Link
                to={`/app/apps/${app.id}`}
                className="font-medium text-neutral-900 after:absolute after:inset-0"
              >
                {app.name}
              </Link>
              <p className="mt-1 text-xs text-neutral-500">
                v{app.currentVersion} · edited {dateFormat.format(new Date(app.updatedAt))}
              </p>
              <p className="mt-2 text-xs">
                {app.publishedVersion ? (
                  <span className="rounded-full bg-emerald-50 px-2 py-0.5 font-medium text-emerald-800">
                    Published v{app.publishedVersion}
                  </span>
                ) : (
                  <span className="rounded-full bg-neutral-100 px-2 py-0.5 font-medium text-neutral-700">
                    Draft
                  </span>
                )}
                {app.url && (
                  <a
                    href={app.url}
                    target="_blank"
                    rel="noreferrer"
                    className="relative z-10 ml-2 text-indigo-700 underline"
                  >
                    Open
                  </a>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
