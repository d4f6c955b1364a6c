import { useId, useMemo, useState } from 'react';
import type { ViewerApp } from '../../../../../schemas/api/viewer.ts';
import type { Table } from '../../../../../schemas/app/app-definition.ts';
import type { ViewerClient } from '../../api/client.ts';
import { Bone, LoadFailure, Loading, secondaryButton } from '../../fields/page-parts.tsx';
import { pickerQuery, type RelationTarget, rowName } from '../../fields/relation-query.ts';
import { useLoad } from '../../fields/use-load.ts';
import { AppLink } from '../../layout/AppLink.tsx';
import { EmptyState } from '../../layout/EmptyState.tsx';

const PAGE = 25;

/**
 * The rows of a table to choose one from, by name, with a search on the primary field: what a
 * detail page or an edit form shows when the address names no row.
 */
export function RowPicker({
  app,
  table,
  client,
  hrefFor,
  onPick,
  intro,
}: {
  app: ViewerApp;
  table: Table;
  client: ViewerClient;
  hrefFor: (rowId: string) => string;
  onPick: (rowId: string) => void;
  intro: string;
}) {
  const [search, setSearch] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const searchId = useId();
  const target: RelationTarget = useMemo(
    () => ({
      definition: app.definition,
      table,
      primary: table.fields.find((f) => f.id === table.primaryFieldId),
      readable: true,
    }),
    [app, table],
  );
  const rows = useLoad(`${table.id}|${search}|${limit}`, async () => {
    const params = pickerQuery(app, target, search, limit + 1);
    return (await client.rows(table.id, params)).rows;
  });
  const list = rows.data ?? [];
  return (
    <div className="max-w-2xl space-y-4">
      <p className="text-sm text-neutral-700">{intro}</p>
      <div>
        <label htmlFor={searchId} className="mb-1.5 block text-sm font-medium text-neutral-800">
          Search {table.label.toLowerCase()}
        </label>
        <input
          id={searchId}
          type="search"
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            setLimit(PAGE);
          }}
          className="block min-h-10 w-full rounded-lg border border-neutral-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30"
        />
      </div>
      {rows.status === 'error' && <LoadFailure what={table.label} error={rows.error} onRetry={rows.reload} />}
      {rows.status === 'loading' && list.length === 0 && (
        <Loading label={`Loading ${table.label}…`}>
          <div className="space-y-2">
            {[0, 1, 2, 3].map((i) => (
              <Bone key={i} className="h-11" />
            ))}
          </div>
        </Loading>
      )}
      {rows.status === 'ready' && list.length === 0 && (
        <EmptyState
          icon="search"
          title={search ? `Nothing matches “${search}”` : `No ${table.label.toLowerCase()} yet`}
        >
          {search ? 'Try fewer letters, or another word.' : 'Rows added to this table will be listed here.'}
        </EmptyState>
      )}
      {list.length > 0 && (
        <ul className="divide-y divide-neutral-200 overflow-hidden rounded-xl border border-neutral-200 bg-white">
          {list.slice(0, limit).map((row) => (
            <li key={row.id}>
              <AppLink
                href={`${client.base}${hrefFor(row.id)}`}
                onNavigate={() => onPick(row.id)}
                className="flex min-h-11 items-center justify-between gap-3 px-4 py-2.5 text-sm text-neutral-900 hover:bg-neutral-50"
              >
                <span className="truncate font-medium">{rowName(target, row)}</span>
                <span aria-hidden="true" className="text-neutral-400">
                  ›
                </span>
              </AppLink>
            </li>
          ))}
        </ul>
      )}
      {list.length > limit && (
        <button type="button" className={secondaryButton} onClick={() => setLimit((n) => n + PAGE)}>
          Show more
        </button>
      )}
    </div>
  );
}
