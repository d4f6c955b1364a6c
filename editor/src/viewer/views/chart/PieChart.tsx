import { OPTION_COLORS, paletteColor } from '../../fields/option-colors.ts';
import { Legend } from './ChartParts.tsx';
import { arcPath, type ChartModel, categoryTotals, pieSlices } from './chart-model.ts';

const SIZE = 220;

/** A pie of each category's share (summed over groups), with a legend that gives the numbers. */
export function PieChart({ model, format }: { model: ChartModel; format: (n: number) => string }) {
  const totals = categoryTotals(model);
  const slices = pieSlices(totals);
  const colorOf = (index: number) => model.categories[index]?.color ?? paletteColor(index);
  const r = SIZE / 2 - 4;
  return (
    <div className="flex flex-col items-center gap-5 sm:flex-row sm:items-start">
      <svg
        width={SIZE}
        height={SIZE}
        viewBox={`0 0 ${SIZE} ${SIZE}`}
        role="presentation"
        aria-hidden="true"
        className="shrink-0"
      >
        {slices.map((slice) => (
          <path
            key={model.categories[slice.index]!.key}
            d={arcPath(SIZE / 2, SIZE / 2, r, slice.start, slice.end)}
            className={`${OPTION_COLORS[colorOf(slice.index)].fill} stroke-white`}
            strokeWidth={2}
          >
            <title>{`${model.categories[slice.index]!.label}: ${format(slice.value)} (${Math.round(slice.fraction * 100)}%)`}</title>
          </path>
        ))}
      </svg>
      <Legend
        vertical
        items={slices.map((slice) => ({
          key: model.categories[slice.index]!.key,
          label: model.categories[slice.index]!.label,
          color: colorOf(slice.index),
          value: `${format(slice.value)} · ${Math.round(slice.fraction * 100)}%`,
        }))}
      />
    </div>
  );
}
