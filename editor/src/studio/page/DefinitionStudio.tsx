import type { UseQueryResult } from '@tanstack/react-query';
import { type Connection, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import type { DefinitionChange, DefinitionDiff } from '../../../../runtime/definitions/diff-change.ts';
import type { SavedVersion } from '../../../../schemas/index.ts';
import { type ListedVersion, VersionsPanel } from '../../apps/VersionsPanel.tsx';
import { StudioCanvas } from '../canvas/StudioCanvas.tsx';
import { StudioStoreProvider, useStudioStore, useStudioStoreApi } from '../canvas/store-context.tsx';
import { useCanvasPositions } from '../canvas/use-positions.ts';
import { CopilotBanner, CopilotPanel } from '../copilot/CopilotPanel.tsx';
import { previewNodeOf } from '../copilot/copilot-preview.ts';
import { useCopilot } from '../copilot/use-copilot.ts';
import { diffGraph } from '../graph/diff-graph.ts';
import { nodeIdOf } from '../graph/node-ids.ts';
import type { StudioClipboard } from '../model/clipboard.ts';
import type { Edit, EditResult, RemovedReference, StudioDefinition } from '../model/edit-result.ts';
import { locateIssue } from '../model/issue-location.ts';
import { createStudioStore } from '../store/studio-store.ts';
import { DeleteConfirm } from './DeleteConfirm.tsx';
import { DiffChanges } from './DiffChanges.tsx';
import type { DefinitionKind, KindTools } from './definition-kind.ts';
import { Inspector } from './Inspector.tsx';
import { ProblemsList } from './ProblemsList.tsx';
import { type SideTab, StudioFrame } from './StudioFrame.tsx';
import { useAutosave } from './use-autosave.ts';
import { useStudioShortcuts } from './use-studio-shortcuts.ts';

export interface DefinitionStudioProps<D extends StudioDefinition> {
  id: string;
  kind: DefinitionKind<D>;
  initial: { definition: D; version: number };
  save(definition: D, baseVersion: number): Promise<{ currentVersion: number }>;
  useVersions(id: string): UseQueryResult<{ versions: ListedVersion[] }>;
  useVersion(id: string, version: number | null): UseQueryResult<SavedVersion>;
  useDiff(id: string, pair: readonly [number, number] | null): UseQueryResult<DefinitionDiff>;
  /**
   * The header's actions (publish, activate); `flush` saves the draft now and gives its version.
   * A reviewer's header adds a read-only badge after them.
   */
  actions(tools: { flush: () => Promise<number | null>; showPath: (path: string) => void }): ReactNode;
  /**
   * Set when the caller reviews another builder's definition (issue #5): the canvas, inspector
   * and settings only read, nothing is saved, and History compares versions as for the owner.
   */
  review?: { owner: string };
}

/** One definition open on the canvas: its own store, React Flow, and everything around them. */
export function DefinitionStudio<D extends StudioDefinition>(props: DefinitionStudioProps<D>) {
  const [store] = useState(() =>
    createStudioStore(props.initial.definition, { baseVersion: props.initial.version }),
  );
  return (
    <StudioStoreProvider store={store as never}>
      <ReactFlowProvider>
        <Workspace {...props} />
      </ReactFlowProvider>
    </StudioStoreProvider>
  );
}

/** Module-level so copy in one canvas and paste in another tab-free page both work within the session. */
let clipboard: StudioClipboard | null = null;

function Workspace<D extends StudioDefinition>({
  id,
  kind,
  save,
  useVersions,
  useVersion,
  useDiff,
  actions,
  review,
}: DefinitionStudioProps<D>) {
  const readOnly = review !== undefined;
  const store = useStudioStoreApi<D>();
  const definition = useStudioStore<D, D>((s) => s.definition);
  const conflict = useStudioStore((s) => s.conflict);
  const flow = useReactFlow();
  const [tab, setTab] = useState<SideTab>('inspect');
  const [notice, setNotice] = useState<string | null>(null);
  const [pendingDelete, setPendingDelete] = useState<{
    edit: Edit<D>;
    removed: RemovedReference[];
    count: number;
  } | null>(null);
  const [pendingConnection, setPendingConnection] = useState<Connection | null>(null);
  const [compared, setCompared] = useState<readonly [number, number] | null>(null);

  const { status, flush } = useAutosave(save as never, { enabled: !readOnly });
  const versions = useVersions(id);
  const older = useVersion(id, compared?.[0] ?? null);
  const newer = useVersion(id, compared?.[1] ?? null);
  const diff = useDiff(id, compared);
  // The co-pilot (owner only): while it works or its change is previewed, the canvas only reads.
  const copilot = useCopilot<D>({ target: definition.kind, id, flush });
  const preview = copilot.preview;
  const locked = readOnly || copilot.locked;

  const inDiff =
    compared !== null && older.data !== undefined && newer.data !== undefined && diff.data !== undefined;
  // A draft may be saved in any shape; one the graph cannot draw shows an empty canvas and its
  // problems (listed in the Problems tab) rather than taking the page down.
  const graph = useMemo(() => {
    try {
      if (preview) return diffGraph(preview.before, preview.after, preview.diff);
      return inDiff
        ? diffGraph(older.data!.definition as D, newer.data!.definition as D, diff.data!)
        : kind.graph(definition);
    } catch {
      return { nodes: [], edges: [] };
    }
  }, [preview, inDiff, older.data, newer.data, diff.data, definition, kind]);
  const placement = useCanvasPositions(id, graph);
  // Once laid out, and on entering or leaving a diff, show the whole graph (ELK's first layout
  // arrives after React Flow's own initial fit; a diff's ghosts may sit outside the old view).
  const laidOut = placement.positions !== null;
  const previewing = preview !== null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again exactly when these flip
  useEffect(() => {
    if (!laidOut) return;
    const timer = setTimeout(() => void flow.fitView({ duration: 300, padding: 0.1 }), 80);
    return () => clearTimeout(timer);
  }, [inDiff, previewing, laidOut, flow]);
  // A proposal replaces a version comparison on the canvas, and its panel comes to the front.
  useEffect(() => {
    if (!previewing) return;
    setCompared(null);
    setTab('copilot');
  }, [previewing]);

  const apply = useCallback(
    (edit: Edit<D>): EditResult<D> => {
      const result = store.getState().apply(edit);
      setNotice(result.ok ? (result.warnings[0] ?? null) : result.reason);
      return result;
    },
    [store],
  );

  const showNode = useCallback(
    (nodeId: string) => {
      store.getState().select([nodeId], 'replace');
      setTab('inspect');
      void flow.fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2 });
    },
    [flow, store],
  );
  const showPath = useCallback(
    (path: string) => {
      const where = locateIssue(store.getState().definition, path);
      const nodeId = nodeIdOf(where.entity, where.id, where.tableId);
      if (nodeId) showNode(nodeId);
      else {
        store.getState().clearSelection();
        setTab('inspect');
      }
    },
    [showNode, store],
  );

  const shortcuts = useMemo(
    () => ({
      deleteSelection() {
        const selected = store.getState().selected;
        const edit: Edit<D> = (d) => kind.remove(d, selected);
        const preview = edit(store.getState().definition);
        if (!preview.ok) return setNotice(preview.reason);
        setPendingDelete({ edit, removed: preview.removed, count: selected.length });
      },
      copySelection() {
        clipboard = kind.copy(store.getState().definition, store.getState().selected);
        setNotice(`Copied. Paste with Ctrl+V (here or in another of your ${kind.noun}s).`);
      },
      paste() {
        const clip = clipboard;
        if (clip) apply((d) => kind.paste(d, clip));
      },
      selectAll() {
        store.getState().select(
          graph.nodes.map((n) => n.id),
          'replace',
        );
      },
      autoLayout() {
        void placement.relayout().then(() => flow.fitView({ duration: 300 }));
      },
    }),
    [apply, flow, graph.nodes, kind, placement, store],
  );
  useStudioShortcuts(shortcuts, !inDiff && !locked);

  const onConnect = useCallback(
    (connection: Connection) => {
      const result = kind.connect(store.getState().definition, connection);
      if (result === null) setPendingConnection(connection);
      else apply(() => result);
    },
    [apply, kind, store],
  );
  const onDropItem = useCallback(
    (itemId: string, position: { x: number; y: number }) => {
      const result = apply((d) => kind.add(d, itemId, store.getState().selected));
      const first = result.ok ? result.created[0] : undefined;
      const nodeId = first ? nodeIdOf(first.entity, first.id, first.tableId) : undefined;
      if (nodeId) placement.setPosition(nodeId, position);
    },
    [apply, kind, placement, store],
  );

  const Context = kind.Context ?? Passthrough;
  // Reviewers read runs but change nothing; a diff on screen does not stop activating the draft.
  const kindTools: KindTools = { id, readOnly, flush, showPath, showNode, showTab: setTab };
  const ConnectDialog = kind.ConnectDialog;
  const diffLoading = compared !== null && !inDiff;
  const title = 'name' in definition ? String(definition.name) : kind.noun;
  const reviewBanner = review && (
    <div
      role="note"
      aria-label="Reviewing"
      className="border-b border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-950"
    >
      You are reviewing <strong>{title}</strong> by <strong>{review.owner}</strong>: you can read versions and
      diffs, not edit.
      {!inDiff && !diffLoading && ' Open History and tick two versions to compare them.'}
    </div>
  );
  const banner = conflict ? (
    <div
      role="alert"
      className="flex flex-wrap items-center gap-3 border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-900"
    >
      This {kind.noun} was saved elsewhere (another tab, or an agent) since you opened it. Your latest edits
      are not saved; nothing was overwritten.
      <button
        type="button"
        className="rounded border border-red-300 bg-white px-2 py-1"
        onClick={() => window.location.reload()}
      >
        Reload the saved version
      </button>
    </div>
  ) : copilot.state.phase !== 'idle' ? (
    <CopilotBanner copilot={copilot} />
  ) : inDiff || diffLoading ? (
    <div
      className="flex flex-wrap items-center gap-3 border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900"
      role="status"
    >
      {diffLoading
        ? 'Loading the comparison…'
        : `Comparing v${compared![0]} with v${compared![1]}: added in green, removed in red, changed in amber. Read-only.`}
      <button
        type="button"
        className="rounded border border-amber-300 bg-white px-2 py-1"
        onClick={() => setCompared(null)}
      >
        {readOnly ? 'Back to the latest version' : 'Back to editing'}
      </button>
    </div>
  ) : notice ? (
    <div
      role="status"
      className="flex items-center gap-3 border-b border-neutral-200 bg-white px-4 py-2 text-sm text-neutral-800"
    >
      {notice}
      <button type="button" className="text-neutral-500 underline" onClick={() => setNotice(null)}>
        Dismiss
      </button>
    </div>
  ) : undefined;

  const changes = diff.data?.changes ?? [];
  const showChange = (change: DefinitionChange) => showPath(change.path);
  const copilotPanel = (
    <CopilotPanel
      copilot={copilot}
      noun={kind.noun}
      onShowChange={(change) => {
        const nodeId = preview && previewNodeOf(preview, change);
        if (nodeId) void flow.fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2 });
      }}
    />
  );

  return (
    <Context id={id} readOnly={readOnly}>
      <StudioFrame
        title={title}
        status={status}
        actions={
          <>
            {actions({ flush, showPath })}
            {kind.Actions && <kind.Actions {...kindTools} />}
            {review && <ReviewingBadge />}
          </>
        }
        palette={<kind.Palette onAdded={(nodeId) => nodeId && showNode(nodeId)} />}
        canvas={
          <>
            {kind.Empty && !inDiff && !locked && graph.nodes.length === 0 && <kind.Empty />}
            <StudioCanvas
              label={`${kind.noun} canvas`}
              graph={graph}
              placement={placement}
              registry={kind.registry}
              readOnly={inDiff || locked}
              onConnect={onConnect}
              onDropItem={onDropItem}
            />
          </>
        }
        banner={
          reviewBanner ? (
            <>
              {reviewBanner}
              {banner}
            </>
          ) : (
            banner
          )
        }
        tab={tab}
        onTab={setTab}
        inspector={
          <Inspector
            graph={graph}
            panels={kind.registry.panels}
            Settings={kind.Settings}
            id={id}
            readOnly={locked}
          />
        }
        problems={<ProblemsList onShow={showNode} />}
        history={
          <div className="flex h-full flex-col">
            <div className="min-h-0 flex-1">
              <VersionsPanel
                versions={versions.data?.versions}
                loading={versions.isPending}
                error={versions.error}
                onRetry={() => void versions.refetch()}
                compared={compared}
                onCompare={setCompared}
                builder={review?.owner}
              />
            </div>
            {inDiff && (
              <div className="max-h-[50%] overflow-y-auto border-t border-neutral-200">
                <h3 className="px-3 pt-2 text-sm font-semibold text-neutral-900">What changed</h3>
                <DiffChanges changes={changes} onShow={showChange} />
              </div>
            )}
          </div>
        }
        extraTabs={[
          ...(kind.sideTabs ?? []).map((extra) => ({
            id: extra.id,
            label: extra.label,
            content: <extra.Panel {...kindTools} />,
          })),
          ...(readOnly ? [] : [{ id: 'copilot', label: 'Co-pilot', content: copilotPanel }]),
        ]}
        onAutoLayout={shortcuts.autoLayout}
        readOnly={inDiff || locked}
      />
      {pendingDelete && (
        <DeleteConfirm
          count={pendingDelete.count}
          removed={pendingDelete.removed}
          noun={kind.noun}
          onCancel={() => setPendingDelete(null)}
          onConfirm={() => {
            apply(pendingDelete.edit);
            store.getState().clearSelection();
            setPendingDelete(null);
          }}
        />
      )}
      {ConnectDialog && (
        <ConnectDialog connection={pendingConnection} onClose={() => setPendingConnection(null)} />
      )}
    </Context>
  );
}

/** Where the owner has Publish or Activate, a reviewer is told what they may do here. */
function ReviewingBadge() {
  return (
    <span
      className="rounded-full bg-sky-50 px-2.5 py-1 text-xs font-medium text-sky-900"
      title="Only the owner edits and publishes; you read versions and diffs"
    >
      Reviewer: read-only
    </span>
  );
}

function Passthrough({ children }: { id: string; readOnly: boolean; children: ReactNode }) {
  return <>{children}</>;
}
