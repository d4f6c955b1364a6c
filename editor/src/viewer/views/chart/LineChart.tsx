import { useRef } from 'react';
import { OPTION_COLORS } from '../../fields/option-colors.ts';
import { useWidth } from './ChartParts.tsx';
import { axisTicks, type ChartModel, labelStride } from './chart-model.ts';

const HEIGHT = 260;
const TOP = 12;
const BOTTOM = 44;
const RIGHT = 16;

/** Lines over the x axis (dates, mostly), one per series; a missing value breaks the line. */
export function LineChart({
  model,
  format,
  unit,
}: {
  model: ChartModel;
  format: (n: number) => string;
  unit: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const ticks = axisTicks(model, 4, unit);
  const left = Math.min(84, 16 + Math.max(...ticks.map((t) => format(t).length)) * 6.5);
  const plotWidth = Math.max(40, width - left - RIGHT);
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const low = ticks[0]!;
  const high = ticks[ticks.length - 1]!;
  const count = model.categories.length;
  const x = (i: number) => (count === 1 ? left + plotWidth / 2 : left + (i / (count - 1)) * plotWidth);
  const y = (value: number) => TOP + plotHeight - ((value - low) / (high - low || 1)) * plotHeight;
  const stride = labelStride(count, plotWidth, 78);

  return (
    <div ref={box} className="w-full">
      <svg
        width={width}
        height={HEIGHT}
        role="presentation"
        aria-hidden="true"
        className="block overflow-visible"
      >
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              x1={left}
              x2={left + plotWidth}
              y1={y(tick)}
              y2={y(tick)}
              className={tick === 0 ? 'stroke-neutral-400' : 'stroke-neutral-200'}
            />
            <text
              x={left - 6}
              y={y(tick)}
              dy="0.35em"
              textAnchor="end"
              className="fill-neutral-500 text-[11px] tabular-nums"
            >
              {format(tick)}
            </text>
          </g>
        ))}
        {model.categories.map((category, i) =>
          i % stride === 0 ? (
            <text
              key={category.key}
              x={x(i)}
              y={HEIGHT - BOTTOM + 18}
              textAnchor="middle"
              className="fill-neutral-600 text-[11px]"
            >
              {category.label}
            </text>
          ) : null,
        )}
        {model.series.map((series) => {
          // Runs of consecutive values: a null (no rows that day) is a gap, not a zero.
          const runs: string[] = [];
          let current: string[] = [];
          series.values.forEach((value, i) => {
            if (value === null) {
              if (current.length) runs.push(current.join(' '));
              current = [];
            } else current.push(`${current.length ? 'L' : 'M'} ${x(i)} ${y(value)}`);
          });
          if (current.length) runs.push(current.join(' '));
          const color = OPTION_COLORS[series.color];
          return (
            <g key={series.key}>
              {runs.map((d) => (
                <path
                  key={d}
                  d={d}
                  fill="none"
                  strokeWidth={2.5}
                  strokeLinejoin="round"
                  strokeLinecap="round"
                  className={color.stroke}
                />
              ))}
              {series.values.map((value, i) =>
                value === null ? null : (
                  <circle
                    key={model.categories[i]!.key}
                    cx={x(i)}
                    cy={y(value)}
                    r={count > 40 ? 2 : 3.5}
                    className={`${color.fill} stroke-white`}
                    strokeWidth={1.5}
                  >
                    <title>{`${model.categories[i]!.label}${model.grouped ? ` · ${series.label}` : ''}: ${format(value)}`}</title>
                  </circle>
                ),
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
