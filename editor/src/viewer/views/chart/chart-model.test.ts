import { describe, expect, it } from 'vitest';
import type { ChartData } from '../../../../../schemas/api/viewer.ts';
import { AppDefinition } from '../../../../../schemas/app/app-definition.ts';
import crmJson from '../../../../../schemas/examples/crm-lite.app.json' with { type: 'json' };
import {
  aggregateLabel,
  arcPath,
  categoryTotals,
  chartModel,
  describeValue,
  labelStride,
  niceTicks,
  pieSlices,
  valueFormatter,
} from './chart-model.ts';

const crm = AppDefinition.parse(crmJson);
const deals = crm.tables.find((t) => t.id === 'deals')!;
const stage = deals.fields.find((f) => f.id === 'stage');
const source = deals.fields.find((f) => f.id === 'source');
const amount = deals.fields.find((f) => f.id === 'amount');

const data = (points: ChartData['points']): ChartData => ({
  viewId: 'v',
  chartType: 'bar',
  aggregate: 'sum',
  points,
  rows: 9,
});

describe('chart model', () => {
  it('labels categories with the options’ labels and colours, in the server’s order', () => {
    const model = chartModel(
      data([
        { x: 'lead', group: null, value: 10 },
        { x: 'won', group: null, value: 25.5 },
        { x: null, group: null, value: 3 },
      ]),
      (x) => describeValue(stage, x),
      (g) => describeValue(source, g),
      'Total Amount',
    );
    expect(model.categories.map((c) => [c.label, c.color])).toEqual([
      ['Lead', 'gray'],
      ['Won', 'green'],
      ['(empty)', 'gray'],
    ]);
    expect(model.grouped).toBe(false);
    expect(model.series).toEqual([
      { key: 'null', label: 'Total Amount', color: 'indigo', values: [10, 25.5, 3] },
    ]);
    expect(model.max).toBe(25.5);
    expect(model.min).toBe(0);
  });

  it('makes one series per group, with a gap where a group has no point', () => {
    const model = chartModel(
      data([
        { x: '2026-03-01', group: 'inbound', value: 2 },
        { x: '2026-03-01', group: 'referral', value: 1 },
        { x: '2026-03-02', group: 'referral', value: 4 },
      ]),
      (x) =>
        describeValue(
          deals.fields.find((f) => f.id === 'expected_close'),
          x,
        ),
      (g) => describeValue(source, g),
      'Count of rows',
    );
    expect(model.grouped).toBe(true);
    expect(model.categories).toHaveLength(2);
    expect(model.series.map((s) => [s.label, s.color, s.values])).toEqual([
      ['Inbound', 'emerald', [2, null]],
      ['Referral', 'violet', [1, 4]],
    ]);
    expect(categoryTotals(model)).toEqual([3, 4]);
    expect(model.whole).toBe(true);
  });

  it('counts a day without rows as 0 when asked (counts and sums), so a line runs through it', () => {
    const points: ChartData['points'] = [
      { x: '2026-03-01', group: 'inbound', value: 2 },
      { x: '2026-03-02', group: 'referral', value: 4 },
    ];
    const describe = (v: unknown) => describeValue(source, v as string);
    const filled = chartModel(data(points), describe, describe, 'Count', undefined, true);
    expect(filled.series.map((s) => s.values)).toEqual([
      [2, 0],
      [0, 4],
    ]);
  });

  it('puts a select’s categories in the options’ order when given a rank, empty last', () => {
    const order = ['lead', 'qualified', 'proposal'];
    const model = chartModel(
      data([
        { x: null, group: null, value: 1 },
        { x: 'proposal', group: null, value: 2 },
        { x: 'lead', group: null, value: 3 },
      ]),
      (x) => describeValue(stage, x),
      (g) => describeValue(source, g),
      'Count of rows',
      (x) => (order.includes(x as string) ? order.indexOf(x as string) : order.length),
    );
    expect(model.categories.map((c) => c.label)).toEqual(['Lead', 'Proposal sent', '(empty)']);
    expect(model.series[0]!.values).toEqual([3, 2, 1]);
  });

  it('names related rows by the names it was given', () => {
    const company = deals.fields.find((f) => f.id === 'company');
    const id = '5f0c1f7e-4a57-4d4e-9d0b-3b9d1f0b6a11';
    expect(describeValue(company, id, () => 'Acme').label).toBe('Acme');
    expect(describeValue(company, id).label).toContain('5f0c1f7e');
  });
});

describe('scales and slices', () => {
  it('picks round ticks that cover the values', () => {
    expect(niceTicks(0, 23)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-30, 70)).toEqual([-40, -20, 0, 20, 40, 60, 80]);
    expect(niceTicks(0, 0)).toEqual([0, 1]);
    expect(niceTicks(0, 1, 4, true)).toEqual([0, 1]);
    expect(niceTicks(0, 3, 5, true)).toEqual([0, 1, 2, 3]);
  });

  it('cuts a pie into fractions of the positive values, clockwise from twelve o’clock', () => {
    const slices = pieSlices([1, 0, 3, null]);
    expect(slices.map((s) => [s.index, s.fraction])).toEqual([
      [0, 0.25],
      [2, 0.75],
    ]);
    expect(slices[0]!.start).toBe(0);
    expect(slices[1]!.end).toBeCloseTo(2 * Math.PI);
    expect(pieSlices([0, null])).toEqual([]);
    expect(arcPath(50, 50, 40, 0, Math.PI / 2)).toBe('M 50 50 L 50 10 A 40 40 0 0 1 90 50 Z');
  });

  it('writes numbers in the y field’s unit, and says what is aggregated', () => {
    expect(aggregateLabel('sum', amount)).toBe('Total Amount');
    expect(aggregateLabel('count', amount)).toBe('Count of rows');
    expect(valueFormatter('count', undefined)(12)).toBe('12');
    expect(valueFormatter('sum', amount)(1250)).toMatch(/1,250/);
  });

  it('thins axis labels so they never overlap', () => {
    expect(labelStride(30, 300, 60)).toBe(6);
    expect(labelStride(4, 800, 60)).toBe(1);
  });
});
