import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Field } from '../../../../../schemas/app/fields.ts';
import type { Row } from '../../api/client.ts';
import { displayText } from '../../fields/display-text.ts';
import { OPTION_COLORS } from '../../fields/option-colors.ts';
import { Bone, LoadFailure, Loading, Notice } from '../../fields/page-parts.tsx';
import { relationLabels, selectWithRelations } from '../../fields/relation-query.ts';
import { useLoad } from '../../fields/use-load.ts';
import { generalMessage, transitionRefusalOf } from '../../fields/write-errors.ts';
import { EmptyState } from '../../layout/EmptyState.tsx';
import { createFormFor, detailViewFor } from '../../layout/navigation.ts';
import { viewPath } from '../../routing.ts';
import { filterEntries } from '../list/postgrest-query.ts';
import { useValueContext } from '../list/value-context.ts';
import type { ViewProps } from '../view-props.ts';
import { KanbanCard } from './KanbanCard.tsx';
import { kanbanColumns, moveMessage, valueOfColumn, withGroupValue } from './kanban-board.ts';
import { useCardDrag } from './use-card-drag.ts';

/** Most cards one board shows; a board is for a working set, a list for everything. */
const MAX_CARDS = 500;

function BoardSkeleton() {
  return (
    <Loading label="Loading the board…">
      <div className="flex gap-3 overflow-hidden">
        {[0, 1, 2].map((i) => (
          <div key={i} className="w-72 shrink-0 space-y-2 rounded-xl bg-neutral-100 p-3">
            <Bone className="h-5 w-24" />
            <Bone className="h-20" />
            <Bone className="h-20" />
          </div>
        ))}
      </div>
    </Loading>
  );
}

/**
 * A kanban board: a column per option of the grouping field, cards that move between them by
 * drag or by the card's own "Move to" controls. A move shows at once and is written with a
 * PATCH; when the server refuses (a state change the rules do not allow), the card goes back and
 * the reason, with the moves that are allowed, is announced.
 */
export function KanbanViewPage({ app, view, client, navigate }: ViewProps<'kanban'>) {
  const table = app.definition.tables.find((candidate) => candidate.id === view.tableId);
  const group = table?.fields.find((field) => field.id === view.groupByFieldId);
  const titleField = table?.fields.find((field) => field.id === view.cardTitleFieldId);
  const cardFields = useMemo(
    () =>
      view.cardFields
        .map((id) => table?.fields.find((field) => field.id === id))
        .filter((field): field is Field => field !== undefined),
    [table, view.cardFields],
  );
  const shownIds = [view.cardTitleFieldId, ...cardFields.map((field) => field.id)];
  const rows = useLoad(view.id, async () => {
    if (!table) return [];
    const params = new URLSearchParams({
      select: selectWithRelations(app, table, shownIds),
      order: 'created_at.asc',
      limit: String(MAX_CARDS),
    });
    // The view's filter, written as the list view writes it (the same meaning as the server's view SQL).
    for (const [key, value] of filterEntries(app.definition, table, [view.filter])) params.append(key, value);
    return (await client.rows(table.id, params)).rows;
  });
  const [message, setMessage] = useState<{ text: string; refused: boolean } | null>(null);
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  const focusAfter = useRef<string | null>(null);
  const board = useRef<HTMLDivElement>(null);
  const headingBase = useId();
  const context = useValueContext(app, client, navigate);

  const rights = table ? app.rights[table.id] : undefined;
  const canMove =
    rights?.update === true && group !== undefined && (!group.readOnly || app.caller.kind === 'owner');
  const list = rows.data ?? [];
  const columns = group?.type === 'single_select' ? kanbanColumns(group, list) : [];
  const labels = table ? relationLabels(app, table, shownIds, list) : new Map<string, string>();
  const detail = table ? detailViewFor(app.definition, table.id) : null;
  const titleOf = (row: Row) =>
    (table &&
      titleField &&
      displayText(app.definition, table, titleField, row[titleField.id], (id) => labels.get(id))) ||
    'Untitled';

  const move = async (rowId: string, key: string, fromKeyboard: boolean) => {
    const row = list.find((candidate) => candidate.id === rowId);
    const column = columns.find((candidate) => candidate.key === key);
    if (!table || !group || !row || !column || saving.has(rowId)) return;
    const before = row[group.id] ?? null;
    const value = valueOfColumn(key);
    if (before === value) return;
    const title = titleOf(row);
    if (fromKeyboard) focusAfter.current = rowId;
    rows.setData((all) => withGroupValue(all, rowId, group.id, value));
    setSaving((previous) => new Set(previous).add(rowId));
    setMessage({ text: `Moving “${title}” to ${column.label}…`, refused: false });
    try {
      const saved = await client.update(table.id, rowId, { [group.id]: value });
      rows.setData((all) => all.map((r) => (r.id === rowId ? { ...r, ...saved } : r)));
      setMessage({ text: moveMessage(title, column.label, { ok: true }), refused: false });
    } catch (error) {
      // The card goes back to its column: the focus goes with it.
      if (fromKeyboard) focusAfter.current = rowId;
      rows.setData((all) => withGroupValue(all, rowId, group.id, before));
      const refusal = transitionRefusalOf(error);
      const reason = refusal?.message ?? generalMessage(error);
      setMessage({
        text: moveMessage(title, column.label, { ok: false, reason, allowed: refusal?.allowed ?? null }),
        refused: true,
      });
    } finally {
      setSaving((previous) => {
        const next = new Set(previous);
        next.delete(rowId);
        return next;
      });
    }
  };

  const { drag, onPointerDown } = useCardDrag(board, (rowId, key) => void move(rowId, key, false));

  // A card moved from the keyboard lands in another column: keep the focus on it.
  useEffect(() => {
    const rowId = focusAfter.current;
    if (!rowId) return;
    focusAfter.current = null;
    document.querySelector<HTMLElement>(`[data-card-id="${CSS.escape(rowId)}"] select`)?.focus();
  });

  if (!table || group?.type !== 'single_select')
    return (
      <Notice tone="error" title="This board cannot be shown.">
        <p>The field it groups by is not available to you. Ask the app’s owner to check the board.</p>
      </Notice>
    );
  if (rows.status === 'error' && !rows.data)
    return <LoadFailure what="the board" error={rows.error} onRetry={rows.reload} />;
  if (!rows.data) return <BoardSkeleton />;

  const createForm = createFormFor(app.definition, table.id);
  return (
    <div className="space-y-3">
      {!canMove && (
        <p className="text-xs text-neutral-500">You can look at this board; your role may not move cards.</p>
      )}
      <div
        aria-live="polite"
        aria-atomic="true"
        className={
          message
            ? `rounded-lg border px-3 py-2 text-sm ${message.refused ? 'border-red-200 bg-red-50 text-red-900' : 'border-neutral-200 bg-white text-neutral-700'}`
            : 'sr-only'
        }
      >
        {message?.text}
      </div>
      {list.length === 0 && (
        <EmptyState icon="kanban" title="No cards yet">
          {createForm ? (
            <>
              Add one with{' '}
              <button
                type="button"
                className="font-medium underline"
                onClick={() => navigate(viewPath(createForm.id))}
              >
                {createForm.label}
              </button>
              .
            </>
          ) : (
            'Rows of this table will show up here as cards.'
          )}
        </EmptyState>
      )}
      {list.length >= MAX_CARDS && (
        <p className="text-xs text-neutral-500">Showing the first {MAX_CARDS} cards.</p>
      )}
      <div
        ref={board}
        className="relative -mx-3 flex scroll-px-3 snap-x snap-mandatory gap-3 overflow-x-auto px-3 pb-3 sm:mx-0 sm:snap-none sm:px-0"
      >
        {columns.map((column) => {
          const headingId = `${headingBase}-${column.key}`;
          const over = drag?.over === column.key;
          return (
            <section
              key={column.key}
              data-kanban-column={column.key}
              aria-labelledby={headingId}
              className={`flex w-[85vw] max-w-80 shrink-0 snap-start flex-col rounded-xl border-t-4 bg-neutral-100 p-2 sm:w-72 ${
                column.color ? OPTION_COLORS[column.color].border : 'border-neutral-300'
              } ${over ? 'ring-2 ring-indigo-400' : ''}`}
            >
              <h2
                id={headingId}
                className="flex items-center justify-between px-1 py-1.5 text-sm font-semibold text-neutral-800"
              >
                {column.label}
                <span className="rounded-full bg-white px-2 text-xs font-medium text-neutral-600">
                  {column.rows.length}
                  <span className="sr-only"> cards</span>
                </span>
              </h2>
              <ul className="flex min-h-16 flex-1 flex-col gap-2">
                {column.rows.map((row) => (
                  <KanbanCard
                    key={row.id}
                    row={row as Row}
                    title={titleOf(row as Row)}
                    table={table}
                    fields={cardFields}
                    app={app}
                    context={context}
                    href={detail ? `${client.base}${viewPath(detail.id, row.id)}` : null}
                    onOpen={() => detail && navigate(viewPath(detail.id, row.id))}
                    move={
                      canMove
                        ? {
                            columns,
                            current: column.key,
                            onMove: (key) => void move(row.id, key, true),
                            onPointerDown: (event) => onPointerDown(event, row.id),
                          }
                        : null
                    }
                    drag={drag?.rowId === row.id ? drag : null}
                    saving={saving.has(row.id)}
                  />
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </div>
  );
}
