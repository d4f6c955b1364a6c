import { z } from 'zod';
import { Description, Expression, Id, Label } from '../common.ts';
import { FilterGroup, SortKey } from './filters.ts';

const base = {
  id: Id,
  label: Label,
  description: Description.optional(),
  /** The table whose rows the view shows. */
  tableId: Id,
};

const filterAndSort = {
  filter: FilterGroup.optional(),
  sort: z.array(SortKey).max(5).optional(),
};

export const ListView = z.strictObject({
  ...base,
  kind: z.literal('list'),
  columns: z.array(Id).min(1, 'needs at least one column').max(50),
  ...filterAndSort,
  groupByFieldId: Id.optional(),
  pageSize: z.number().int().min(5).max(200),
});

export const DetailSection = z.strictObject({ label: Label, fields: z.array(Id).min(1).max(100) });
export const RelatedList = z.strictObject({
  /** A relation field (of this table, or pointing at it) whose related rows are listed. */
  relationFieldId: Id,
  label: Label.optional(),
  columns: z.array(Id).min(1).max(20),
});
export const DetailView = z.strictObject({
  ...base,
  kind: z.literal('detail'),
  sections: z.array(DetailSection).min(1).max(20),
  relatedLists: z.array(RelatedList).max(10).optional(),
});

export const FieldVisibility = z.strictObject({
  fieldId: Id,
  /** The field is shown only while this is true (evaluated live as the form is filled). */
  visibleWhen: Expression,
});
export const FormSubmit = z.strictObject({
  label: Label,
  after: z.enum(['show_message', 'reset', 'open_view']),
  message: z.string().max(500).optional(),
  /** With `open_view`: where to go after a successful submit. */
  viewId: Id.optional(),
});
export const FormView = z.strictObject({
  ...base,
  kind: z.literal('form'),
  /** Create new rows, edit existing ones, or both. */
  mode: z.enum(['create', 'edit', 'create_or_edit']),
  sections: z.array(DetailSection).min(1).max(20),
  visibility: z.array(FieldVisibility).max(100).optional(),
  submit: FormSubmit,
  /** Roles allowed to submit; `anyone` includes visitors of a public app. */
  allowedRoles: z.union([z.literal('anyone'), z.array(Id).min(1)]),
});

export const CardGridView = z.strictObject({
  ...base,
  kind: z.literal('card_grid'),
  titleFieldId: Id,
  imageFieldId: Id.optional(),
  fields: z.array(Id).max(10),
  ...filterAndSort,
});

export const KanbanView = z.strictObject({
  ...base,
  kind: z.literal('kanban'),
  /** A single-select field; when it is the table's state field, moving a card is a state change. */
  groupByFieldId: Id,
  cardTitleFieldId: Id,
  cardFields: z.array(Id).max(8),
  filter: FilterGroup.optional(),
});

export const CalendarView = z.strictObject({
  ...base,
  kind: z.literal('calendar'),
  startFieldId: Id,
  endFieldId: Id.optional(),
  titleFieldId: Id,
  /** A single-select field whose option colours colour the events. */
  colorFieldId: Id.optional(),
  defaultRange: z.enum(['month', 'week']),
  filter: FilterGroup.optional(),
});

export const ChartView = z.strictObject({
  ...base,
  kind: z.literal('chart'),
  chartType: z.enum(['bar', 'line', 'pie', 'number']),
  /** The category or time axis (not used by `number`). */
  xFieldId: Id.optional(),
  aggregate: z.enum(['count', 'sum', 'avg', 'min', 'max']),
  /** The numeric field aggregated; not needed to count. */
  yFieldId: Id.optional(),
  groupByFieldId: Id.optional(),
  filter: FilterGroup.optional(),
});

export const View = z.discriminatedUnion('kind', [
  ListView,
  DetailView,
  FormView,
  CardGridView,
  KanbanView,
  CalendarView,
  ChartView,
]);
export type View = z.infer<typeof View>;
export type ViewKind = View['kind'];
