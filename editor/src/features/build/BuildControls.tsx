import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { FeatureDetail } from '../../../../schemas/index.ts';
import { errorMessage } from '../../api/api-error.ts';
import { useStartBuild } from '../../api/pipeline.ts';
import { Button } from '../../components/Button.tsx';
import { TextField } from '../../components/FormField.tsx';
import { buildReadiness, parseTokenBudget } from './build-readiness.ts';
import { formatTokens } from './format.ts';

/** The Build button, why it cannot be pressed yet, and the optional token budget. */
export function BuildControls({ feature }: { feature: FeatureDetail }) {
  const startBuild = useStartBuild(feature.id);
  const [budget, setBudget] = useState('');
  const [budgetError, setBudgetError] = useState<string>();
  const readiness = buildReadiness(feature);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!readiness.ready) return;
    const parsed = parseTokenBudget(budget);
    if ('error' in parsed) {
      setBudgetError(parsed.error);
      return;
    }
    setBudgetError(undefined);
    startBuild.mutate(parsed.body);
  }

  return (
    <section
      aria-labelledby="build-heading"
      className="rounded-xl border border-neutral-200 bg-white p-5 shadow-sm"
    >
      <h2 id="build-heading" className="font-semibold text-neutral-900">
        Build
      </h2>
      <p className="mt-1 text-sm text-neutral-600">
        The agents write a spec, a plan and tests, build it and review it. Nothing is published until you
        approve.
      </p>
      <form noValidate onSubmit={onSubmit} className="mt-4 grid gap-4 sm:grid-cols-[1fr_auto] sm:items-start">
        <TextField
          label="Token budget (optional)"
          name="tokenBudget"
          inputMode="numeric"
          placeholder={`Default: ${formatTokens(feature.tokenBudget)}`}
          value={budget}
          onChange={(event) => setBudget(event.target.value)}
          error={budgetError}
          hint="The build stops with a clear message if it would spend more."
        />
        <Button
          type="submit"
          className="sm:mt-6.5"
          pending={startBuild.isPending}
          disabled={!readiness.ready}
          aria-describedby={readiness.ready ? undefined : 'build-blocked-reason'}
        >
          Build
        </Button>
      </form>
      {!readiness.ready && (
        <p id="build-blocked-reason" className="mt-3 text-sm text-amber-800">
          {readiness.reason}{' '}
          {readiness.settingsLink && (
            <Link to="/app/settings" className="font-medium underline underline-offset-2">
              Open Settings
            </Link>
          )}
        </p>
      )}
      {startBuild.isError && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          Could not start the build: {errorMessage(startBuild.error)}
        </p>
      )}
    </section>
  );
}
