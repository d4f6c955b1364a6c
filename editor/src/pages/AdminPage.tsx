import { useDeferredValue, useState } from 'react';
import { BuilderTableSkeleton, NotOwnerNotice, PlanFacts } from '../admin/AdminNotices.tsx';
import { isNotOwnerError, useAdminBuilders } from '../admin/admin-api.ts';
import { BuilderTable } from '../admin/BuilderTable.tsx';
import { errorMessage } from '../api/api-error.ts';
import { useMe } from '../api/me.ts';
import { Button } from '../components/Button.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

/** The platform owner's page: every builder, their plan, their usage against its limits. */
export function AdminPage() {
  const me = useMe();
  const isOwner = me.data?.isAdmin === true;
  const list = useAdminBuilders(isOwner);
  const [search, setSearch] = useState('');
  const query = useDeferredValue(search.trim().toLowerCase());

  if (me.isPending) return <BuilderTableSkeleton />;
  if (me.isError) {
    return (
      <ErrorAlert
        title="Could not load your account"
        message={errorMessage(me.error)}
        onRetry={() => void me.refetch()}
        retrying={me.isFetching}
      />
    );
  }
  if (!isOwner || isNotOwnerError(list.error)) return <NotOwnerNotice />;

  const builders = list.data?.builders ?? [];
  const shown = query
    ? builders.filter((b) => b.username.includes(query) || (b.email ?? '').toLowerCase().includes(query))
    : builders;
  const paid = builders.filter((b) => b.plan === 'paid').length;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-neutral-900">Builders</h1>
          <p className="mt-1 text-sm text-neutral-600">
            Everyone with an account, their plan and what they use of its limits.
          </p>
        </div>
        {list.data && (
          <div className="flex items-center gap-3">
            <p data-testid="builder-count" className="text-sm text-neutral-600">
              {builders.length} {builders.length === 1 ? 'builder' : 'builders'} · {paid} paid
            </p>
            <Button variant="secondary" onClick={() => void list.refetch()} pending={list.isRefetching}>
              Refresh
            </Button>
          </div>
        )}
      </div>

      {list.isPending ? (
        <BuilderTableSkeleton />
      ) : list.isError ? (
        <ErrorAlert
          title="Could not load the builders"
          message={errorMessage(list.error)}
          onRetry={() => void list.refetch()}
          retrying={list.isFetching}
        />
      ) : builders.length === 0 ? (
        <div className="rounded-xl border border-dashed border-neutral-300 bg-white px-6 py-12 text-center">
          <p className="font-medium text-neutral-900">No builders have signed up yet.</p>
          <p className="mt-1 text-sm text-neutral-600">They appear here as soon as they create an account.</p>
        </div>
      ) : (
        <section aria-label="Builders" className="space-y-3">
          <div className="max-w-xs">
            <label htmlFor="builder-search" className="sr-only">
              Find a builder
            </label>
            <input
              id="builder-search"
              type="search"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              placeholder="Find by username or e-mail"
              className="block h-9 w-full rounded-lg border border-neutral-300 bg-white px-3 text-sm shadow-sm placeholder:text-neutral-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none"
            />
          </div>
          {shown.length === 0 ? (
            <p className="rounded-xl border border-dashed border-neutral-300 bg-white px-6 py-8 text-center text-sm text-neutral-600">
              No builder matches “{search.trim()}”.
            </p>
          ) : (
            <BuilderTable builders={shown} plans={list.data.plans} />
          )}
          <PlanFacts plans={list.data.plans} />
        </section>
      )}
    </div>
  );
}
