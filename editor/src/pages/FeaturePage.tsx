import { useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { FeatureIdParam } from '../../../schemas/index.ts';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { useFeatureDetail } from '../api/pipeline.ts';
import { buttonStyles } from '../components/button-styles.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Skeleton } from '../components/Spinner.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { ApprovalPanel } from '../features/build/ApprovalPanel.tsx';
import { BuildControls } from '../features/build/BuildControls.tsx';
import { BuildProgress } from '../features/build/BuildProgress.tsx';
import { ModeCard } from '../features/build/ModeCard.tsx';
import { isBuilding } from '../features/build/stage-steps.ts';
import { useBuildEvents } from '../features/build/use-build-events.ts';
import { ChatPanel } from '../features/chat/ChatPanel.tsx';
import { peekFirstMessage } from '../features/chat/pending-first-message.ts';
import { DeleteFeatureButton } from '../features/DeleteFeatureButton.tsx';
import { ResultTabs } from '../features/results/ResultTabs.tsx';
import { formatDateTime, modeLabel } from '../lib/feature-labels.ts';

/** While the events stream is down, the detail is polled this often during a build. */
const POLL_MS = 2_500;

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

/** A feature's home: the chat with the BA agent beside the build (mode, progress, approval), then the results. */
export function FeaturePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  // An id that is not a uuid cannot name a feature; asking the server would only earn a 400.
  const validId = FeatureIdParam.safeParse({ id }).success;
  const liveRef = useRef(false);
  const feature = useFeatureDetail(id, {
    enabled: validId,
    pollMs: (status) => (status && isBuilding(status) && !liveRef.current ? POLL_MS : false),
  });
  const building = feature.data ? isBuilding(feature.data.status) : false;
  const { live } = useBuildEvents(id, validId && building);
  liveRef.current = live;
  const [initialMessage] = useState(() => peekFirstMessage(id));

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
        <div className="grid gap-6 lg:grid-cols-2">
          <Skeleton className="h-96 w-full" />
          <Skeleton className="h-64 w-full" />
        </div>
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

  const detail = feature.data;
  const started = detail.status !== 'drafting';
  return (
    <div className="space-y-6">
      <BackLink />
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight break-words text-neutral-900">
            {detail.title}
          </h1>
          <p className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-neutral-500">
            <StatusBadge status={detail.status} />
            <span>
              {detail.mode || !detail.recommendedMode
                ? modeLabel(detail.mode)
                : `${modeLabel(detail.recommendedMode)} (recommended)`}
            </span>
            <span>
              Updated <time dateTime={detail.updatedAt}>{formatDateTime(detail.updatedAt)}</time>
            </span>
          </p>
        </div>
        <DeleteFeatureButton feature={detail} onDeleted={() => navigate('/app', { replace: true })} />
      </div>

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <ChatPanel
          featureId={detail.id}
          keyConfigured={detail.keyConfigured}
          open={detail.status === 'drafting'}
          initialMessage={initialMessage}
        />
        <div className="space-y-6">
          <ApprovalPanel feature={detail} />
          <ModeCard
            featureId={detail.id}
            mode={detail.mode}
            recommendedMode={detail.recommendedMode}
            modeReason={detail.modeReason}
            locked={started && detail.status !== 'failed'}
          />
          {started ? <BuildProgress feature={detail} live={live} /> : <BuildControls feature={detail} />}
        </div>
      </div>

      {started && <ResultTabs feature={detail} />}
    </div>
  );
}
