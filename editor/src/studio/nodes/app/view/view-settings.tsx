import {
  type AppDefinition,
  DATE_FIELD_TYPES,
  type Field,
  type FilterGroup,
  NUMERIC_FIELD_TYPES,
  type SortKey,
  type Table,
  type View,
} from '../../../../../../schemas/definitions.ts';
import { FieldIdsEditor } from '../shared/field-ids-editor.tsx';
import { type Choice, NumberInput, SelectInput } from '../shared/panel-inputs.tsx';
import { DetailSettings } from './detail-settings.tsx';
import { FilterEditor } from './filter-editor.tsx';
import { FormSettings } from './form-settings.tsx';
import { SortEditor } from './sort-editor.tsx';

/** Sets (or clears, with `undefined`) settings of the view; returns the refusal, if any. */
export type PatchView = (patch: Record<string, unknown>, coalesceKey?: string) => string | undefined;

const choices = (fields: readonly Field[]): Choice[] =>
  fields.map((field) => ({ value: field.id, label: field.label }));
const opt = (value: string) => (value === '' ? undefined : value);

/** Field kinds a view can group by, as the validator lists them (it has the last word: problems). */
const GROUPABLE = new Set(['single_select', 'boolean', 'relation', 'rating', 'text', 'date']);

/** The settings of a view's kind: columns, filter and sort, a board's column field, a calendar's dates, a chart's axes. */
export function ViewSettings(props: { app: AppDefinition; table: Table; view: View; patch: PatchView }) {
  const { app, table, view, patch } = props;
  const fields = table.fields;
  const all = choices(fields);
  const selects = choices(fields.filter((field) => field.type === 'single_select'));
  const filtering = (filter: FilterGroup | undefined) => (
    <FilterEditor table={table} filter={filter} onCommit={(next) => patch({ filter: next })} />
  );
  const sorting = (sort: SortKey[] | undefined) => (
    <SortEditor table={table} sort={sort} onCommit={(next) => patch({ sort: next })} />
  );

  switch (view.kind) {
    case 'list':
      return (
        <>
          <FieldIdsEditor
            label="Columns"
            ids={view.columns}
            fields={fields}
            max={50}
            onCommit={(columns) => patch({ columns })}
          />
          <SelectInput
            label="Group rows by"
            value={view.groupByFieldId}
            choices={choices(fields.filter((f) => GROUPABLE.has(f.type)))}
            empty="No grouping"
            onCommit={(id) => patch({ groupByFieldId: opt(id) })}
          />
          <NumberInput
            label="Rows per page"
            value={view.pageSize}
            hint="5 to 200"
            onCommit={(pageSize) => patch({ pageSize })}
          />
          {filtering(view.filter)}
          {sorting(view.sort)}
        </>
      );
    case 'card_grid':
      return (
        <>
          <SelectInput
            label="Card title"
            value={view.titleFieldId}
            choices={all}
            onCommit={(titleFieldId) => patch({ titleFieldId })}
          />
          <SelectInput
            label="Picture"
            value={view.imageFieldId}
            choices={choices(fields.filter((f) => f.type === 'attachment' || f.type === 'url'))}
            empty="No picture"
            onCommit={(id) => patch({ imageFieldId: opt(id) })}
          />
          <FieldIdsEditor
            label="Fields on the card"
            ids={view.fields}
            fields={fields}
            max={10}
            onCommit={(ids) => patch({ fields: ids })}
          />
          {filtering(view.filter)}
          {sorting(view.sort)}
        </>
      );
    case 'kanban':
      return (
        <>
          <SelectInput
            label="Columns from"
            value={view.groupByFieldId}
            choices={selects}
            hint={
              selects.length === 0
                ? 'Add a single-choice field (a status) to the table first.'
                : 'One column per option.'
            }
            onCommit={(groupByFieldId) => patch({ groupByFieldId })}
          />
          <SelectInput
            label="Card title"
            value={view.cardTitleFieldId}
            choices={all}
            onCommit={(cardTitleFieldId) => patch({ cardTitleFieldId })}
          />
          <FieldIdsEditor
            label="Fields on the card"
            ids={view.cardFields}
            fields={fields}
            max={8}
            onCommit={(cardFields) => patch({ cardFields })}
          />
          {filtering(view.filter)}
        </>
      );
    case 'calendar': {
      const dates = choices(fields.filter((f) => DATE_FIELD_TYPES.has(f.type)));
      return (
        <>
          <SelectInput
            label="Placed on the date in"
            value={view.startFieldId}
            choices={dates}
            onCommit={(startFieldId) => patch({ startFieldId })}
          />
          <SelectInput
            label="Ends on the date in"
            value={view.endFieldId}
            choices={dates}
            empty="One day (no end)"
            onCommit={(id) => patch({ endFieldId: opt(id) })}
          />
          <SelectInput
            label="Event title"
            value={view.titleFieldId}
            choices={all}
            onCommit={(titleFieldId) => patch({ titleFieldId })}
          />
          <SelectInput
            label="Coloured by"
            value={view.colorFieldId}
            choices={selects}
            empty="One colour"
            onCommit={(id) => patch({ colorFieldId: opt(id) })}
          />
          <SelectInput
            label="Opens on"
            value={view.defaultRange}
            choices={[
              { value: 'month', label: 'A month' },
              { value: 'week', label: 'A week' },
            ]}
            onCommit={(defaultRange) => patch({ defaultRange })}
          />
          {filtering(view.filter)}
        </>
      );
    }
    case 'chart': {
      const numbers = choices(
        fields.filter(
          (f) =>
            NUMERIC_FIELD_TYPES.has(f.type) ||
            (f.type === 'computed' && f.resultType === 'number') ||
            f.type === 'rollup',
        ),
      );
      return (
        <>
          <SelectInput
            label="Chart"
            value={view.chartType}
            choices={[
              { value: 'bar', label: 'Bars' },
              { value: 'line', label: 'Line' },
              { value: 'pie', label: 'Pie' },
              { value: 'number', label: 'A single number' },
            ]}
            onCommit={(chartType) => patch({ chartType })}
          />
          {view.chartType !== 'number' && (
            <SelectInput
              label="Along"
              value={view.xFieldId}
              choices={all}
              empty="Choose a field"
              onCommit={(id) => patch({ xFieldId: opt(id) })}
            />
          )}
          <SelectInput
            label="Value"
            value={view.aggregate}
            choices={[
              { value: 'count', label: 'Count of rows' },
              { value: 'sum', label: 'Sum' },
              { value: 'avg', label: 'Average' },
              { value: 'min', label: 'Lowest' },
              { value: 'max', label: 'Highest' },
            ]}
            onCommit={(aggregate) => patch({ aggregate })}
          />
          {view.aggregate !== 'count' && (
            <SelectInput
              label="Of the number in"
              value={view.yFieldId}
              choices={numbers}
              empty="Choose a number field"
              onCommit={(id) => patch({ yFieldId: opt(id) })}
            />
          )}
          <SelectInput
            label="Split by"
            value={view.groupByFieldId}
            choices={choices(fields.filter((f) => GROUPABLE.has(f.type)))}
            empty="No split"
            onCommit={(id) => patch({ groupByFieldId: opt(id) })}
          />
          {filtering(view.filter)}
        </>
      );
    }
    case 'detail':
      return <DetailSettings app={app} table={table} view={view} patch={patch} />;
    case 'form':
      return <FormSettings app={app} table={table} view={view} patch={patch} />;
  }
}
