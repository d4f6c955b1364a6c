import { FeatureMode } from '../../../../schemas/index.ts';
import { errorMessage } from '../../api/api-error.ts';
import { useSetMode } from '../../api/pipeline.ts';
import { Button } from '../../components/Button.tsx';
import { modeDescriptions, modeLabels } from '../../lib/feature-labels.ts';

interface ModeCardProps {
  featureId: string;
  mode: FeatureMode | null;
  recommendedMode: FeatureMode | null;
  modeReason: string | null;
  /** Once the build has started the mode is fixed. */
  locked: boolean;
}

/** The BA agent's recommendation with its one sentence of why, and the builder's final say. */
export function ModeCard({ featureId, mode, recommendedMode, modeReason, locked }: ModeCardProps) {
  const setMode = useSetMode(featureId);
  const others = FeatureMode.options.filter((option) => option !== (recommendedMode ?? mode));

  return (
    <section
      aria-labelledby="mode-heading"
      className="rounded-xl border border-neutral-200 bg-white p-5 shadow-sm"
    >
      <h2 id="mode-heading" className="font-semibold text-neutral-900">
        How to build it
      </h2>
      {recommendedMode ? (
        <div
          data-testid="mode-recommendation"
          className="mt-3 rounded-lg border border-indigo-200 bg-indigo-50/60 p-4"
        >
          <p className="text-xs font-medium tracking-wide text-indigo-700 uppercase">
            The BA agent recommends
          </p>
          <p className="mt-1 text-lg font-semibold text-neutral-900">{modeLabels[recommendedMode]}</p>
          {modeReason && <p className="mt-1 text-sm text-neutral-700">{modeReason}</p>}
          <div className="mt-3">
            {mode === recommendedMode ? (
              <p className="text-sm font-medium text-emerald-700">✓ Using this mode</p>
            ) : (
              !locked && (
                <Button
                  onClick={() => setMode.mutate(recommendedMode)}
                  pending={setMode.isPending && setMode.variables === recommendedMode}
                  disabled={setMode.isPending}
                >
                  Use this
                </Button>
              )
            )}
          </div>
        </div>
      ) : (
        <p className="mt-1 text-sm text-neutral-600">
          {mode
            ? 'You chose the mode yourself.'
            : 'No recommendation yet: keep chatting and the BA agent will suggest one, or choose it yourself.'}
        </p>
      )}

      {mode && mode !== recommendedMode && (
        <p className="mt-3 text-sm text-neutral-800">
          Chosen: <span className="font-semibold">{modeLabels[mode]}</span>
          <span className="text-neutral-500"> — {modeDescriptions[mode]}</span>
        </p>
      )}

      {!locked && (
        <fieldset className="mt-4">
          <legend className="text-sm font-medium text-neutral-800">
            {recommendedMode ? 'Or choose another mode' : 'Choose a mode'}
          </legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {(recommendedMode ? others : FeatureMode.options).map((option) => (
              <button
                key={option}
                type="button"
                aria-pressed={mode === option}
                disabled={setMode.isPending}
                onClick={() => setMode.mutate(option)}
                className={`rounded-lg border p-3 text-left text-sm transition-colors disabled:opacity-60 ${
                  mode === option
                    ? 'border-indigo-500 bg-indigo-50 ring-1 ring-indigo-500'
                    : 'border-neutral-300 bg-white hover:bg-neutral-50'
                }`}
              >
                <span className="font-medium text-neutral-900">{modeLabels[option]}</span>
                <span className="mt-0.5 block text-xs text-neutral-600">{modeDescriptions[option]}</span>
              </button>
            ))}
          </div>
        </fieldset>
      )}
      {setMode.isError && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          Could not set the mode: {errorMessage(setMode.error)}
        </p>
      )}
    </section>
  );
}
