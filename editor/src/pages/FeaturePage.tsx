import { Link, useNavigate, useParams } from 'react-router';
import { FeatureIdParam } from '../../../schemas/index.ts';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { useFeature } from '../api/features.ts';
import { buttonStyles } from '../components/button-styles.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Skeleton } from '../components/Spinner.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { DeleteFeatureButton } from '../features/DeleteFeatureButton.tsx';
import { PipelinePreview } from '../features/PipelinePreview.tsx';
import { formatDateTime, modeDescriptions, modeLabel } from '../lib/feature-labels.ts';

function BackLink() {
  return (
    <Link to="/app" className="text-sm font-medium text-indigo-700 underline-offset-2 hover:underline">
      ← All features
    </Link>
  );
}

function FeatureNotFound() {
  return (
    <div className="rounded-xl border border-neutral-200 bg-white p-8 text-center">
      <h1 className="text-xl font-semibold text-neutral-900">Feature not found</h1>
      <p className="mt-1 text-sm text-neutral-600">
        It may have been deleted, or it belongs to someone else.
      </p>
      <Link to="/app" className={`${buttonStyles.secondary} mt-4`}>
        Back to the dashboard
      </Link>
    </div>
  );
}

export function FeaturePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  // An id that is not a uuid cannot name a feature; asking the server would only earn a 400.
  const validId = FeatureIdParam.safeParse({ id }).success;
  const feature = useFeature(id, validId);

  if (!validId) {
    return (
      <div className="space-y-4">
        <BackLink />
        <FeatureNotFound />
      </div>
    );
  }

  if (feature.isPending) {
    return (
      <div aria-busy="true" className="space-y-4">
        <p className="sr-only">Loading the feature…</p>
        <Skeleton className="h-4 w-24" />
        <Skeleton className="h-8 w-1/2" />
        <Skeleton className="h-24 w-full" />
      </div>
    );
  }

  if (feature.isError) {
    const notFound = feature.error instanceof ApiError && feature.error.status === 404;
    return (
      <div className="space-y-4">
        <BackLink />
        {notFound ? (
          <FeatureNotFound />
        ) : (
          <ErrorAlert
            title="Could not load the feature"
            message={errorMessage(feature.error)}
            onRetry={() => void feature.refetch()}
            retrying={feature.isFetching}
          />
        )}
      </div>
    );
  }

  const { title, mode, status, createdAt, updatedAt } = feature.data;
  return (
    <div className="space-y-6">
      <BackLink />
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight break-words text-neutral-900">{title}</h1>
          <div className="mt-2">
            <StatusBadge status={status} />
          </div>
        </div>
        <DeleteFeatureButton feature={feature.data} onDeleted={() => navigate('/app', { replace: true })} />
      </div>

      <dl className="grid gap-4 rounded-xl border border-neutral-200 bg-white p-5 shadow-sm sm:grid-cols-3">
        <div>
          <dt className="text-xs font-medium tracking-wide text-neutral-500 uppercase">Mode</dt>
          <dd className="mt-1 text-sm text-neutral-900">{modeLabel(mode)}</dd>
          <dd className="mt-0.5 text-xs text-neutral-500">
            {mode ? modeDescriptions[mode] : 'The BA agent will recommend one; you can override it.'}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium tracking-wide text-neutral-500 uppercase">Created</dt>
          <dd className="mt-1 text-sm text-neutral-900">
            <time dateTime={createdAt}>{formatDateTime(createdAt)}</time>
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium tracking-wide text-neutral-500 uppercase">Last updated</dt>
          <dd className="mt-1 text-sm text-neutral-900">
            <time dateTime={updatedAt}>{formatDateTime(updatedAt)}</time>
          </dd>
        </div>
      </dl>

      <PipelinePreview current={status} />
    </div>
  );
}
