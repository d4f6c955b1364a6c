import type { ViewerApp } from '../../../../../schemas/api/viewer.ts';
import type { Table } from '../../../../../schemas/app/app-definition.ts';
import type { Field } from '../../../../../schemas/app/fields.ts';
import type { SortKey } from '../../../../../schemas/app/filters.ts';
import type { Row } from '../../api/client.ts';
import { FieldValue, type ValueContext } from '../../fields/FieldValue.tsx';
import { presentationOf, relatedRows, valueText } from '../../fields/value-format.ts';
import { AppLink } from '../../layout/AppLink.tsx';
import { Icon } from '../../layout/icons.tsx';
import { groupRows } from './row-groups.ts';
import { relationEmbeds } from './row-select.ts';
import { rowTarget } from './value-context.ts';

interface Props {
  app: ViewerApp;
  table: Table;
  columns: Field[];
  groupField: Field | null;
  rows: Row[];
  /** Placeholder rows to show while the first page loads. */
  skeleton: number;
  busy: boolean;
  caption: string;
  activeSort: SortKey | null;
  sortableIds: ReadonlySet<string>;
  onSort: (fieldId: string) => void;
  context: ValueContext;
  base: string;
  navigate: (path: string) => void;
}

/** The names of a row's related rows, from the rows the read embedded. */
export function relatedOf(app: ViewerApp, table: Table, field: Field, row: Row) {
  if (field.type !== 'relation') return undefined;
  const embed = relationEmbeds(app.definition, table, [field.id])[0];
  return relatedRows(row[field.id], embed ? row[embed.alias] : null, embed?.labelFieldId ?? null);
}

/** Text wraps in a column wide enough to read; numbers, dates and chips stay on one line. */
function cellWidth(app: ViewerApp, table: Table, field: Field): string {
  const kind = presentationOf(app.definition, table, field).kind;
  if (kind === 'long_text') return 'min-w-56 max-w-96';
  if (kind === 'text' || kind === 'relation' || kind === 'list' || kind === 'attachment')
    return 'min-w-36 max-w-72';
  return 'whitespace-nowrap';
}

/** What a row is called (its primary field, else the fallback field), or '' when both are empty. */
export function rowTitle(app: ViewerApp, table: Table, fallback: Field | undefined, row: Row): string {
  const primary = table.fields.find((f) => f.id === table.primaryFieldId);
  for (const field of [primary, fallback]) {
    if (!field) continue;
    const text = valueText(presentationOf(app.definition, table, field), row[field.id]);
    if (text) return text;
  }
  return '';
}

function GroupHeading({
  app,
  table,
  field,
  row,
  context,
  count,
}: {
  app: ViewerApp;
  table: Table;
  field: Field;
  /** A row of the group: its value, and the names of its related rows when the field is a relation. */
  row: Row;
  context: ValueContext;
  count: number;
}) {
  const value = row[field.id];
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span className="text-xs font-medium tracking-wide text-neutral-500 uppercase">{field.label}</span>
      <FieldValue
        field={field}
        table={table}
        value={value}
        context={{ ...context, rowLink: undefined }}
        related={relatedOf(app, table, field, row)}
        compact
      />
      <span className="text-xs text-neutral-500">({count} on this page)</span>
    </span>
  );
}

/**
 * A list's rows: a table on wider screens (sortable headers, group headings), stacked cards on a
 * phone. A row's whole area opens it; links inside its values stay their own.
 */
export function RowsTable(props: Props) {
  const { app, table, columns, groupField, rows, context, base, navigate, activeSort } = props;
  const groups = groupRows(rows, groupField?.id ?? null);
  const first = columns[0];
  // A card is titled by what names the row (the primary field) when the list shows it.
  const titleField = columns.find((field) => field.id === table.primaryFieldId) ?? first;
  const cardFields = columns.filter((field) => field !== titleField);

  const rowLink = (row: Row, extra = '') => {
    const target = rowTarget(app, base, table.id, row.id);
    if (!target) return null;
    return (
      <AppLink
        href={target.href}
        onNavigate={() => navigate(target.path)}
        className={`absolute inset-0 z-0 rounded-[inherit] focus-visible:outline-2 focus-visible:-outline-offset-2 ${extra}`}
      >
        <span className="sr-only">Open {rowTitle(app, table, first, row) || 'this row'}</span>
      </AppLink>
    );
  };

  const value = (field: Field, row: Row) => (
    <FieldValue
      field={field}
      table={table}
      value={row[field.id]}
      context={context}
      related={relatedOf(app, table, field, row)}
      compact
    />
  );

  return (
    <div
      aria-busy={props.busy || undefined}
      className={props.busy && !props.skeleton ? 'opacity-60 transition-opacity' : ''}
    >
      {/* Wide screens: a table, scrolling sideways inside its box when the columns need more room. */}
      <div className="hidden overflow-x-auto rounded-xl bg-white ring-1 ring-neutral-200 sm:block">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">{props.caption}</caption>
          <thead className="border-b border-neutral-200 bg-neutral-50/80">
            <tr>
              {columns.map((field) => {
                const sorted = activeSort?.fieldId === field.id ? activeSort.direction : null;
                const ariaSort =
                  sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined;
                return (
                  <th
                    key={field.id}
                    scope="col"
                    aria-sort={ariaSort}
                    className="px-4 py-2.5 font-medium whitespace-nowrap text-neutral-600"
                  >
                    {props.sortableIds.has(field.id) ? (
                      <button
                        type="button"
                        onClick={() => props.onSort(field.id)}
                        className="-mx-1.5 inline-flex items-center gap-1 rounded px-1.5 py-0.5 hover:bg-neutral-200/60 hover:text-neutral-900"
                      >
                        {field.label}
                        <Icon
                          name={sorted === 'asc' ? 'arrowUp' : sorted === 'desc' ? 'arrowDown' : 'sort'}
                          className={`size-3.5 ${sorted ? 'text-(--app-accent-ink)' : 'text-neutral-400'}`}
                        />
                        <span className="sr-only">
                          {sorted === 'asc'
                            ? ', sorted ascending'
                            : sorted === 'desc'
                              ? ', sorted descending'
                              : ''}
                          . Sort {sorted === 'asc' ? 'descending' : 'ascending'}
                        </span>
                      </button>
                    ) : (
                      field.label
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          {props.skeleton > 0 ? (
            <tbody>
              {Array.from({ length: props.skeleton }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: placeholders
                <tr key={i} className="border-b border-neutral-100 last:border-0">
                  {columns.map((field) => (
                    <td key={field.id} className="px-4 py-3.5">
                      <div
                        className="h-3.5 animate-pulse rounded bg-neutral-100"
                        style={{ width: `${50 + ((i * 17) % 40)}%` }}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          ) : (
            groups.map((group) => (
              <tbody key={group.key} className="border-b border-neutral-100 last:border-0">
                {groupField && (
                  <tr className="bg-neutral-50">
                    <th scope="colgroup" colSpan={columns.length} className="px-4 py-2 text-left font-normal">
                      <GroupHeading
                        app={app}
                        table={table}
                        field={groupField}
                        row={group.rows[0]!}
                        context={context}
                        count={group.rows.length}
                      />
                    </th>
                  </tr>
                )}
                {group.rows.map((row) => (
                  <tr
                    key={row.id}
                    className="relative border-t border-neutral-100 first:border-0 hover:bg-(--app-accent-soft)/60"
                  >
                    {columns.map((field, i) => (
                      <td
                        key={field.id}
                        className={`px-4 py-2.5 align-top ${i === 0 ? 'font-medium text-neutral-900' : 'text-neutral-700'} ${cellWidth(app, table, field)}`}
                      >
                        {i === 0 && rowLink(row)}
                        {value(field, row)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            ))
          )}
        </table>
      </div>

      {/* A phone: each row is a card, its first column as the title and the rest as labelled values. */}
      <div className="space-y-4 sm:hidden">
        {props.skeleton > 0
          ? Array.from({ length: 3 }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders
              <div key={i} className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-neutral-200">
                <div className="h-4 w-1/2 animate-pulse rounded bg-neutral-200" />
                <div className="h-3 w-3/4 animate-pulse rounded bg-neutral-100" />
                <div className="h-3 w-2/3 animate-pulse rounded bg-neutral-100" />
              </div>
            ))
          : groups.map((group) => (
              <section
                key={group.key}
                aria-label={
                  groupField
                    ? `${groupField.label}: ${valueText(presentationOf(app.definition, table, groupField), group.value) || 'empty'}`
                    : undefined
                }
              >
                {groupField && (
                  <h2 className="mb-2 px-1">
                    <GroupHeading
                      app={app}
                      table={table}
                      field={groupField}
                      row={group.rows[0]!}
                      context={context}
                      count={group.rows.length}
                    />
                  </h2>
                )}
                <ul className="space-y-2">
                  {group.rows.map((row) => (
                    <li key={row.id} className="relative rounded-xl bg-white p-4 ring-1 ring-neutral-200">
                      {rowLink(row)}
                      {titleField && (
                        <div className="mb-2 pr-6 font-medium text-neutral-900">{value(titleField, row)}</div>
                      )}
                      <dl className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)] gap-x-3 gap-y-1.5 text-sm">
                        {cardFields.map((field) => (
                          <div key={field.id} className="contents">
                            <dt className="truncate text-neutral-500">{field.label}</dt>
                            <dd className="min-w-0 text-neutral-800">{value(field, row)}</dd>
                          </div>
                        ))}
                      </dl>
                      {rowTarget(app, base, table.id, row.id) && (
                        <Icon
                          name="chevronRight"
                          className="absolute top-4 right-3 size-4 text-neutral-400"
                        />
                      )}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
      </div>
    </div>
  );
}
