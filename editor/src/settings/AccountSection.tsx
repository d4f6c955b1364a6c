import { errorMessage } from '../api/api-error.ts';
import { useMe } from '../api/me.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Skeleton } from '../components/Spinner.tsx';

export function AccountSection() {
  const me = useMe();
  return (
    <section
      aria-labelledby="account-heading"
      className="rounded-xl border border-neutral-200 bg-white p-5 shadow-sm"
    >
      <h2 id="account-heading" className="font-semibold text-neutral-900">
        Account
      </h2>
      <div className="mt-4">
        {me.isPending ? (
          <div aria-busy="true" className="space-y-2">
            <span className="sr-only">Loading your account…</span>
            <Skeleton className="h-4 w-64" />
            <Skeleton className="h-4 w-48" />
          </div>
        ) : me.isError ? (
          <ErrorAlert
            title="Could not load your account"
            message={errorMessage(me.error)}
            onRetry={() => void me.refetch()}
            retrying={me.isFetching}
          />
        ) : (
          <dl className="grid gap-4 text-sm sm:grid-cols-3">
            <div>
              <dt className="text-xs font-medium tracking-wide text-neutral-500 uppercase">Username</dt>
              <dd className="mt-1 text-neutral-900">{me.data.username}</dd>
            </div>
            <div>
              <dt className="text-xs font-medium tracking-wide text-neutral-500 uppercase">Email</dt>
              <dd className="mt-1 break-all text-neutral-900">{me.data.email}</dd>
            </div>
            <div>
              <dt className="text-xs font-medium tracking-wide text-neutral-500 uppercase">Plan</dt>
              <dd className="mt-1 text-neutral-900 capitalize">{me.data.plan}</dd>
            </div>
          </dl>
        )}
      </div>
    </section>
  );
}
