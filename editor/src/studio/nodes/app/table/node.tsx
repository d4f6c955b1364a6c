import { Handle, Position, useUpdateNodeInternals } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';
import { fieldHandleId } from '../../../graph/node-ids.ts';
import { renameTable } from '../../../model/index.ts';
import { useAppCanvas } from '../app-canvas-context.tsx';
import { appNodeAriaLabel } from '../aria.ts';
import { nodeFrame, rowTone } from '../shared/diff-style.ts';
import { CARDINALITY_WORDS, FIELD_MARKS } from '../shared/field-types.ts';
import { InlineRename } from '../shared/InlineRename.tsx';
import {
  DiffBadge,
  FieldTypeIcon,
  ProblemBadge,
  useProblemCount,
  useRowsWithProblems,
} from '../shared/node-parts.tsx';
import { useApplyEdit } from '../shared/use-app-edit.ts';
import { type FieldRow, type TableNodeProps, tableGlyph } from './types.ts';

/** Row handles: small, quiet until hovered, so 30 rows of them do not shout. */
const ROW_HANDLE = 'bp-row-handle h-2! w-2! border-0! bg-neutral-300! transition-colors hover:bg-indigo-500!';
/** Anchors for view, automation and action edges, which join the table as a whole, not a row. */
const ANCHOR = 'bp-anchor opacity-0! pointer-events-none';

/**
 * A table: its name, and a row per field with the type, constraint marks and — for relations —
 * the cardinality. Every row has its own handles (target left, source right) so a relation joins
 * the exact rows, and dragging from one row to another asks to create one.
 */
export const TableNodeView = memo(function TableNodeView({
  id,
  data,
  selected,
  isConnectable,
}: TableNodeProps) {
  const { readOnly } = useAppCanvas();
  const apply = useApplyEdit();
  const troubled = useRowsWithProblems(id);
  const problems = useProblemCount(id);
  // Moving a row moves its handles without resizing the node, which is all React Flow watches:
  // tell it, or relation edges stay on the rows' old places. Not on mount: React Flow measures a
  // new node itself, and measuring 150 tables twice on opening a big app costs a frame or ten.
  const updateNodeInternals = useUpdateNodeInternals();
  const rowOrder = data.fields.map((row) => row.id).join('\u0000');
  const measuredOrder = useRef(rowOrder);
  useEffect(() => {
    if (measuredOrder.current === rowOrder) return;
    measuredOrder.current = rowOrder;
    updateNodeInternals(id);
  }, [rowOrder, id, updateNodeInternals]);
  const ghost = data.diff === 'removed';
  const rename = (label: string) => apply((app) => renameTable(app, { tableId: data.tableId, label }));
  return (
    <article
      aria-label={appNodeAriaLabel({ type: 'table', data }, problems)}
      className={`relative w-[260px] rounded-lg border shadow-sm ${nodeFrame(data.diff, selected)}`}
    >
      <header className="relative flex h-12 items-center gap-2 border-b border-neutral-200 px-3">
        <Handle type="target" position={Position.Left} isConnectable={false} className={ANCHOR} />
        <span aria-hidden="true" title={data.icon} className="text-base leading-none text-indigo-600">
          {tableGlyph(data.icon)}
        </span>
        <InlineRename
          label={data.label}
          what="table"
          onRename={rename}
          disabled={readOnly || ghost}
          className="min-w-0 flex-1 text-sm font-semibold text-neutral-900"
        />
        <DiffBadge diff={data.diff} />
        <ProblemBadge count={problems} />
        <Handle type="source" position={Position.Right} isConnectable={false} className={ANCHOR} />
      </header>
      <ul className="py-1">
        {data.fields.map((row) => (
          <FieldRowView
            key={row.id}
            row={row}
            troubled={troubled.has(row.id)}
            connectable={isConnectable && !readOnly && !ghost && row.diff !== 'removed'}
          />
        ))}
      </ul>
    </article>
  );
});

function FieldRowView({
  row,
  troubled,
  connectable,
}: {
  row: FieldRow;
  troubled: boolean;
  connectable: boolean;
}) {
  return (
    <li className={`relative flex h-7 items-center gap-1.5 px-3 text-xs ${rowTone(row.diff)}`}>
      <Handle
        type="target"
        position={Position.Left}
        id={fieldHandleId(row.id, 'target')}
        isConnectable={connectable}
        className={ROW_HANDLE}
      />
      <FieldTypeIcon type={row.type} />
      <span className="min-w-0 flex-1 truncate" title={row.label}>
        {row.label}
      </span>
      {row.relation && (
        <span className="shrink-0 rounded bg-indigo-50 px-1 text-[10px] text-indigo-700">
          {CARDINALITY_WORDS[row.relation.cardinality] ?? row.relation.cardinality}
        </span>
      )}
      {row.marks.map((mark) => (
        <span
          key={mark}
          role="img"
          aria-label={FIELD_MARKS[mark].title}
          title={FIELD_MARKS[mark].title}
          className="w-3 shrink-0 text-center text-[11px] text-neutral-500"
        >
          {FIELD_MARKS[mark].glyph}
        </span>
      ))}
      {troubled && (
        <span
          role="img"
          aria-label="Has a problem"
          title="Has a problem"
          className="h-2 w-2 shrink-0 rounded-full bg-red-600"
        />
      )}
      {row.diff && row.diff !== 'unchanged' && <span className="sr-only">({row.diff})</span>}
      <Handle
        type="source"
        position={Position.Right}
        id={fieldHandleId(row.id, 'source')}
        isConnectable={connectable}
        className={ROW_HANDLE}
      />
    </li>
  );
}
