import { Handle, Position } from '@xyflow/react';
import { memo } from 'react';
import { renameView } from '../../../model/index.ts';
import { useAppCanvas } from '../app-canvas-context.tsx';
import { appNodeAriaLabel } from '../aria.ts';
import { nodeFrame } from '../shared/diff-style.ts';
import { InlineRename } from '../shared/InlineRename.tsx';
import { VIEW_KIND_INFO } from '../shared/kinds.ts';
import { DiffBadge, ProblemBadge, useProblemCount } from '../shared/node-parts.tsx';
import { useApplyEdit } from '../shared/use-app-edit.ts';
import type { ViewNodeProps } from './types.ts';

/** A view of a table: its kind, its key settings in words, and whether end users reach it from the navigation. */
export const ViewNodeView = memo(function ViewNodeView({ id, data, selected }: ViewNodeProps) {
  const { readOnly } = useAppCanvas();
  const apply = useApplyEdit();
  const problems = useProblemCount(id);
  const kind = VIEW_KIND_INFO[data.viewKind] ?? { name: data.viewKind, glyph: '?' };
  return (
    <article
      aria-label={appNodeAriaLabel({ type: 'view', data }, problems)}
      className={`relative w-[220px] rounded-lg border shadow-sm ${nodeFrame(data.diff, selected)}`}
    >
      <Handle
        type="target"
        position={Position.Left}
        isConnectable={false}
        className="h-2! w-2! bg-neutral-400!"
      />
      <header className="flex h-12 items-center gap-2 border-b border-neutral-200 px-3">
        <span className="inline-flex shrink-0 items-center gap-1 rounded bg-sky-50 px-1.5 py-0.5 text-[11px] font-medium text-sky-800">
          <span aria-hidden="true">{kind.glyph}</span>
          {kind.name}
        </span>
        <InlineRename
          label={data.label}
          what="view"
          onRename={(label) => apply((app) => renameView(app, { viewId: data.viewId, label }))}
          disabled={readOnly || data.diff === 'removed'}
          className="min-w-0 flex-1 text-sm font-semibold text-neutral-900"
        />
        {data.inNavigation && (
          <span
            title="End users reach it from the app's navigation"
            className="shrink-0 rounded bg-indigo-50 px-1 text-[10px] font-medium text-indigo-700"
          >
            menu<span className="sr-only"> (in the navigation)</span>
          </span>
        )}
        <DiffBadge diff={data.diff} />
        <ProblemBadge count={problems} />
      </header>
      <dl className="py-1 text-[11px]">
        {data.settings.map((setting) => (
          <div key={setting.label} className="flex h-[22px] items-center gap-1.5 px-3">
            <dt className="shrink-0 text-neutral-500">{setting.label}</dt>
            <dd className="min-w-0 truncate text-neutral-800" title={setting.value}>
              {setting.value}
            </dd>
          </div>
        ))}
      </dl>
    </article>
  );
});
