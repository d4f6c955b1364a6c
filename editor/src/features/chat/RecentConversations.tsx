import { Link } from 'react-router';
import { errorMessage } from '../../api/api-error.ts';
import { useFeatureList } from '../../api/features.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Skeleton } from '../../components/Spinner.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDateTime, modeLabel } from '../../lib/feature-labels.ts';

const SHOWN = 10;

/** Each feature is a conversation; the most recently touched first. */
export function RecentConversations() {
  const features = useFeatureList();
  return (
    <section aria-labelledby="recent-heading" className="space-y-3">
      <h2 id="recent-heading" className="font-semibold text-neutral-900">
        Recent conversations
      </h2>
      {features.isPending ? (
        <div aria-busy="true" className="space-y-2">
          <p className="sr-only">Loading your conversations…</p>
          <Skeleton className="h-14 w-full" />
          <Skeleton className="h-14 w-full" />
        </div>
      ) : features.isError ? (
        <ErrorAlert
          title="Could not load your conversations"
          message={errorMessage(features.error)}
          onRetry={() => void features.refetch()}
          retrying={features.isFetching}
        />
      ) : features.data.features.length === 0 ? (
        <p className="rounded-xl border border-dashed border-neutral-300 p-5 text-sm text-neutral-600">
          No conversations yet. Your first one starts above.
        </p>
      ) : (
        <ul
          aria-label="Recent conversations"
          className="divide-y divide-neutral-200 overflow-hidden rounded-xl border border-neutral-200 bg-white shadow-sm"
        >
          {[...features.data.features]
            .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
            .slice(0, SHOWN)
            .map((feature) => (
              <li key={feature.id}>
                <Link
                  to={`/app/features/${feature.id}`}
                  className="flex flex-wrap items-center gap-x-4 gap-y-1 px-5 py-3 hover:bg-neutral-50"
                >
                  <span className="min-w-0 flex-1">
                    <span className="block font-medium break-words text-neutral-900">{feature.title}</span>
                    <span className="block text-xs text-neutral-500">
                      {modeLabel(feature.mode)} · updated{' '}
                      <time dateTime={feature.updatedAt}>{formatDateTime(feature.updatedAt)}</time>
                    </span>
                  </span>
                  <StatusBadge status={feature.status} />
                </Link>
              </li>
            ))}
        </ul>
      )}
    </section>
  );
}
