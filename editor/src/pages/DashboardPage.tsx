import { errorMessage } from '../api/api-error.ts';
import { useFeatureList } from '../api/features.ts';
import { AppListSection } from '../apps/AppListSection.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Skeleton } from '../components/Spinner.tsx';
import { CreateFeatureForm } from '../features/CreateFeatureForm.tsx';
import { FeatureListView } from '../features/FeatureListView.tsx';
import { WorkflowListSection } from '../workflows/WorkflowListSection.tsx';
import { SharedForReviewSection } from './SharedForReviewSection.tsx';

function FeatureListSkeleton() {
  return (
    <div aria-busy="true" className="space-y-3 rounded-xl border border-neutral-200 bg-white p-5">
      <p className="sr-only">Loading your features…</p>
      {[0, 1, 2].map((row) => (
        <div key={row} className="flex items-center gap-4">
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-1/3" />
            <Skeleton className="h-3 w-1/4" />
          </div>
          <Skeleton className="h-5 w-20 rounded-full" />
        </div>
      ))}
    </div>
  );
}

export function DashboardPage() {
  const list = useFeatureList();
  const usage = list.data?.usage;

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-neutral-900">Your features</h1>
          <p className="mt-1 text-sm text-neutral-600">Each feature becomes an app, a workflow or code.</p>
        </div>
        {usage && (
          <p
            data-testid="feature-usage"
            className={`rounded-full px-3 py-1 text-sm font-medium ${
              usage.active >= usage.max ? 'bg-amber-50 text-amber-800' : 'bg-neutral-100 text-neutral-700'
            }`}
          >
            {usage.active} of {usage.max} active features
          </p>
        )}
      </div>

      <CreateFeatureForm atLimit={usage ? usage.active >= usage.max : false} />

      <section aria-labelledby="feature-list-heading" className="space-y-3">
        <h2 id="feature-list-heading" className="sr-only">
          Feature list
        </h2>
        {list.isPending ? (
          <FeatureListSkeleton />
        ) : list.isError ? (
          <ErrorAlert
            title="Could not load your features"
            message={errorMessage(list.error)}
            onRetry={() => void list.refetch()}
            retrying={list.isFetching}
          />
        ) : list.data.features.length === 0 ? (
          <div className="rounded-xl border border-dashed border-neutral-300 bg-white px-6 py-12 text-center">
            <p className="font-medium text-neutral-900">No features yet — create your first one above.</p>
            <p className="mt-1 text-sm text-neutral-600">
              A title is enough to start; the BA agent will help you work out the rest.
            </p>
          </div>
        ) : (
          <FeatureListView features={list.data.features} />
        )}
      </section>

      <SharedForReviewSection />

      <AppListSection />

      <WorkflowListSection />
    </div>
  );
}
