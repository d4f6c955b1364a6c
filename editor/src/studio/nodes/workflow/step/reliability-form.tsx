import type { Step } from '../../../../../../schemas/definitions.ts';
import { CheckboxInput, DraftNumber, SelectInput } from '../shared/fields.tsx';
import { DEFAULT_RETRY } from './step-edits.ts';
import { commitStep, patchStep, problemsOf, type StepForm } from './step-form.ts';

type Retry = NonNullable<Step['retry']>;

/** Retries with backoff and a timeout: how hard the step tries before its on-error path takes over. */
export function ReliabilityForm({ form }: { form: StepForm }) {
  const { step } = form;
  const retry = step.retry;
  const commitRetry = (setting: keyof Retry, value: number | undefined) =>
    commitStep(
      form,
      `retry.${setting}`,
      (now) => (now.retry ? { retry: { ...now.retry, [setting]: value } } : 'turn retries on first'),
      (now) => String(now.retry?.[setting] ?? ''),
    );
  return (
    <>
      <CheckboxInput
        label="Try again when it fails"
        checked={retry !== undefined}
        hint="For calls to services that sometimes fail for a moment."
        onChange={(on) => patchStep(form, { retry: on ? { ...DEFAULT_RETRY } : undefined })}
      />
      {retry && (
        <div className="space-y-3 border-l-2 border-neutral-200 pl-3">
          <DraftNumber
            label="Attempts"
            value={retry.attempts}
            min={1}
            max={5}
            problems={problemsOf(form, 'retry.attempts')}
            commit={(attempts) => commitRetry('attempts', attempts)}
          />
          <SelectInput
            label="Wait between attempts"
            value={retry.backoff}
            choices={[
              { value: 'exponential', label: 'Longer each time (exponential)' },
              { value: 'fixed', label: 'The same each time (fixed)' },
            ]}
            onChange={(backoff) => patchStep(form, { retry: { ...retry, backoff } })}
          />
          <DraftNumber
            label="First wait"
            unit="ms"
            value={retry.delayMs}
            min={100}
            max={60_000}
            problems={problemsOf(form, 'retry.delayMs')}
            commit={(delayMs) => commitRetry('delayMs', delayMs)}
          />
        </div>
      )}
      <DraftNumber
        label="Timeout"
        unit="ms"
        value={step.timeoutMs}
        min={100}
        max={120_000}
        optional
        hint="100–120000; empty for the run's own limit (30 s free, 120 s paid)."
        problems={problemsOf(form, 'timeoutMs')}
        commit={(timeoutMs) =>
          commitStep(
            form,
            'timeoutMs',
            () => ({ timeoutMs }),
            (now) => (now.timeoutMs === undefined ? '' : String(now.timeoutMs)),
          )
        }
      />
    </>
  );
}
