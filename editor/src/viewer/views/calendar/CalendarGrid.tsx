import { type DragEvent, useState } from 'react';
import { CalendarEventChip, type CalendarItem, type EventActions } from './CalendarEvent.tsx';
import { type CalendarRange, formatDayAs, inMonth, type Placed, weekdayOf } from './calendar-range.ts';

interface Props {
  range: CalendarRange;
  anchor: string;
  today: string;
  days: string[];
  byDay: Map<string, Placed<CalendarItem>[]>;
  actions: EventActions;
  /** Set when events may be dropped on a day (the caller may reschedule). */
  onDropOnDay: ((day: string, event: DragEvent) => void) | null;
}

/** In a month cell, events past this many fold into "+N more". */
const MONTH_CELL_EVENTS = 3;

const weekdayNames = (days: string[]) =>
  days.slice(0, 7).map((day) => formatDayAs(day, { weekday: 'short' }));

/** Wide screens: the weeks as a grid of days, each a drop target. */
export function CalendarGrid({ range, anchor, today, days, byDay, actions, onDropOnDay }: Props) {
  const [over, setOver] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  return (
    <div className="relative hidden overflow-hidden rounded-xl border border-neutral-200 bg-white sm:block">
      <div
        className="grid grid-cols-7 border-b border-neutral-200 bg-neutral-50 text-xs font-medium text-neutral-600"
        aria-hidden="true"
      >
        {weekdayNames(days).map((name) => (
          <div key={name} className="px-2 py-1.5">
            {name}
          </div>
        ))}
      </div>
      <ol className="grid grid-cols-7">
        {days.map((day) => {
          const events = byDay.get(day) ?? [];
          const isToday = day === today;
          const limit = range === 'month' && !expanded.has(day) ? MONTH_CELL_EVENTS : events.length;
          const dim = range === 'month' && !inMonth(day, anchor);
          return (
            <li
              key={day}
              onDragOver={
                onDropOnDay
                  ? (event) => {
                      event.preventDefault();
                      event.dataTransfer.dropEffect = 'move';
                      if (over !== day) setOver(day);
                    }
                  : undefined
              }
              onDragLeave={() => setOver((current) => (current === day ? null : current))}
              onDrop={
                onDropOnDay
                  ? (event) => {
                      event.preventDefault();
                      setOver(null);
                      onDropOnDay(day, event);
                    }
                  : undefined
              }
              className={`min-w-0 border-neutral-100 p-1.5 ${weekdayOf(day) < 6 ? 'border-r' : ''} border-b ${
                range === 'month' ? 'min-h-28' : 'min-h-64'
              } ${dim ? 'bg-neutral-50/70' : ''} ${over === day ? 'bg-indigo-50 ring-2 ring-indigo-300 ring-inset' : ''}`}
            >
              <h3 className={`mb-1 text-xs ${dim ? 'text-neutral-400' : 'text-neutral-700'}`}>
                <span
                  className={`inline-grid min-w-6 place-items-center rounded-full px-1 py-0.5 ${isToday ? 'bg-(--app-accent,#4f46e5) font-semibold text-(--app-on-accent,#fff)' : ''}`}
                >
                  <span aria-hidden="true">{Number(day.slice(8))}</span>
                  <span className="sr-only">
                    {formatDayAs(day, { dateStyle: 'full' })}
                    {isToday ? ' (today)' : ''}
                  </span>
                </span>
              </h3>
              {events.length > 0 && (
                <ul className="space-y-1">
                  {events.slice(0, limit).map((placed) => (
                    <CalendarEventChip
                      key={placed.event.row.id}
                      item={placed.event}
                      day={day}
                      actions={actions}
                      alwaysShowMoves={false}
                    />
                  ))}
                </ul>
              )}
              {events.length > limit && (
                <button
                  type="button"
                  onClick={() => setExpanded((previous) => new Set(previous).add(day))}
                  className="mt-1 rounded px-1 text-xs font-medium text-neutral-600 hover:bg-neutral-100"
                >
                  +{events.length - limit} more
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** Narrow screens: the days that have events (every day of a week), as a list. */
export function CalendarAgenda({
  range,
  today,
  days,
  byDay,
  actions,
}: Omit<Props, 'onDropOnDay' | 'anchor'>) {
  const shown = days.filter((day) => range === 'week' || (byDay.get(day)?.length ?? 0) > 0);
  return (
    <ol className="space-y-3 sm:hidden">
      {shown.length === 0 && (
        <li className="rounded-lg border border-dashed border-neutral-300 bg-white px-4 py-6 text-center text-sm text-neutral-600">
          Nothing on these days.
        </li>
      )}
      {shown.map((day) => {
        const events = byDay.get(day) ?? [];
        return (
          <li key={day} className="rounded-xl border border-neutral-200 bg-white p-3">
            <h3 className="mb-2 text-sm font-semibold text-neutral-800">
              {formatDayAs(day, { dateStyle: 'full' })}
              {day === today && (
                <span className="ml-2 rounded-full bg-neutral-900 px-2 py-0.5 text-xs text-white">Today</span>
              )}
            </h3>
            {events.length === 0 ? (
              <p className="text-xs text-neutral-500">Nothing planned.</p>
            ) : (
              <ul className="space-y-1.5">
                {events.map((placed) => (
                  <CalendarEventChip
                    key={placed.event.row.id}
                    item={placed.event}
                    day={day}
                    actions={actions}
                    alwaysShowMoves
                  />
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
