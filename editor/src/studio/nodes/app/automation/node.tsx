import { Handle, Position } from '@xyflow/react';
import { memo } from 'react';
import { renameAutomation } from '../../../model/index.ts';
import { useAppCanvas } from '../app-canvas-context.tsx';
import { appNodeAriaLabel, triggerWords } from '../aria.ts';
import { nodeFrame } from '../shared/diff-style.ts';
import { InlineRename } from '../shared/InlineRename.tsx';
import { ACTION_KIND_INFO } from '../shared/kinds.ts';
import { DiffBadge, ProblemBadge, useProblemCount } from '../shared/node-parts.tsx';
import { useApplyEdit } from '../shared/use-app-edit.ts';
import type { AutomationNodeProps } from './types.ts';

/**
 * An automation: what sets it off (create or update, the fields it watches), whether a
 * condition guards it, and one row per action, each with the handle its edge leaves from.
 */
export const AutomationNodeView = memo(function AutomationNodeView({
  id,
  data,
  selected,
}: AutomationNodeProps) {
  const { readOnly } = useAppCanvas();
  const apply = useApplyEdit();
  const problems = useProblemCount(id);
  return (
    <article
      aria-label={appNodeAriaLabel({ type: 'automation', data }, problems)}
      className={`relative w-[240px] rounded-lg border shadow-sm ${nodeFrame(data.diff, selected)} ${data.enabled ? '' : 'opacity-75'}`}
    >
      <Handle
        type="target"
        position={Position.Left}
        isConnectable={false}
        className="h-2! w-2! bg-neutral-400!"
      />
      <header className="flex h-12 flex-col justify-center border-b border-neutral-200 px-3">
        <p className="flex items-center gap-1.5 text-[10px] font-medium tracking-wide text-violet-700 uppercase">
          <span aria-hidden="true">⚡</span>
          <span className="truncate">{triggerWords(data)}</span>
          {data.conditional && (
            <span
              title="Runs only when its condition holds"
              className="rounded bg-violet-50 px-1 normal-case"
            >
              if…
            </span>
          )}
          {!data.enabled && (
            <span className="rounded bg-neutral-200 px-1 text-neutral-700 normal-case">off</span>
          )}
        </p>
        <div className="flex min-w-0 items-center gap-2">
          <InlineRename
            label={data.label}
            what="automation"
            onRename={(label) =>
              apply((app) => renameAutomation(app, { automationId: data.automationId, label }))
            }
            disabled={readOnly || data.diff === 'removed'}
            className="min-w-0 flex-1 text-sm font-semibold text-neutral-900"
          />
          <DiffBadge diff={data.diff} />
          <ProblemBadge count={problems} />
        </div>
      </header>
      <ul className="py-1">
        {data.actions.map((action) => (
          <li
            key={action.handleId}
            className="relative flex h-6 items-center gap-1.5 px-3 text-[11px] text-neutral-700"
          >
            <span aria-hidden="true" className="w-4 shrink-0 text-center text-violet-600">
              {ACTION_KIND_INFO[action.kind]?.glyph ?? '•'}
            </span>
            <span className="min-w-0 flex-1 truncate" title={action.summary}>
              {action.summary}
            </span>
            <Handle
              type="source"
              position={Position.Right}
              id={action.handleId}
              isConnectable={false}
              className="h-2! w-2! border-0! bg-violet-400!"
            />
          </li>
        ))}
      </ul>
    </article>
  );
});
