import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import { ApiError, errorMessage } from '../api/api-error.ts';
import {
  saveAppDraft,
  useApp,
  useAppDiff,
  useAppVersion,
  useAppVersions,
  usePublishApp,
} from '../api/apps.ts';
import { queryKeys } from '../api/query-keys.ts';
import { appKind } from '../apps/app-kind.tsx';
import { PublishDialog } from '../apps/PublishDialog.tsx';
import { useStudio } from '../boot/studio-context.tsx';
import { Button } from '../components/Button.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useStudioStore } from '../studio/canvas/store-context.tsx';
import { AppCanvasProvider } from '../studio/nodes/app/app-canvas-context.tsx';
import { DefinitionStudio } from '../studio/page/DefinitionStudio.tsx';

/**
 * `/app/apps/:id`: the app's definition on the canvas, with autosave, review and publish; for a
 * builder the owner added as a reviewer, the same canvas read-only, with its history and diffs.
 */
export function AppStudioPage() {
  const { id = '' } = useParams();
  const app = useApp(id);
  const { api } = useStudio();
  const queryClient = useQueryClient();

  if (app.isPending)
    return (
      <div className="grid h-dvh place-items-center" aria-busy="true">
        <Spinner />
        <span className="sr-only">Opening the app…</span>
      </div>
    );
  if (app.isError)
    return (
      <div className="mx-auto max-w-lg p-8">
        <ErrorAlert
          title={
            app.error instanceof ApiError && app.error.status === 404
              ? 'There is no such app'
              : 'Could not open the app'
          }
          message={errorMessage(app.error)}
          onRetry={() => void app.refetch()}
        />
        <Link to="/app" className="mt-4 inline-block text-sm text-indigo-700 underline">
          Back to the dashboard
        </Link>
      </div>
    );

  const reviewing = app.data.access === 'reviewer';
  return (
    <AppCanvasProvider published={app.data.publishedVersion !== null} readOnly={reviewing}>
      <DefinitionStudio<AppDefinition>
        key={app.data.id}
        id={app.data.id}
        kind={appKind}
        initial={{ definition: app.data.definition as AppDefinition, version: app.data.currentVersion }}
        save={async (definition, baseVersion) => {
          const saved = await saveAppDraft(api, id, definition, baseVersion);
          void queryClient.invalidateQueries({ queryKey: queryKeys.appVersions(id) });
          return saved;
        }}
        useVersions={useAppVersions}
        useVersion={useAppVersion}
        useDiff={useAppDiff}
        review={reviewing ? { owner: app.data.owner } : undefined}
        actions={(tools) => (reviewing ? null : <PublishAction appId={id} url={app.data.url} {...tools} />)}
      />
    </AppCanvasProvider>
  );
}

function PublishAction({
  appId,
  url,
  flush,
  showPath,
}: {
  appId: string;
  url: string | null;
  flush: () => Promise<number | null>;
  showPath: (path: string) => void;
}) {
  const publish = usePublishApp(appId);
  const [open, setOpen] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const problems = useStudioStore((s) => s.problems.all.length);
  const liveUrl = publish.data?.published ? publish.data.url : url;

  async function onPublish() {
    setOpen(true);
    setSaveError(null);
    publish.reset();
    const version = await flush();
    if (version === null) {
      setSaveError(
        'The draft could not be saved first (see the status next to the name), so nothing was published.',
      );
      return;
    }
    publish.mutate(version);
  }

  return (
    <>
      {liveUrl && (
        <a href={liveUrl} target="_blank" rel="noreferrer" className="text-sm text-indigo-700 underline">
          Open app
        </a>
      )}
      <Button
        onClick={() => void onPublish()}
        disabled={problems > 0}
        title={
          problems > 0 ? 'Fix the problems first (see the Problems tab)' : 'Review and publish this draft'
        }
      >
        Publish
      </Button>
      <PublishDialog
        open={open}
        onOpenChange={setOpen}
        pending={publish.isPending}
        result={publish.data}
        error={saveError ? new Error(saveError) : publish.error}
        onJumpTo={(path) => {
          setOpen(false);
          showPath(path);
        }}
      />
    </>
  );
}
