import { Icon } from '../../layout/icons.tsx';
import { type CalendarRange, rangeTitle, shiftAnchor } from './calendar-range.ts';

const stepButton =
  'grid size-10 place-items-center rounded-lg border border-neutral-300 bg-white text-neutral-700 hover:bg-neutral-50';

/** Previous / today / next, the range on screen, and month or week. */
export function CalendarToolbar({
  range,
  anchor,
  today,
  loading,
  onRange,
  onAnchor,
}: {
  range: CalendarRange;
  anchor: string;
  today: string;
  loading: boolean;
  onRange: (range: CalendarRange) => void;
  onAnchor: (anchor: string) => void;
}) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div className="flex items-center gap-2">
        <button
          type="button"
          className={stepButton}
          onClick={() => onAnchor(shiftAnchor(range, anchor, -1))}
          aria-label={`Previous ${range}`}
        >
          <Icon name="chevronLeft" />
        </button>
        <button
          type="button"
          className="min-h-10 rounded-lg border border-neutral-300 bg-white px-3 text-sm font-medium text-neutral-800 hover:bg-neutral-50"
          onClick={() => onAnchor(today)}
        >
          Today
        </button>
        <button
          type="button"
          className={stepButton}
          onClick={() => onAnchor(shiftAnchor(range, anchor, 1))}
          aria-label={`Next ${range}`}
        >
          <Icon name="chevronRight" />
        </button>
        <h2 aria-live="polite" className="ml-1 text-base font-semibold text-neutral-900">
          {rangeTitle(range, anchor)}
          {loading && <span className="ml-2 text-xs font-normal text-neutral-500">Loading…</span>}
        </h2>
      </div>
      <fieldset className="inline-flex rounded-lg border border-neutral-300 bg-white p-0.5">
        <legend className="sr-only">Show</legend>
        {(['month', 'week'] as const).map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={range === option}
            onClick={() => onRange(option)}
            className={`min-h-9 rounded-md px-3 text-sm font-medium ${
              range === option ? 'bg-neutral-900 text-white' : 'text-neutral-700 hover:bg-neutral-100'
            }`}
          >
            {option === 'month' ? 'Month' : 'Week'}
          </button>
        ))}
      </fieldset>
    </div>
  );
}
