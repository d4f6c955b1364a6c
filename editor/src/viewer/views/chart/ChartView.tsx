import { useMemo } from 'react';
import type { ChartData } from '../../../../../schemas/api/viewer.ts';
import type { Field } from '../../../../../schemas/app/fields.ts';
import { displayText } from '../../fields/display-text.ts';
import { Bone, LoadFailure, Loading, Notice } from '../../fields/page-parts.tsx';
import { type RelationField, relationTarget, rowName, rowsByIdQuery } from '../../fields/relation-query.ts';
import { useLoad } from '../../fields/use-load.ts';
import { EmptyState } from '../../layout/EmptyState.tsx';
import type { ViewProps } from '../view-props.ts';
import { BarChart } from './BarChart.tsx';
import { ChartTable, Legend } from './ChartParts.tsx';
import { aggregateLabel, chartModel, describeValue, tickUnit, valueFormatter } from './chart-model.ts';
import { LineChart } from './LineChart.tsx';
import { PieChart } from './PieChart.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids of related rows among the chart's x or group values, by the relation they belong to. */
function relatedIds(data: ChartData | undefined, field: Field | undefined, key: 'x' | 'group'): string[] {
  if (!data || field?.type !== 'relation') return [];
  const ids = data.points
    .map((point) => point[key])
    .filter((v): v is string => typeof v === 'string' && UUID.test(v));
  return [...new Set(ids)].slice(0, 200);
}

/** For a select on the x axis: its options in their order, empty values last. */
function optionRank(field: Field | undefined): ((value: unknown) => number) | undefined {
  if (field?.type !== 'single_select' && field?.type !== 'multi_select') return undefined;
  const order = new Map(field.options.map((option, index) => [option.id as unknown, index]));
  return (value) => order.get(value) ?? field.options.length;
}

/**
 * A chart drawn from the server's aggregate of the view (never from every row): bars, lines, a pie
 * or one number, with a legend when grouped and the same numbers in a table for screen readers.
 */
export function ChartViewPage({ app, view, client }: ViewProps<'chart'>) {
  const table = app.definition.tables.find((candidate) => candidate.id === view.tableId);
  const field = (id: string | undefined) =>
    id ? table?.fields.find((candidate) => candidate.id === id) : undefined;
  const xField = field(view.xFieldId);
  const yField = field(view.yFieldId);
  const groupField = field(view.groupByFieldId);
  const chart = useLoad(view.id, () => client.chart(view.id));

  const ids = [...relatedIds(chart.data, xField, 'x'), ...relatedIds(chart.data, groupField, 'group')];
  const names = useLoad(`${view.id}|${ids.join(',')}`, async () => {
    const found = new Map<string, string>();
    for (const relation of [xField, groupField]) {
      if (relation?.type !== 'relation') continue;
      const target = relationTarget(app, relation as RelationField);
      const wanted = relatedIds(chart.data, relation, relation === xField ? 'x' : 'group');
      if (!target?.readable || wanted.length === 0) continue;
      for (const row of (await client.rows(target.table.id, rowsByIdQuery(target, wanted))).rows)
        found.set(row.id, rowName(target, row));
    }
    return found;
  });

  const label = aggregateLabel(view.aggregate, yField);
  const format = useMemo(() => valueFormatter(view.aggregate, yField), [view.aggregate, yField]);
  const model = useMemo(() => {
    if (!chart.data || !table) return null;
    const text = (field: Field | undefined) => (value: unknown) =>
      field ? displayText(app.definition, table, field, value) : String(value);
    const name = (id: string) => names.data?.get(id);
    return chartModel(
      chart.data,
      (x) => describeValue(xField, x, name, text(xField)),
      (g) => describeValue(groupField, g, name, text(groupField)),
      label,
      optionRank(xField),
      view.aggregate === 'count' || view.aggregate === 'sum',
    );
  }, [app, table, chart.data, names.data, xField, groupField, label, view.aggregate]);

  if (!table)
    return (
      <Notice tone="error" title="This chart cannot be shown.">
        <p>Its table is not available to you. Ask the app’s owner for access.</p>
      </Notice>
    );
  if (chart.status === 'error' && !chart.data)
    return <LoadFailure what="the chart" error={chart.error} onRetry={chart.reload} />;
  if (!chart.data || !model)
    return (
      <Loading label="Loading the chart…">
        <Bone className="h-72 w-full max-w-3xl" />
      </Loading>
    );
  const data = chart.data;
  if (data.rows === 0 || data.points.length === 0)
    return (
      <EmptyState icon="chart" title="Nothing to chart yet">
        {view.filter
          ? 'No rows match this chart’s filter yet.'
          : `Once ${table?.label.toLowerCase() ?? 'rows'} are added, the chart fills in.`}
      </EmptyState>
    );

  const caption = `${view.label}: ${label}${xField ? ` by ${xField.label}` : ''}${groupField ? `, per ${groupField.label}` : ''}`;
  const rowsLine = `Based on ${data.rows.toLocaleString()} row${data.rows === 1 ? '' : 's'}.`;
  if (view.chartType === 'number') {
    const value = data.points[0]?.value ?? null;
    return (
      <figure className="max-w-sm rounded-xl border border-neutral-200 bg-white p-5">
        <figcaption className="text-sm font-medium text-neutral-600">{label}</figcaption>
        <p className="mt-2 text-4xl font-semibold tracking-tight text-neutral-900 tabular-nums">
          {value === null ? '—' : format(value)}
        </p>
        <p className="mt-2 text-xs text-neutral-500">{rowsLine}</p>
      </figure>
    );
  }
  const showLegend = model.grouped && view.chartType !== 'pie';
  return (
    <figure className="max-w-4xl space-y-4 rounded-xl border border-neutral-200 bg-white p-4 sm:p-5">
      <figcaption className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="text-sm font-medium text-neutral-800">
          {label}
          {xField && view.chartType !== 'pie' && (
            <span className="font-normal text-neutral-500"> by {xField.label}</span>
          )}
        </span>
        <span className="text-xs text-neutral-500">{rowsLine}</span>
      </figcaption>
      {showLegend && (
        <Legend items={model.series.map((s) => ({ key: s.key, label: s.label, color: s.color }))} />
      )}
      {view.chartType === 'bar' && (
        <BarChart model={model} format={format} unit={tickUnit(view.aggregate, yField)} />
      )}
      {view.chartType === 'line' && (
        <LineChart model={model} format={format} unit={tickUnit(view.aggregate, yField)} />
      )}
      {view.chartType === 'pie' && <PieChart model={model} format={format} />}
      <ChartTable model={model} caption={caption} xLabel={xField?.label ?? 'Category'} format={format} />
    </figure>
  );
}
