import { useRef } from 'react';
import { OPTION_COLORS, paletteColor } from '../../fields/option-colors.ts';
import { useWidth } from './ChartParts.tsx';
import type { ChartModel } from './chart-model.ts';
import { axisTicks } from './chart-model.ts';

const BAR = 18;
const BAR_GAP = 3;
const GROUP_GAP = 12;
const AXIS = 22;

const clip = (text: string, width: number) => {
  const max = Math.max(4, Math.floor(width / 6.6));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
};

/**
 * Horizontal bars: category names on the left read at any width, even on a phone. Grouped
 * charts put one bar per series in each category.
 */
export function BarChart({
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
  const labelWidth = Math.min(170, Math.round(width * 0.32));
  const valueWidth = 72;
  const plotLeft = labelWidth + 8;
  const plotWidth = Math.max(40, width - plotLeft - valueWidth);
  // As many ticks as fit their labels (about 80 px each).
  const ticks = axisTicks(model, Math.max(2, Math.min(5, Math.floor(plotWidth / 80))), unit);
  const low = ticks[0]!;
  const high = ticks[ticks.length - 1]!;
  const x = (value: number) => plotLeft + ((value - low) / (high - low || 1)) * plotWidth;
  const perCategory = model.series.length * BAR + (model.series.length - 1) * BAR_GAP;
  const height = model.categories.length * (perCategory + GROUP_GAP) + AXIS;
  // One series without groups: each bar takes its category's colour (an option's), if it has one.
  const barColor = (c: number, s: number) =>
    !model.grouped && model.categories[c]?.color
      ? model.categories[c].color
      : (model.series[s]?.color ?? paletteColor(s));

  return (
    <div ref={box} className="w-full">
      <svg
        width={width}
        height={height}
        role="presentation"
        aria-hidden="true"
        className="block overflow-visible"
      >
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              x1={x(tick)}
              x2={x(tick)}
              y1={0}
              y2={height - AXIS}
              className={tick === 0 ? 'stroke-neutral-400' : 'stroke-neutral-200'}
            />
            <text x={x(tick)} y={height - 6} textAnchor="middle" className="fill-neutral-500 text-[11px]">
              {format(tick)}
            </text>
          </g>
        ))}
        {model.categories.map((category, c) => {
          const top = c * (perCategory + GROUP_GAP) + GROUP_GAP / 2;
          return (
            <g key={category.key}>
              <text
                x={labelWidth}
                y={top + perCategory / 2}
                dy="0.35em"
                textAnchor="end"
                className="fill-neutral-700 text-xs"
              >
                <title>{category.label}</title>
                {clip(category.label, labelWidth)}
              </text>
              {model.series.map((series, s) => {
                const value = series.values[c];
                if (value === null || value === undefined) return null;
                const y = top + s * (BAR + BAR_GAP);
                const from = x(Math.max(low, 0));
                const to = x(value);
                return (
                  <g key={series.key}>
                    <rect
                      x={Math.min(from, to)}
                      y={y}
                      width={Math.max(1, Math.abs(to - from))}
                      height={BAR}
                      rx={3}
                      className={OPTION_COLORS[barColor(c, s)].fill}
                    >
                      <title>{`${category.label}${model.grouped ? ` · ${series.label}` : ''}: ${format(value)}`}</title>
                    </rect>
                    <text
                      x={Math.max(from, to) + 4}
                      y={y + BAR / 2}
                      dy="0.35em"
                      className="fill-neutral-800 text-[11px] tabular-nums"
                    >
                      {format(value)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
