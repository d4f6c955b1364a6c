import { type DragEvent, useMemo, useState } from 'react';
import type { Row } from '../../api/client.ts';
import { displayText } from '../../fields/display-text.ts';
import { isDerived } from '../../fields/field-input-value.ts';
import { Bone, LoadFailure, Loading, Notice } from '../../fields/page-parts.tsx';
import { useLoad } from '../../fields/use-load.ts';
import { generalMessage } from '../../fields/write-errors.ts';
import { detailViewFor } from '../../layout/navigation.ts';
import { viewPath } from '../../routing.ts';
import { filterEntries } from '../list/postgrest-query.ts';
import type { ViewProps } from '../view-props.ts';
import type { CalendarItem, EventActions } from './CalendarEvent.tsx';
import { CalendarAgenda, CalendarGrid } from './CalendarGrid.tsx';
import { CalendarToolbar } from './CalendarToolbar.tsx';
import {
  addRangeFilter,
  type CalendarRange,
  dayOf,
  daysBetween,
  eventsByDay,
  localDay,
  shiftValue,
  temporalKind,
  visibleDays,
} from './calendar-range.ts';

/** Most events one range shows. */
const MAX_EVENTS = 500;

const timeOf = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/**
 * A month or week of events, read for the range on screen only. An event is dragged to another
 * day (or moved a day with its buttons) to reschedule it: the start moves, and the end by as many
 * days. The move shows at once; a refusal puts it back and says why.
 */
export function CalendarViewPage({ app, view, client, navigate }: ViewProps<'calendar'>) {
  const [range, setRange] = useState<CalendarRange>(view.defaultRange);
  const [today] = useState(() => localDay(new Date()));
  const [anchor, setAnchor] = useState(today);
  const [message, setMessage] = useState<{ text: string; refused: boolean } | null>(null);
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());

  const table = app.definition.tables.find((candidate) => candidate.id === view.tableId);
  const field = (id: string | undefined) =>
    id ? table?.fields.find((candidate) => candidate.id === id) : undefined;
  const startField = field(view.startFieldId);
  const endField = field(view.endFieldId);
  const titleField = field(view.titleFieldId);
  const colorField = field(view.colorFieldId);
  const startKind = temporalKind(startField);
  const endKind = temporalKind(endField);
  const days = useMemo(() => visibleDays(range, anchor), [range, anchor]);

  const events = useLoad(`${view.id}|${days[0]}|${days.length}`, async () => {
    if (!table || !startField || !startKind) return [];
    const params = new URLSearchParams({
      select: '*',
      order: `${startField.id}.asc`,
      limit: String(MAX_EVENTS),
    });
    for (const [key, value] of filterEntries(app.definition, table, [view.filter])) params.append(key, value);
    addRangeFilter(
      params,
      days,
      { id: startField.id, kind: startKind },
      endField && endKind ? { id: endField.id, kind: endKind } : undefined,
    );
    return (await client.rows(table.id, params)).rows;
  });

  const rights = table ? app.rights[table.id] : undefined;
  const owner = app.caller.kind === 'owner';
  const writable = (candidate: typeof startField) =>
    candidate !== undefined && !isDerived(candidate) && (!candidate.readOnly || owner);
  const canMove = rights?.update === true && writable(startField) && (!endField || writable(endField));
  const detail = table ? detailViewFor(app.definition, table.id) : null;

  const items: CalendarItem[] = (events.data ?? []).flatMap((row) => {
    if (!table || !startKind || !startField) return [];
    const startDay = dayOf(startKind, row[startField.id]);
    if (!startDay) return [];
    const endDay = (endKind && endField && dayOf(endKind, row[endField.id])) || startDay;
    const option =
      colorField?.type === 'single_select'
        ? colorField.options.find((o) => o.id === row[colorField.id])
        : undefined;
    const start = row[startField.id];
    return [
      {
        row,
        title:
          (titleField && displayText(app.definition, table, titleField, row[titleField.id])) || 'Untitled',
        color: option?.color ?? null,
        startDay,
        endDay,
        time: startKind === 'instant' && typeof start === 'string' ? timeOf(start) : null,
      },
    ];
  });
  const byDay = eventsByDay(
    items.map((item) => ({ event: item, startDay: item.startDay, endDay: item.endDay })),
    days,
  );

  const shift = async (item: CalendarItem, offset: number) => {
    if (!table || !startField || !startKind || offset === 0 || saving.has(item.row.id)) return;
    const before: Record<string, unknown> = { [startField.id]: item.row[startField.id] };
    const changes: Record<string, unknown> = {
      [startField.id]: shiftValue(startKind, String(item.row[startField.id]), offset),
    };
    const end = endField ? item.row[endField.id] : null;
    if (endField && endKind && typeof end === 'string' && end !== '') {
      before[endField.id] = end;
      changes[endField.id] = shiftValue(endKind, end, offset);
    }
    const patch = (values: Record<string, unknown>) =>
      events.setData((rows) =>
        rows.map((row) => (row.id === item.row.id ? ({ ...row, ...values } as Row) : row)),
      );
    const newDay = dayOf(startKind, changes[startField.id]) ?? '';
    const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeZone: 'UTC' }).format(
      new Date(`${newDay}T00:00:00Z`),
    );
    patch(changes);
    setSaving((previous) => new Set(previous).add(item.row.id));
    setMessage({ text: `Moving “${item.title}” to ${when}…`, refused: false });
    try {
      patch(await client.update(table.id, item.row.id, changes));
      setMessage({ text: `Moved “${item.title}” to ${when}.`, refused: false });
    } catch (error) {
      patch(before);
      setMessage({ text: `“${item.title}” stays where it was: ${generalMessage(error)}`, refused: true });
    } finally {
      setSaving((previous) => {
        const next = new Set(previous);
        next.delete(item.row.id);
        return next;
      });
    }
  };

  const actions: EventActions = {
    onShift: canMove ? (item, offset) => void shift(item, offset) : null,
    onDragStart: canMove
      ? (item, day, event) => {
          event.dataTransfer.effectAllowed = 'move';
          event.dataTransfer.setData('text/plain', JSON.stringify({ id: item.row.id, day }));
        }
      : null,
    hrefFor: detail ? (item) => `${client.base}${viewPath(detail.id, item.row.id)}` : null,
    onOpen: (item) => detail && navigate(viewPath(detail.id, item.row.id)),
    saving,
  };
  const onDropOnDay = canMove
    ? (day: string, event: DragEvent) => {
        let dragged: { id?: unknown; day?: unknown } = {};
        try {
          dragged = JSON.parse(event.dataTransfer.getData('text/plain')) as typeof dragged;
        } catch {
          return;
        }
        const item = items.find((candidate) => candidate.row.id === dragged.id);
        // Dropping the day an event was picked up by on another day moves it by the difference.
        if (item && typeof dragged.day === 'string') void shift(item, daysBetween(dragged.day, day));
      }
    : null;

  if (!table || !startField || !startKind)
    return (
      <Notice tone="error" title="This calendar cannot be shown.">
        <p>The date field it is built on is not available to you. Ask the app’s owner to check it.</p>
      </Notice>
    );

  return (
    <div className="space-y-3">
      <CalendarToolbar
        range={range}
        anchor={anchor}
        today={today}
        loading={events.status === 'loading' && events.data !== undefined}
        onRange={setRange}
        onAnchor={setAnchor}
      />
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
      {!canMove && rights?.update === true && (
        <p className="text-xs text-neutral-500">
          The dates here are set by the app, so events cannot be moved.
        </p>
      )}
      {events.status === 'error' && (
        <LoadFailure what="the events" error={events.error} onRetry={events.reload} />
      )}
      {events.data === undefined && events.status === 'loading' ? (
        <Loading label="Loading the events…">
          <Bone className="h-96 w-full" />
        </Loading>
      ) : (
        <>
          {items.length >= MAX_EVENTS && (
            <p className="text-xs text-neutral-500">Showing the first {MAX_EVENTS} events.</p>
          )}
          <CalendarGrid
            range={range}
            anchor={anchor}
            today={today}
            days={days}
            byDay={byDay}
            actions={actions}
            onDropOnDay={onDropOnDay}
          />
          <CalendarAgenda range={range} today={today} days={days} byDay={byDay} actions={actions} />
          {items.length === 0 && events.status === 'ready' && (
            <p className="hidden text-center text-sm text-neutral-600 sm:block">
              Nothing in this {range}. Use the arrows to look at another {range}.
            </p>
          )}
        </>
      )}
    </div>
  );
}
