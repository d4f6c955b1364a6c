import type { DragEvent } from 'react';
import type { Color } from '../../../../../schemas/common.ts';
import type { Row } from '../../api/client.ts';
import { OPTION_COLORS } from '../../fields/option-colors.ts';
import { AppLink } from '../../layout/AppLink.tsx';

export interface CalendarItem {
  row: Row;
  title: string;
  color: Color | null;
  startDay: string;
  endDay: string;
  /** "09:30" for a moment; null for an all-day date. */
  time: string | null;
}

export interface EventActions {
  /** Null when the caller may not reschedule. */
  onShift: ((item: CalendarItem, days: number) => void) | null;
  onDragStart: ((item: CalendarItem, day: string, event: DragEvent) => void) | null;
  hrefFor: ((item: CalendarItem) => string) | null;
  onOpen: (item: CalendarItem) => void;
  saving: ReadonlySet<string>;
}

const CHIP_FALLBACK = 'bg-indigo-50 text-indigo-900';

/**
 * An event on a day: its title (opening its row), coloured by its option; dragged to another day
 * with the mouse, or moved a day earlier or later with the buttons that appear when it has focus
 * (always shown in the list layout, where there is room).
 */
export function CalendarEventChip({
  item,
  day,
  actions,
  alwaysShowMoves,
}: {
  item: CalendarItem;
  day: string;
  actions: EventActions;
  alwaysShowMoves: boolean;
}) {
  const saving = actions.saving.has(item.row.id);
  const chip = item.color ? OPTION_COLORS[item.color].chip : CHIP_FALLBACK;
  const continues = day !== item.startDay;
  const label = (
    <>
      {item.time && !continues && <span className="mr-1 tabular-nums opacity-75">{item.time}</span>}
      {continues && <span className="sr-only">(continued) </span>}
      {item.title}
    </>
  );
  const href = actions.hrefFor?.(item);
  // The list layout has room for the buttons beside the title; a grid cell puts them below it.
  const inline = alwaysShowMoves;
  const titleClass = inline ? 'min-w-0 flex-1 truncate font-medium' : 'line-clamp-2 break-words font-medium';
  const moveButton = `grid ${inline ? 'size-7' : 'size-6'} place-items-center rounded bg-white/60 hover:bg-white disabled:opacity-40`;
  return (
    <li
      draggable={actions.onDragStart !== null && !saving}
      onDragStart={(event) => actions.onDragStart?.(item, day, event)}
      className={`group rounded-md px-1.5 py-1 text-xs ${chip} ${saving ? 'opacity-60' : ''} ${
        actions.onDragStart ? 'cursor-grab active:cursor-grabbing' : ''
      }`}
    >
      <div className={inline ? 'flex items-center gap-1' : 'flex flex-col gap-0.5'}>
        {href ? (
          <AppLink
            href={href}
            onNavigate={() => actions.onOpen(item)}
            className={`${titleClass} underline-offset-2 hover:underline`}
            title={item.title}
          >
            {label}
          </AppLink>
        ) : (
          <span className={titleClass} title={item.title}>
            {label}
          </span>
        )}
        {actions.onShift && (
          <span
            // Hidden buttons cannot take the focus: without a link to tab to first, they always show.
            className={`shrink-0 items-center justify-end gap-0.5 ${inline || !href ? 'flex' : 'hidden group-focus-within:flex group-hover:flex'}`}
          >
            <button
              type="button"
              disabled={saving}
              onClick={() => actions.onShift?.(item, -1)}
              className={moveButton}
              aria-label={`Move “${item.title}” a day earlier`}
            >
              <span aria-hidden="true">‹</span>
            </button>
            <button
              type="button"
              disabled={saving}
              onClick={() => actions.onShift?.(item, 1)}
              className={moveButton}
              aria-label={`Move “${item.title}” a day later`}
            >
              <span aria-hidden="true">›</span>
            </button>
          </span>
        )}
      </div>
    </li>
  );
}
