import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import type { AppDefinition, WorkflowDefinition } from '../../../../schemas/definitions.ts';
import type { FeatureArtifacts, FeatureDetail } from '../../../../schemas/index.ts';
import { buttonStyles } from '../../components/button-styles.ts';
import { CodeBrowser } from './CodeBrowser.tsx';
import { summarizeApp, summarizeWorkflow } from './definition-summary.ts';

type Result = NonNullable<FeatureArtifacts['result']>;

// The canvas (React Flow, the layout engine, every node kind) loads only when a result is shown.
const ResultCanvas = lazy(() => import('./ResultCanvas.tsx').then((m) => ({ default: m.ResultCanvas })));

function CanvasLoading() {
  return (
    <p
      aria-busy="true"
      className="h-[28rem] rounded-xl border border-neutral-200 bg-neutral-50 p-4 text-sm text-neutral-500"
    >
      Drawing the canvas…
    </p>
  );
}

/** What the implementer built: an app's tables and views, a workflow's steps, or the code's files. */
export function ResultTab({ result, feature }: { result: Result; feature: FeatureDetail }) {
  if (result.kind === 'code') {
    return <CodeBrowser files={[...result.files, ...result.tests]} label="Files" />;
  }
  if (result.kind === 'workflows') {
    const summary = summarizeWorkflow(result.definition);
    return (
      <div className="space-y-4">
        <CanvasLink to={feature.workflowId ? `/app/workflows/${feature.workflowId}` : null} />
        <Suspense fallback={<CanvasLoading />}>
          <ResultCanvas
            featureId={feature.id}
            candidate={{ kind: 'workflows', definition: result.definition as unknown as WorkflowDefinition }}
          />
        </Suspense>
        <div>
          <h3 className="text-lg font-semibold text-neutral-900">{summary.name}</h3>
          <p className="mt-1 text-sm text-neutral-700">{summary.trigger}, then:</p>
        </div>
        <ol className="space-y-2" aria-label="Workflow steps">
          {summary.steps.map((step, index) => (
            <li
              key={step.id}
              className="flex items-baseline gap-3 rounded-lg border border-neutral-200 px-3 py-2 text-sm"
            >
              <span className="text-xs font-semibold text-neutral-400">{index + 1}</span>
              <span className="font-medium text-neutral-900">{step.label}</span>
              <span className="ml-auto rounded bg-neutral-100 px-1.5 py-0.5 text-xs text-neutral-600">
                {step.kind}
              </span>
            </li>
          ))}
        </ol>
      </div>
    );
  }
  const summary = summarizeApp(result.definition);
  return (
    <div className="space-y-5">
      <CanvasLink to={feature.appId ? `/app/apps/${feature.appId}` : null} />
      <Suspense fallback={<CanvasLoading />}>
        <ResultCanvas
          featureId={feature.id}
          candidate={{ kind: 'components', definition: result.definition as unknown as AppDefinition }}
        />
      </Suspense>
      <h3 className="text-lg font-semibold text-neutral-900">{summary.name}</h3>
      <div className="grid gap-5 md:grid-cols-2">
        <section aria-label="Tables">
          <h4 className="text-sm font-semibold text-neutral-900">Tables ({summary.tables.length})</h4>
          <ul className="mt-2 space-y-2">
            {summary.tables.map((table) => (
              <li key={table.id} className="rounded-lg border border-neutral-200 px-3 py-2 text-sm">
                <p className="font-medium text-neutral-900">{table.label}</p>
                <p className="mt-0.5 text-xs text-neutral-600">{table.fields.join(' · ')}</p>
              </li>
            ))}
          </ul>
        </section>
        <section aria-label="Views">
          <h4 className="text-sm font-semibold text-neutral-900">Views ({summary.views.length})</h4>
          <ul className="mt-2 space-y-2">
            {summary.views.map((view) => (
              <li
                key={view.id}
                className="flex items-baseline gap-2 rounded-lg border border-neutral-200 px-3 py-2 text-sm"
              >
                <span className="font-medium text-neutral-900">{view.label}</span>
                {view.table && <span className="text-xs text-neutral-500">of {view.table}</span>}
                <span className="ml-auto rounded bg-neutral-100 px-1.5 py-0.5 text-xs text-neutral-600">
                  {view.kind}
                </span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}

/** The canvas opens the approved app or workflow; before approval there is nothing saved to open. */
function CanvasLink({ to }: { to: string | null }) {
  if (to)
    return (
      <Link to={to} className={buttonStyles.secondary}>
        Open on the canvas
      </Link>
    );
  return (
    <p className="text-xs text-neutral-500">
      Read-only below; once you approve it, you can open it on the canvas and change it there.
    </p>
  );
}
