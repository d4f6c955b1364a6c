import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Table } from '../../../../../schemas/app/app-definition.ts';
import type { Row } from '../../api/client.ts';
import { FieldValue, StoredImage } from '../../fields/FieldValue.tsx';
import { filesOf, isImageFile, presentationOf, valueText } from '../../fields/value-format.ts';
import { AppLink } from '../../layout/AppLink.tsx';
import { EmptyState } from '../../layout/EmptyState.tsx';
import { Icon } from '../../layout/icons.tsx';
import { createFormFor, viewLabel } from '../../layout/navigation.ts';
import { viewPath } from '../../routing.ts';
import { compileRowsQuery } from '../list/postgrest-query.ts';
import { RowsError } from '../list/RowsError.tsx';
import { relatedOf, rowTitle } from '../list/RowsTable.tsx';
import { rowTarget, useValueContext } from '../list/value-context.ts';
import type { ViewProps } from '../view-props.ts';

/** Cards per request; "Load more" asks for the next as many. */
const PAGE_SIZE = 24;

interface Loaded {
  status: 'loading' | 'ready' | 'error';
  rows: Row[];
  total: number | null;
  error: unknown;
}

/**
 * A card grid view: one card per row with its image, title and a few fields, in the view's
 * filter and sort, more on request. A card opens its row in the table's detail view, if any.
 */
export function CardGridViewPage({ app, view, client, navigate }: ViewProps<'card_grid'>) {
  const table = app.definition.tables.find((t) => t.id === view.tableId);
  if (!table)
    return (
      <EmptyState icon="card_grid" title="These cards are not open to you">
        Their rows belong to a table your role cannot read. Ask the app’s builder if you need them.
      </EmptyState>
    );
  return <CardGrid app={app} view={view} table={table} client={client} navigate={navigate} />;
}

function CardGrid({
  app,
  view,
  table,
  client,
  navigate,
}: Omit<ViewProps<'card_grid'>, 'rowId'> & { table: Table }) {
  const { definition } = app;
  const context = useValueContext(app, client, navigate);
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading', rows: [], total: null, error: null });
  const grid = useRef<HTMLUListElement>(null);
  const focusFrom = useRef<number | null>(null);

  const title = table.fields.find((f) => f.id === view.titleFieldId);
  const image = table.fields.find((f) => f.id === view.imageFieldId && f.type === 'attachment');
  const fields = useMemo(
    () => view.fields.flatMap((id) => table.fields.filter((f) => f.id === id)),
    [view.fields, table],
  );

  const load = useCallback(
    (offset: number) => {
      let query: string;
      try {
        const fieldIds = [
          view.titleFieldId,
          table.primaryFieldId,
          ...(image ? [image.id] : []),
          ...fields.map((f) => f.id),
        ];
        query = compileRowsQuery(definition, table, {
          fieldIds,
          viewFilter: view.filter,
          order: view.sort ?? [],
          limit: PAGE_SIZE,
          offset,
        }).toString();
      } catch (error) {
        setLoaded((current) => ({ ...current, status: 'error', error }));
        return () => undefined;
      }
      let live = true;
      setLoaded((current) => ({ ...current, status: 'loading', error: null }));
      client.rows(table.id, query, { count: true }).then(
        (page) =>
          live &&
          setLoaded((current) => ({
            status: 'ready',
            rows: offset === 0 ? page.rows : [...current.rows, ...page.rows],
            total: page.total,
            error: null,
          })),
        (error: unknown) => live && setLoaded((current) => ({ ...current, status: 'error', error })),
      );
      return () => {
        live = false;
      };
    },
    [client, definition, table, view, image, fields],
  );

  useEffect(() => load(0), [load]);

  // After "Load more", the focus goes to the first new card, so a keyboard user reads on from there.
  useEffect(() => {
    if (loaded.status !== 'ready' || focusFrom.current === null) return;
    const links = grid.current?.querySelectorAll<HTMLElement>('[data-card-link]');
    links?.[focusFrom.current]?.focus();
    focusFrom.current = null;
  }, [loaded]);

  const form = createFormFor(definition, table.id);
  const canCreate = Boolean(form && app.rights[table.id]?.create);
  const more =
    loaded.total === null
      ? loaded.rows.length % PAGE_SIZE === 0 && loaded.rows.length > 0
      : loaded.rows.length < loaded.total;
  const firstLoad = loaded.status === 'loading' && loaded.rows.length === 0;

  return (
    <div className="space-y-4">
      {canCreate && form && (
        <div className="flex justify-end">
          <AppLink
            href={`${client.base}${viewPath(form.id)}`}
            onNavigate={() => navigate(viewPath(form.id))}
            className="inline-flex min-h-10 items-center gap-1.5 rounded-lg bg-(--app-accent) px-4 text-sm font-medium text-(--app-on-accent) shadow-sm hover:brightness-110"
          >
            <Icon name="plus" />
            {viewLabel(definition, form)}
          </AppLink>
        </div>
      )}
      <p role="status" className="sr-only">
        {loaded.status === 'ready'
          ? `${loaded.total ?? loaded.rows.length} cards`
          : loaded.status === 'loading'
            ? 'Loading…'
            : ''}
      </p>
      {loaded.status === 'error' && (
        <RowsError error={loaded.error} onRetry={() => load(loaded.rows.length)} />
      )}
      {loaded.status === 'ready' && loaded.rows.length === 0 ? (
        <EmptyState icon="card_grid" title={`No ${table.label.toLowerCase()} here yet`}>
          {canCreate && form
            ? `Add the first one with “${viewLabel(definition, form)}”.`
            : 'When rows are added, they appear here.'}
        </EmptyState>
      ) : (
        <ul
          ref={grid}
          className="grid grid-cols-1 gap-4 min-[480px]:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-4"
          aria-busy={loaded.status === 'loading' || undefined}
        >
          {firstLoad
            ? Array.from({ length: 6 }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: placeholders
                <li key={i} className="h-64 animate-pulse rounded-xl bg-white ring-1 ring-neutral-200" />
              ))
            : loaded.rows.map((row) => {
                const target = rowTarget(app, client.base, table.id, row.id);
                const file = image ? filesOf(row[image.id]).find(isImageFile) : undefined;
                const name =
                  (title && valueText(presentationOf(definition, table, title), row[title.id])) ||
                  (table.primaryFieldId !== title?.id ? rowTitle(app, table, undefined, row) : '') ||
                  'Untitled';
                const photo = file && !/\.(png|svg|gif)$/i.test(file.name) && file.type !== 'image/png';
                return (
                  <li
                    key={row.id}
                    className="group relative flex flex-col overflow-hidden rounded-xl bg-white ring-1 ring-neutral-200 transition-shadow hover:shadow-md hover:ring-neutral-300"
                  >
                    {image && (
                      <div className="aspect-[2/1] bg-neutral-100">
                        {file ? (
                          <StoredImage
                            file={file}
                            context={context}
                            className={`size-full ${photo ? 'object-cover' : 'object-contain p-4'}`}
                          />
                        ) : (
                          <div
                            className="flex size-full items-center justify-center bg-(--app-accent-soft) text-3xl font-semibold text-(--app-accent-ink)/40"
                            aria-hidden="true"
                          >
                            {name.slice(0, 1).toUpperCase()}
                          </div>
                        )}
                      </div>
                    )}
                    <div className="flex flex-1 flex-col gap-3 p-4">
                      <h2 className="text-base font-semibold text-neutral-900">
                        {target ? (
                          <AppLink
                            data-card-link=""
                            href={target.href}
                            onNavigate={() => navigate(target.path)}
                            className="after:absolute after:inset-0 after:rounded-xl focus-visible:outline-none focus-visible:after:outline-2 focus-visible:after:outline-(--app-accent-ink)"
                          >
                            {name}
                          </AppLink>
                        ) : (
                          <span data-card-link="" tabIndex={-1}>
                            {name}
                          </span>
                        )}
                      </h2>
                      {fields.length > 0 && (
                        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1.5 text-sm">
                          {fields.map((field) => (
                            <div key={field.id} className="contents">
                              <dt className="text-neutral-500">{field.label}</dt>
                              <dd className="min-w-0 text-neutral-800">
                                <FieldValue
                                  field={field}
                                  table={table}
                                  value={row[field.id]}
                                  context={context}
                                  related={relatedOf(app, table, field, row)}
                                  compact
                                />
                              </dd>
                            </div>
                          ))}
                        </dl>
                      )}
                    </div>
                  </li>
                );
              })}
        </ul>
      )}
      {!firstLoad && loaded.rows.length > 0 && (
        <div className="flex flex-col items-center gap-2 pt-2">
          <p className="text-sm text-neutral-600">
            Showing {loaded.rows.length.toLocaleString()}
            {loaded.total !== null && <> of {loaded.total.toLocaleString()}</>}
          </p>
          {more && (
            <button
              type="button"
              disabled={loaded.status === 'loading'}
              onClick={() => {
                focusFrom.current = loaded.rows.length;
                load(loaded.rows.length);
              }}
              className="inline-flex min-h-10 items-center rounded-lg border border-neutral-300 bg-white px-5 text-sm font-medium text-neutral-800 shadow-sm hover:bg-neutral-50 disabled:opacity-60"
            >
              {loaded.status === 'loading' ? 'Loading…' : 'Load more'}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
