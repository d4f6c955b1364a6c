import type { FeatureStatus } from '../../../schemas/index.ts';
import { pipelineStages, statusLabels } from '../lib/feature-labels.ts';

/**
 * Says plainly that the BA chat and the agent pipeline are not running yet, and what they will
 * do once they are, so nobody waits for a result that is not coming.
 */
export function PipelinePreview({ current }: { current?: FeatureStatus }) {
  return (
    <section
      aria-labelledby="pipeline-heading"
      className="rounded-xl border border-indigo-200 bg-indigo-50/60 p-5 text-sm text-neutral-800"
    >
      <h2 id="pipeline-heading" className="font-semibold text-neutral-900">
        The BA chat and the agent pipeline are coming soon
      </h2>
      <p className="mt-1 text-neutral-700">
        They are not available in this version of the studio yet, so nothing is being built
        {current ? ' for this feature' : ''} right now. When they arrive, a feature moves through these
        stages:
      </p>
      <ol className="mt-4 space-y-2">
        {pipelineStages.map((stage, index) => (
          <li key={stage.status} className="flex gap-3">
            <span
              aria-hidden="true"
              className={`grid size-6 shrink-0 place-items-center rounded-full text-xs font-semibold ${
                stage.status === current
                  ? 'bg-indigo-600 text-white'
                  : 'bg-white text-indigo-700 ring-1 ring-indigo-200'
              }`}
            >
              {index + 1}
            </span>
            <p>
              <span className="font-medium">{statusLabels[stage.status]}</span>
              {stage.status === current && <span className="text-indigo-700"> (this feature)</span>}
              <span className="text-neutral-600"> — {stage.what}</span>
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
