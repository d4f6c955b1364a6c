import * as Dialog from '@radix-ui/react-dialog';
import { type ComponentType, lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import type { ViewerApp } from '../../../../../../schemas/api/viewer.ts';
import { useApp as useAppSummary } from '../../../../api/apps.ts';
import { createViewerClient } from '../../../../viewer/api/client.ts';
import { themeStyle } from '../../../../viewer/layout/theme.ts';
import type { ViewProps } from '../../../../viewer/views/view-props.ts';

// The viewer's own pages, loaded only when a builder opens a preview: the studio's canvas chunk
// does not carry them.
const ViewPage = lazy(async () => {
  const { viewPages } = await import('../../../../viewer/views/registry.tsx');
  return {
    default: (props: ViewProps) => {
      const Page = viewPages[props.view.kind] as ComponentType<ViewProps>;
      return <Page {...props} />;
    },
  };
});

/**
 * "Preview with live data": the view as end users get it, drawn by the viewer's own components
 * over the published app's data, as its builder (who sees every row and field). Live data means
 * the published version: a view that is only in the draft says so and asks to publish first.
 */
export function ViewPreview({ viewId }: { viewId: string }) {
  return (
    <Dialog.Root>
      <Dialog.Trigger asChild>
        <button
          type="button"
          className="mt-2 rounded border border-neutral-300 px-2 py-1 text-xs font-medium text-neutral-700 hover:bg-neutral-50"
        >
          Preview with live data
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/30" />
        <Dialog.Content
          className="fixed inset-4 z-50 flex flex-col overflow-hidden rounded-lg bg-white shadow-xl md:inset-10"
          aria-describedby={undefined}
        >
          <PreviewDialog viewId={viewId} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** The open dialog (mounted only then, so the inspector asks nothing of the server until asked). */
function PreviewDialog({ viewId }: { viewId: string }) {
  const { id = '' } = useParams();
  const summary = useAppSummary(id);
  // The studio's copy may predate a publish made since: ask again each time the preview opens.
  const { refetch } = summary;
  const [fresh, setFresh] = useState(false);
  useEffect(() => {
    void refetch().finally(() => setFresh(true));
  }, [refetch]);
  const url = summary.data?.url ?? null;
  const published = summary.data?.publishedVersion ?? null;
  return (
    <>
      <header className="flex items-center gap-3 border-b border-neutral-200 px-4 py-2">
        <Dialog.Title className="text-sm font-semibold">
          Preview{published ? ` · published version ${published}` : ''}
        </Dialog.Title>
        {url && (
          <a href={url} target="_blank" rel="noreferrer" className="text-xs text-indigo-700 underline">
            Open the app
          </a>
        )}
        <Dialog.Close className="ml-auto rounded px-2 py-1 text-sm hover:bg-neutral-100">Close</Dialog.Close>
      </header>
      <div className="min-h-0 flex-1 overflow-auto bg-neutral-50">
        {!fresh ? (
          <p className="p-6 text-sm text-neutral-600">Loading…</p>
        ) : url && published ? (
          <PreviewBody base={new URL(url, window.location.origin).pathname} viewId={viewId} />
        ) : (
          <p className="p-6 text-sm text-neutral-600">
            Publish the app to preview its views with live data: end users only ever see the published
            version.
          </p>
        )}
      </div>
    </>
  );
}

function PreviewBody({ base, viewId }: { base: string; viewId: string }) {
  const client = useMemo(() => createViewerClient(base), [base]);
  const [state, setState] = useState<{ app?: ViewerApp; error?: string }>({});
  useEffect(() => {
    let live = true;
    client.app().then(
      (app) => live && setState({ app }),
      (error: Error) => live && setState({ error: error.message }),
    );
    return () => {
      live = false;
    };
  }, [client]);
  if (state.error) return <p className="p-6 text-sm text-red-700">{state.error}</p>;
  if (!state.app) return <p className="p-6 text-sm text-neutral-500">Loading the published app…</p>;
  const { app } = state;
  const view = app.definition.views.find((v) => v.id === viewId);
  if (!view)
    return (
      <p className="p-6 text-sm text-neutral-600">
        This view is not in the published version {app.version}. Publish to preview it with live data.
      </p>
    );
  return (
    <div style={themeStyle(app.definition.themeColor)} className="p-4">
      <Suspense fallback={<p className="text-sm text-neutral-500">Loading the view…</p>}>
        <ViewPage
          app={app}
          view={view}
          client={client}
          rowId={null}
          navigate={(path) => window.open(`${base}${path}`, '_blank', 'noopener')}
        />
      </Suspense>
    </div>
  );
}
