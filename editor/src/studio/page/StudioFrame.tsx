import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useStudioStore, useStudioStoreApi } from '../canvas/store-context.tsx';
import { selectCanRedo, selectCanUndo } from '../store/history-slice.ts';
import { SaveStatusBadge } from './SaveStatusBadge.tsx';
import type { SaveStatus } from './use-autosave.ts';

/** The page's own tabs, or the id of one a definition kind adds (`extraTabs`). */
export type SideTab = 'inspect' | 'problems' | 'history' | (string & {});

interface StudioFrameProps {
  title: string;
  status: SaveStatus;
  /** Buttons at the right of the header (publish or activate, open the app). */
  actions: ReactNode;
  palette: ReactNode;
  canvas: ReactNode;
  /** A banner over the canvas (a conflict, a diff being shown). */
  banner?: ReactNode;
  tab: SideTab;
  onTab: (tab: SideTab) => void;
  inspector: ReactNode;
  problems: ReactNode;
  history: ReactNode;
  /** Tabs a definition kind adds after History (a workflow's runs). */
  extraTabs?: readonly { id: string; label: string; content: ReactNode }[];
  onAutoLayout: () => void;
  readOnly: boolean;
}

const tabClass = (active: boolean) =>
  `flex-1 px-2 py-2 text-sm font-medium ${active ? 'border-b-2 border-indigo-600 text-indigo-700' : 'text-neutral-600 hover:text-neutral-900'}`;

/**
 * The studio's full-screen frame around one definition: a header (back, name, save state,
 * undo/redo, layout, the page's actions), the palette, the canvas, and a side panel with the
 * inspector, the problems list and the history.
 */
export function StudioFrame(props: StudioFrameProps) {
  const store = useStudioStoreApi();
  const canUndo = useStudioStore(selectCanUndo);
  const canRedo = useStudioStore(selectCanRedo);
  const problemCount = useStudioStore((s) => s.problems.all.length);
  const iconButton =
    'rounded-md border border-neutral-300 bg-white px-2.5 py-1.5 text-sm text-neutral-800 hover:bg-neutral-50 disabled:opacity-40';
  return (
    <div className="flex h-dvh flex-col bg-neutral-50">
      <header className="flex flex-wrap items-center gap-3 border-b border-neutral-200 bg-white px-4 py-2">
        <Link to="/app" className="text-sm text-neutral-600 hover:text-neutral-900">
          ← Dashboard
        </Link>
        <h1 className="truncate text-base font-semibold text-neutral-900">{props.title}</h1>
        <SaveStatusBadge status={props.status} />
        <fieldset className="flex items-center gap-1">
          <legend className="sr-only">Edit history and layout</legend>
          <button
            type="button"
            className={iconButton}
            disabled={!canUndo || props.readOnly}
            onClick={() => store.getState().undo()}
            title="Undo (Ctrl+Z)"
          >
            Undo
          </button>
          <button
            type="button"
            className={iconButton}
            disabled={!canRedo || props.readOnly}
            onClick={() => store.getState().redo()}
            title="Redo (Ctrl+Shift+Z)"
          >
            Redo
          </button>
          <button
            type="button"
            className={iconButton}
            onClick={props.onAutoLayout}
            title="Auto-layout (Shift+L)"
          >
            Auto-layout
          </button>
        </fieldset>
        <div className="ml-auto flex items-center gap-2">{props.actions}</div>
      </header>
      {props.banner}
      <div className="flex min-h-0 flex-1">
        {!props.readOnly && (
          <aside
            aria-label="Palette"
            className="w-48 shrink-0 overflow-y-auto border-r border-neutral-200 bg-white"
          >
            {props.palette}
          </aside>
        )}
        <main className="relative min-w-0 flex-1">{props.canvas}</main>
        <aside
          aria-label="Side panel"
          className="flex w-96 shrink-0 flex-col border-l border-neutral-200 bg-white"
        >
          <div role="tablist" className="flex border-b border-neutral-200">
            <button
              type="button"
              role="tab"
              aria-selected={props.tab === 'inspect'}
              className={tabClass(props.tab === 'inspect')}
              onClick={() => props.onTab('inspect')}
            >
              Inspect
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={props.tab === 'problems'}
              className={tabClass(props.tab === 'problems')}
              onClick={() => props.onTab('problems')}
            >
              Problems{problemCount > 0 ? ` (${problemCount})` : ''}
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={props.tab === 'history'}
              className={tabClass(props.tab === 'history')}
              onClick={() => props.onTab('history')}
            >
              History
            </button>
            {props.extraTabs?.map((extra) => (
              <button
                key={extra.id}
                type="button"
                role="tab"
                aria-selected={props.tab === extra.id}
                className={tabClass(props.tab === extra.id)}
                onClick={() => props.onTab(extra.id)}
              >
                {extra.label}
              </button>
            ))}
          </div>
          <div role="tabpanel" className="min-h-0 flex-1 overflow-y-auto">
            {props.tab === 'inspect'
              ? props.inspector
              : props.tab === 'problems'
                ? props.problems
                : props.tab === 'history'
                  ? props.history
                  : props.extraTabs?.find((extra) => extra.id === props.tab)?.content}
          </div>
        </aside>
      </div>
    </div>
  );
}
