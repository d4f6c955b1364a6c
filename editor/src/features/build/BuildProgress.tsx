import type { FeatureDetail } from '../../../../schemas/index.ts';
import { errorMessage } from '../../api/api-error.ts';
import { useRetryBuild } from '../../api/pipeline.ts';
import { Button } from '../../components/Button.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { budgetPercent, formatCost, formatTokens } from './format.ts';
import { type BuildStep, buildSteps, STEP_LABELS, type StepState } from './stage-steps.ts';

const MARK: Record<StepState, string> = {
  done: 'bg-emerald-600 text-white',
  running: 'bg-indigo-600 text-white',
  failed: 'bg-red-600 text-white',
  waiting: 'bg-amber-500 text-white',
  pending: 'bg-white text-neutral-400 ring-1 ring-neutral-300',
};

const STATE_WORDS: Record<StepState, string> = {
  done: 'done',
  running: 'running',
  failed: 'failed',
  waiting: 'waiting for you',
  pending: 'not started',
};

/** Where the build is: the stages as a stepper, tokens against the budget, cost so far. */
export function BuildProgress({ feature, live }: { feature: FeatureDetail; live: boolean }) {
  const steps = buildSteps(feature);
  const retry = useRetryBuild(feature.id);
  const percent = budgetPercent(feature.tokensUsed, feature.tokenBudget);
  const failedStage = feature.status === 'failed' ? feature.failedStage : null;

  return (
    <section
      aria-labelledby="progress-heading"
      className="rounded-xl border border-neutral-200 bg-white p-5 shadow-sm"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="progress-heading" className="font-semibold text-neutral-900">
          Build progress
        </h2>
        {feature.status !== 'done' &&
          feature.status !== 'failed' &&
          feature.status !== 'awaiting_approval' && (
            <span className="text-xs text-neutral-500">{live ? '● Live' : 'Checking every few seconds'}</span>
          )}
      </div>

      <ol aria-label="Build stages" className="mt-4 space-y-3">
        {steps.map((step, index) => (
          <StepRow key={step.key} step={step} index={index} />
        ))}
      </ol>

      {feature.status === 'failed' && (
        <div
          role="alert"
          className="mt-4 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800"
        >
          <p className="font-semibold">
            {failedStage ? `The ${STEP_LABELS[failedStage].toLowerCase()} stage failed` : 'The build failed'}
          </p>
          <p className="mt-0.5">{feature.failureReason ?? 'No reason was recorded.'}</p>
          <Button
            variant="secondary"
            className="mt-3"
            pending={retry.isPending}
            onClick={() => retry.mutate(failedStage ?? undefined)}
          >
            Retry from {failedStage ? STEP_LABELS[failedStage] : 'the start'}
          </Button>
          {retry.isError && <p className="mt-2">Could not retry: {errorMessage(retry.error)}</p>}
        </div>
      )}

      {feature.rejectionComment && feature.status !== 'done' && (
        <div className="mt-4 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          <p className="font-medium">You sent it back with this comment</p>
          <p className="mt-0.5 whitespace-pre-wrap">{feature.rejectionComment}</p>
        </div>
      )}

      <dl className="mt-5 grid gap-4 border-t border-neutral-100 pt-4 sm:grid-cols-2">
        <div>
          <dt className="text-xs font-medium tracking-wide text-neutral-500 uppercase">Tokens used</dt>
          <dd className="mt-1 text-sm text-neutral-900" data-testid="tokens-used">
            {formatTokens(feature.tokensUsed)} of {formatTokens(feature.tokenBudget)}
          </dd>
          <dd className="mt-1.5">
            <div
              aria-hidden="true"
              data-percent={percent}
              className="h-1.5 overflow-hidden rounded-full bg-neutral-100"
            >
              <div
                className={`h-full rounded-full ${percent >= 90 ? 'bg-red-500' : percent >= 70 ? 'bg-amber-500' : 'bg-indigo-500'}`}
                style={{ width: `${percent}%` }}
              />
            </div>
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium tracking-wide text-neutral-500 uppercase">Cost so far</dt>
          <dd className="mt-1 text-sm text-neutral-900" data-testid="cost-so-far">
            {formatCost(feature.costUsd)}
          </dd>
          <dd className="mt-0.5 text-xs text-neutral-500">Billed to your Anthropic account</dd>
        </div>
      </dl>
    </section>
  );
}

function StepRow({ step, index }: { step: BuildStep; index: number }) {
  return (
    <li className="flex gap-3" data-step={step.key} data-state={step.state}>
      <span
        aria-hidden="true"
        className={`grid size-7 shrink-0 place-items-center rounded-full text-xs font-semibold ${MARK[step.state]}`}
      >
        {step.state === 'done' ? (
          '✓'
        ) : step.state === 'failed' ? (
          '!'
        ) : step.state === 'running' ? (
          <Spinner size="sm" />
        ) : (
          index + 1
        )}
      </span>
      <div className="min-w-0 pt-0.5">
        <p
          className={`text-sm font-medium ${step.state === 'pending' ? 'text-neutral-500' : 'text-neutral-900'}`}
        >
          {step.label}
          <span className="sr-only"> — {STATE_WORDS[step.state]}</span>
        </p>
        {step.detail && (
          <p
            className={`mt-0.5 text-sm ${step.state === 'failed' ? 'text-red-700' : step.state === 'waiting' ? 'text-amber-800' : 'text-neutral-600'}`}
          >
            {step.detail}
          </p>
        )}
      </div>
    </li>
  );
}
