import { useState } from 'react';
import { type AdminBuilder, Plan, type PlanLimits } from '../../../schemas/index.ts';
import { errorMessage } from '../api/api-error.ts';
import { Spinner } from '../components/Spinner.tsx';
import { useSetBuilderPlan } from './admin-api.ts';
import { PlanChangeDialog } from './PlanChangeDialog.tsx';
import { planLabels } from './usage-limits.ts';

/**
 * A builder's plan. Choosing another one asks first; once confirmed the table shows it at once
 * and puts the old plan back, with the reason, if the server refuses.
 */
export function PlanSelect({ builder, plans }: { builder: AdminBuilder; plans: readonly PlanLimits[] }) {
  const setPlan = useSetBuilderPlan();
  const [asked, setAsked] = useState<Plan | null>(null);
  const planById = (id: Plan | null) => plans.find((p) => p.id === id);

  function onChange(value: string) {
    const parsed = Plan.safeParse(value);
    if (parsed.success && parsed.data !== builder.plan) setAsked(parsed.data);
  }

  function onConfirm() {
    if (!asked) return;
    setPlan.mutate({ id: builder.id, plan: asked, previous: builder.plan });
    setAsked(null);
  }

  const selectId = `plan-${builder.id}`;
  return (
    <div className="min-w-28">
      <label htmlFor={selectId} className="sr-only">
        Plan of {builder.username}
      </label>
      <div className="flex items-center gap-2">
        <select
          id={selectId}
          value={builder.plan}
          disabled={setPlan.isPending}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={setPlan.isError ? `${selectId}-error` : undefined}
          className={`h-9 rounded-lg border bg-white px-2 text-sm shadow-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none disabled:opacity-60 ${
            builder.plan === 'paid'
              ? 'border-indigo-300 text-indigo-800'
              : 'border-neutral-300 text-neutral-800'
          }`}
        >
          {plans.map((plan) => (
            <option key={plan.id} value={plan.id}>
              {planLabels[plan.id]}
            </option>
          ))}
        </select>
        {setPlan.isPending && <Spinner size="sm" label="Saving…" />}
      </div>
      {setPlan.isError && (
        <p id={`${selectId}-error`} role="alert" className="mt-1 max-w-56 text-xs text-red-700">
          Plan not changed: {errorMessage(setPlan.error)}
        </p>
      )}
      <PlanChangeDialog
        builder={builder}
        from={planById(builder.plan)}
        to={planById(asked)}
        onConfirm={onConfirm}
        onCancel={() => setAsked(null)}
      />
    </div>
  );
}
