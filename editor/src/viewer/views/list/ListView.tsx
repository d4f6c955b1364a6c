import { useEffect, useId, useMemo, useState } from 'react';
import type { SortKey } from '../../../../../schemas/app/filters.ts';
import { AppLink } from '../../layout/AppLink.tsx';
import { EmptyState } from '../../layout/EmptyState.tsx';
import { Icon } from '../../layout/icons.tsx';
import { createFormFor, viewLabel } from '../../layout/navigation.ts';
import { viewPath } from '../../routing.ts';
import type { ViewProps } from '../view-props.ts';
import { FilterForm } from './FilterBuilder.tsx';
import { FilterButton, FilterChips } from './FilterChips.tsx';
import { type ListState, readListState, writeListState } from './list-state.ts';
import { Pager } from './Pager.tsx';
import { compileRowsQuery, searchableFields } from './postgrest-query.ts';
import { RowsError } from './RowsError.tsx';
import { RowsTable } from './RowsTable.tsx';
import { isOrderable, isSortable, orderKeys } from './row-select.ts';
import { useRows } from './use-rows.ts';
import { useValueContext } from './value-context.ts';

/**
 * A list view: the view's columns over its rows, with the view's own filter and sort always
 * applied and the person's column sort, search and filters on top; grouped when the view says so;
 * paged with a count. Each row opens in its table's detail view, if the app has one.
 */
export function ListViewPage({ app, view, client, navigate }: ViewProps<'list'>) {
  const table = app.definition.tables.find((t) => t.id === view.tableId);
  if (!table)
    return (
      <EmptyState icon="list" title="This list is not open to you">
        Its rows belong to a table your role cannot read. Ask the app’s builder if you need it.
      </EmptyState>
    );
  return <ListBody app={app} view={view} table={table} client={client} navigate={navigate} />;
}

type BodyProps = Omit<ViewProps<'list'>, 'rowId'> & {
  table: NonNullable<ViewProps['app']['definition']['tables'][number]>;
};

function ListBody({ app, view, table, client, navigate }: BodyProps) {
  const { definition } = app;
  const [state, setState] = useState<ListState>(() => readListState(window.location.search));
  const [searchText, setSearchText] = useState(state.search);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const ids = { search: useId(), filters: useId(), sort: useId() };
  const context = useValueContext(app, client, navigate);

  const update = (change: Partial<ListState>) => setState((current) => ({ ...current, page: 0, ...change }));

  // Search waits for a pause in typing, so each keystroke is not a request.
  useEffect(() => {
    const timer = setTimeout(
      () =>
        setState((current) =>
          current.search === searchText ? current : { ...current, search: searchText, page: 0 },
        ),
      250,
    );
    return () => clearTimeout(timer);
  }, [searchText]);

  // The state lives in the address too (replaced, not pushed: Back leaves the list, not the last keystroke).
  useEffect(() => {
    const search = writeListState(state, window.location.search);
    if (search !== window.location.search)
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}`);
  }, [state]);

  const columns = useMemo(
    () => view.columns.flatMap((id) => table.fields.filter((field) => field.id === id)),
    [view.columns, table],
  );
  const groupField = table.fields.find((field) => field.id === view.groupByFieldId) ?? null;
  const searchFields = useMemo(
    () =>
      searchableFields(
        definition,
        table,
        columns.map((c) => c.id),
      ),
    [definition, table, columns],
  );
  const activeSort: SortKey | null = state.sort ?? view.sort?.[0] ?? null;

  const { query, queryError } = useMemo(() => {
    const fieldIds = [
      ...columns.map((c) => c.id),
      table.primaryFieldId,
      ...(groupField ? [groupField.id] : []),
    ];
    const groupBy =
      // A relation groups by row id: not an order a person would pick, but it keeps each group together.
      groupField && isOrderable(definition, table, groupField)
        ? ({ fieldId: groupField.id, direction: 'asc' } as const)
        : null;
    try {
      const params = compileRowsQuery(definition, table, {
        fieldIds,
        viewFilter: view.filter,
        userFilters: state.filters,
        search: { text: state.search, fieldIds: searchFields.map((f) => f.id) },
        order: orderKeys({ groupBy, user: state.sort, view: view.sort ?? [] }),
        limit: view.pageSize,
        offset: state.page * view.pageSize,
      });
      return { query: params.toString(), queryError: null };
    } catch (error) {
      return { query: null, queryError: error };
    }
  }, [definition, table, columns, groupField, view, state, searchFields]);

  const rows = useRows(client, table.id, query);
  const form = createFormFor(definition, table.id);
  const canCreate = Boolean(form && app.rights[table.id]?.create);
  const narrowed = state.filters.length > 0 || state.search.trim() !== '';
  const sortable = columns.filter((field) => isSortable(definition, table, field));

  const toggleSort = (fieldId: string) => {
    const current = activeSort?.fieldId === fieldId ? activeSort.direction : null;
    update({ sort: { fieldId, direction: current === 'asc' ? 'desc' : 'asc' } });
  };

  const firstLoad = rows.status === 'loading' && rows.rows.length === 0;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        {searchFields.length > 0 && (
          <search className="relative min-w-0 flex-1 basis-56">
            <label htmlFor={ids.search} className="sr-only">
              Search {viewLabel(definition, view)}
            </label>
            <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-neutral-400">
              <Icon name="search" />
            </span>
            <input
              id={ids.search}
              type="search"
              value={searchText}
              onChange={(event) => setSearchText(event.target.value)}
              placeholder={`Search ${viewLabel(definition, view).toLowerCase()}`}
              className="block min-h-10 w-full rounded-lg border border-neutral-300 bg-white pr-3 pl-9 text-base text-neutral-900 shadow-sm placeholder:text-neutral-400 focus:border-(--app-accent) sm:text-sm"
            />
          </search>
        )}
        <FilterButton
          open={filtersOpen}
          count={state.filters.length}
          onToggle={() => setFiltersOpen((open) => !open)}
          controls={ids.filters}
        />
        {sortable.length > 0 && (
          <div className="sm:hidden">
            <label htmlFor={ids.sort} className="sr-only">
              Sort by
            </label>
            <select
              id={ids.sort}
              value={state.sort ? `${state.sort.fieldId}.${state.sort.direction}` : ''}
              onChange={(event) => {
                const [fieldId, direction] = event.target.value.split('.');
                update({
                  sort: fieldId ? { fieldId, direction: direction === 'desc' ? 'desc' : 'asc' } : null,
                });
              }}
              className="block min-h-10 rounded-lg border border-neutral-300 bg-white px-2 text-base text-neutral-800 shadow-sm"
            >
              <option value="">Default order</option>
              {sortable.flatMap((field) => [
                <option key={`${field.id}.asc`} value={`${field.id}.asc`}>
                  {field.label} ↑
                </option>,
                <option key={`${field.id}.desc`} value={`${field.id}.desc`}>
                  {field.label} ↓
                </option>,
              ])}
            </select>
          </div>
        )}
        {canCreate && form && (
          <AppLink
            href={`${client.base}${viewPath(form.id)}`}
            onNavigate={() => navigate(viewPath(form.id))}
            className="ml-auto inline-flex min-h-10 shrink-0 items-center gap-1.5 rounded-lg bg-(--app-accent) px-4 text-sm font-medium text-(--app-on-accent) shadow-sm hover:brightness-110"
          >
            <Icon name="plus" />
            {viewLabel(definition, form)}
          </AppLink>
        )}
      </div>

      {filtersOpen && (
        <FilterForm
          id={ids.filters}
          definition={definition}
          table={table}
          filters={state.filters}
          onChange={(filters) => update({ filters })}
          onDone={() => setFiltersOpen(false)}
        />
      )}
      <FilterChips
        definition={definition}
        table={table}
        filters={state.filters}
        onChange={(filters) => update({ filters })}
      />

      <p role="status" className="sr-only">
        {rows.status === 'ready'
          ? `${rows.total ?? rows.rows.length} rows`
          : rows.status === 'loading'
            ? 'Loading rows…'
            : ''}
      </p>

      {queryError ? (
        <RowsError error={queryError} />
      ) : rows.status === 'error' ? (
        <RowsError error={rows.error} onRetry={rows.reload} narrowed={narrowed} />
      ) : null}

      {queryError || (rows.status === 'error' && rows.rows.length === 0) ? null : columns.length === 0 ? (
        <EmptyState icon="list" title="No columns to show">
          The fields this list shows are not open to your role. Ask the app’s builder if you need them.
        </EmptyState>
      ) : rows.status === 'ready' && rows.rows.length === 0 ? (
        narrowed ? (
          <EmptyState icon="search" title="Nothing matches">
            <p>No rows match your search and filters.</p>
            <button
              type="button"
              onClick={() => {
                setSearchText('');
                update({ search: '', filters: [] });
              }}
              className="mt-3 min-h-10 rounded-lg border border-neutral-300 bg-white px-4 font-medium text-neutral-800 hover:bg-neutral-50"
            >
              Clear search and filters
            </button>
          </EmptyState>
        ) : (
          <EmptyState icon="list" title={`No ${table.label.toLowerCase()} here yet`}>
            {canCreate && form
              ? `Add the first one with “${viewLabel(definition, form)}”.`
              : 'When rows are added, they appear here.'}
          </EmptyState>
        )
      ) : (
        <RowsTable
          app={app}
          table={table}
          columns={columns}
          groupField={groupField}
          rows={rows.rows}
          skeleton={firstLoad ? Math.min(view.pageSize, 8) : 0}
          busy={rows.status === 'loading'}
          caption={viewLabel(definition, view)}
          activeSort={activeSort}
          sortableIds={new Set(sortable.map((f) => f.id))}
          onSort={toggleSort}
          context={context}
          base={client.base}
          navigate={navigate}
        />
      )}

      {!queryError && rows.status !== 'error' && !firstLoad && (
        <Pager
          page={state.page}
          pageSize={view.pageSize}
          shown={rows.rows.length}
          total={rows.total}
          onPage={(page) => {
            setState((current) => ({ ...current, page }));
            window.scrollTo({ top: 0 });
          }}
          label={viewLabel(definition, view)}
        />
      )}
    </div>
  );
}
