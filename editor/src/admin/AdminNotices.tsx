import { Link } from 'react-router';
import type { PlanLimits } from '../../../schemas/index.ts';
import { buttonStyles } from '../components/button-styles.ts';
import { Skeleton } from '../components/Spinner.tsx';
import { formatLimit, planLabels } from './usage-limits.ts';

/** What anyone but the platform owner sees at /app/admin. */
export function NotOwnerNotice() {
  return (
    <div
      data-testid="not-owner"
      className="mx-auto max-w-xl rounded-xl border border-neutral-200 bg-white px-6 py-12 text-center shadow-sm"
    >
      <h1 className="text-xl font-semibold text-neutral-900">Only the platform owner can open this page</h1>
      <p className="mt-2 text-sm text-neutral-600">
        The admin page lists every builder and sets their plans. It opens for the accounts whose e-mail is in
        the server's <code className="rounded bg-neutral-100 px-1">ADMIN_EMAILS</code>.
      </p>
      <Link to="/app" className={`${buttonStyles.secondary} mt-6`}>
        Back to the dashboard
      </Link>
    </div>
  );
}

export function BuilderTableSkeleton() {
  return (
    <div aria-busy="true" className="space-y-4 rounded-xl border border-neutral-200 bg-white p-5 shadow-sm">
      <p className="sr-only">Loading builders…</p>
      {[0, 1, 2, 3].map((row) => (
        <div key={row} className="flex items-center gap-6">
          <div className="w-48 space-y-2">
            <Skeleton className="h-4 w-24" />
            <Skeleton className="h-3 w-40" />
          </div>
          <Skeleton className="h-8 w-20" />
          {[0, 1, 2, 3, 4].map((bar) => (
            <div key={bar} className="hidden flex-1 space-y-1.5 md:block">
              <Skeleton className="h-3 w-16" />
              <Skeleton className="h-1.5 w-full" />
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

/** The limits that no stored figure is measured against, so the owner sees every limit somewhere. */
export function PlanFacts({ plans }: { plans: readonly PlanLimits[] }) {
  return (
    <p className="text-xs text-neutral-500">
      {plans.map((plan, index) => (
        <span key={plan.id}>
          {index > 0 && ' · '}
          {planLabels[plan.id]}: {formatLimit(plan.appRequestsPerMinute, 'count')} requests a minute per app,{' '}
          {formatLimit(plan.executionTimeoutSeconds, 'count')} s per workflow execution
        </span>
      ))}
    </p>
  );
}
