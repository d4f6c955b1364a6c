import type { PointerEvent } from 'react';
import type { ViewerApp } from '../../../../../schemas/api/viewer.ts';
import type { Table } from '../../../../../schemas/app/app-definition.ts';
import type { Field } from '../../../../../schemas/app/fields.ts';
import type { Row } from '../../api/client.ts';
import { FieldValue, type ValueContext } from '../../fields/FieldValue.tsx';
import { relatedOf } from '../../fields/relation-query.ts';
import { AppLink } from '../../layout/AppLink.tsx';
import type { CardDrag } from './use-card-drag.ts';

export interface CardColumn {
  key: string;
  label: string;
}

interface Props {
  row: Row;
  title: string;
  table: Table;
  fields: Field[];
  app: ViewerApp;
  context: ValueContext;
  /** Where the card's row opens, if the app has a page for one row. */
  href: string | null;
  onOpen: () => void;
  /** Null when the caller may not move cards. */
  move: null | {
    columns: CardColumn[];
    current: string;
    onMove: (columnKey: string) => void;
    onPointerDown: (event: PointerEvent<HTMLElement>) => void;
  };
  drag: CardDrag | null;
  saving: boolean;
}

/**
 * A card: its title (opening the row), its fields, and — for whoever may move it — a handle to
 * drag it by and a "Move to" menu with the same effect for keyboards and screen readers.
 */
export function KanbanCard({
  row,
  title,
  table,
  fields,
  app,
  context,
  href,
  onOpen,
  move,
  drag,
  saving,
}: Props) {
  const dragging = drag !== null;
  const index = move ? move.columns.findIndex((column) => column.key === move.current) : -1;
  const previous = move && index > 0 ? move.columns[index - 1] : undefined;
  const next = move && index >= 0 ? move.columns[index + 1] : undefined;
  return (
    <li
      data-card-id={row.id}
      onPointerDown={move?.onPointerDown}
      style={dragging ? { transform: `translate(${drag.dx}px, ${drag.dy}px) rotate(1.5deg)` } : undefined}
      className={`relative rounded-lg border bg-white p-3 text-sm shadow-sm select-none ${
        dragging ? 'pointer-events-none z-30 border-indigo-400 shadow-lg' : 'border-neutral-200'
      } ${move ? 'cursor-grab active:cursor-grabbing' : ''} ${saving ? 'opacity-70' : ''}`}
    >
      <div className="flex items-start gap-2">
        {move && (
          <span
            data-drag-handle
            aria-hidden="true"
            className="-my-1 -ml-1 grid h-8 w-6 shrink-0 touch-none place-items-center rounded text-neutral-400 hover:bg-neutral-100"
            title="Drag to another column"
          >
            ⋮⋮
          </span>
        )}
        <h3 className="min-w-0 flex-1 font-medium text-neutral-900">
          {href ? (
            <AppLink
              href={href}
              onNavigate={onOpen}
              draggable={false}
              className="break-words underline-offset-2 hover:underline focus-visible:underline"
            >
              {title}
            </AppLink>
          ) : (
            <span className="break-words">{title}</span>
          )}
        </h3>
      </div>
      {fields.length > 0 && (
        <dl className="mt-2 space-y-1">
          {fields.map((field) => (
            <div key={field.id} className="flex min-w-0 gap-2 text-xs">
              <dt className="shrink-0 text-neutral-500">{field.label}</dt>
              <dd className="min-w-0 truncate text-neutral-800">
                <FieldValue
                  field={field}
                  table={table}
                  value={row[field.id]}
                  context={context}
                  related={relatedOf(app, field, row)}
                  compact
                />
              </dd>
            </div>
          ))}
        </dl>
      )}
      {move && (
        <div className="mt-3 flex items-center gap-1 border-t border-neutral-100 pt-2">
          <button
            type="button"
            disabled={!previous}
            aria-disabled={saving || undefined}
            onClick={() => previous && move.onMove(previous.key)}
            className="grid size-8 place-items-center rounded-md text-neutral-600 hover:bg-neutral-100 disabled:opacity-30"
            aria-label={
              previous ? `Move “${title}” to ${previous.label}` : `“${title}” is in the first column`
            }
          >
            <span aria-hidden="true">←</span>
          </button>
          <select
            value={move.current}
            // Not disabled while saving: that would drop the keyboard focus the move kept on it.
            aria-disabled={saving || undefined}
            onChange={(event) => move.onMove(event.target.value)}
            aria-label={`Move “${title}” to…`}
            className="min-h-8 min-w-0 flex-1 rounded-md border border-neutral-200 bg-white px-2 text-xs text-neutral-700"
          >
            {move.columns.map((column) => (
              <option key={column.key} value={column.key}>
                {column.key === move.current ? `In ${column.label}` : `Move to ${column.label}`}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!next}
            aria-disabled={saving || undefined}
            onClick={() => next && move.onMove(next.key)}
            className="grid size-8 place-items-center rounded-md text-neutral-600 hover:bg-neutral-100 disabled:opacity-30"
            aria-label={next ? `Move “${title}” to ${next.label}` : `“${title}” is in the last column`}
          >
            <span aria-hidden="true">→</span>
          </button>
        </div>
      )}
    </li>
  );
}
