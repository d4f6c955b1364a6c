import { memo } from 'react';
import { formatAmount, formatLimit, type UsageMeasure } from './usage-limits.ts';

const fills: Record<UsageMeasure['tone'], string> = {
  ok: 'bg-indigo-500',
  near: 'bg-amber-500',
  over: 'bg-red-600',
};

const figures: Record<UsageMeasure['tone'], string> = {
  ok: 'text-neutral-700',
  near: 'text-amber-800',
  over: 'text-red-700 font-semibold',
};

/** One figure against its limit: "4 / 10,000" over a bar that turns amber near it, red at it. */
export const UsageBar = memo(function UsageBar({ measure, note }: { measure: UsageMeasure; note?: string }) {
  const used = formatAmount(measure.used, measure.unit);
  const max = formatLimit(measure.max, measure.unit);
  return (
    <div className="min-w-28" data-testid="usage-bar" data-tone={measure.tone}>
      <p className={`text-xs whitespace-nowrap tabular-nums ${figures[measure.tone]}`}>
        {used}{' '}
        <span className="text-neutral-400" aria-hidden="true">
          / {max}
        </span>
        <span className="sr-only">of {max}</span>
        {measure.tone === 'over' && (
          <span className="ml-1 font-medium">{measure.used > (measure.max ?? 0) ? 'over' : 'at limit'}</span>
        )}
      </p>
      {measure.max === null ? (
        <div aria-hidden="true" className="mt-1 h-1.5 rounded-full border border-dashed border-neutral-300" />
      ) : (
        // The figure above is what assistive technology reads; the bar only repeats it visually.
        <div aria-hidden="true" className="mt-1 h-1.5 overflow-hidden rounded-full bg-neutral-200">
          <div
            className={`h-full rounded-full ${fills[measure.tone]}`}
            style={{ width: `${Math.max(measure.used > 0 ? 3 : 0, measure.fraction * 100)}%` }}
          />
        </div>
      )}
      {note && <p className="mt-0.5 text-xs whitespace-nowrap text-neutral-500">{note}</p>}
    </div>
  );
});
