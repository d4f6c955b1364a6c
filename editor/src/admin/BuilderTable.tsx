import { memo } from 'react';
import type { AdminBuilder, PlanLimits } from '../../../schemas/index.ts';
import { formatDate } from '../lib/feature-labels.ts';
import { PlanSelect } from './PlanSelect.tsx';
import { UsageBar } from './UsageBar.tsx';
import { formatAmount, USAGE_LIMITS, usageAgainst } from './usage-limits.ts';

const headerCell = 'px-3 py-2.5 text-left text-xs font-medium tracking-wide text-neutral-500 uppercase';

const BuilderRow = memo(function BuilderRow({
  builder,
  plans,
}: {
  builder: AdminBuilder;
  plans: readonly PlanLimits[];
}) {
  const plan = plans.find((p) => p.id === builder.plan);
  const measures = plan ? usageAgainst(builder.usage, plan) : [];
  return (
    <tr data-testid="builder-row" className="align-top">
      <th scope="row" className="px-3 py-3 text-left font-normal">
        <p className="font-medium text-neutral-900">{builder.username}</p>
        <p className="max-w-56 truncate text-sm text-neutral-500" title={builder.email ?? undefined}>
          {builder.email ?? 'e-mail not readable'}
        </p>
        <p className="text-xs text-neutral-400">
          Joined <time dateTime={builder.createdAt}>{formatDate(builder.createdAt)}</time>
        </p>
      </th>
      <td className="px-3 py-3">
        <PlanSelect builder={builder} plans={plans} />
      </td>
      {measures.map((measure) => (
        <td key={measure.usage} className="px-3 py-3">
          <UsageBar
            measure={measure}
            {...(measure.usage === 'largestAppRows'
              ? { note: `${formatAmount(builder.usage.totalRows, 'count')} in all apps` }
              : {})}
          />
        </td>
      ))}
    </tr>
  );
});

/** Every builder, their plan and their usage against each limit of it, one row each. */
export function BuilderTable({
  builders,
  plans,
}: {
  builders: readonly AdminBuilder[];
  plans: readonly PlanLimits[];
}) {
  return (
    <div className="relative overflow-x-auto rounded-xl border border-neutral-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-neutral-200 text-sm">
        <caption className="sr-only">Builders, their plans and their usage against the plan's limits</caption>
        <thead className="bg-neutral-50">
          <tr>
            <th scope="col" className={headerCell}>
              Builder
            </th>
            <th scope="col" className={headerCell}>
              Plan
            </th>
            {USAGE_LIMITS.map((item) => (
              <th key={item.usage} scope="col" className={headerCell}>
                {item.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-neutral-100">
          {builders.map((builder) => (
            <BuilderRow key={builder.id} builder={builder} plans={plans} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
