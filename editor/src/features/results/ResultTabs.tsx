import { useState } from 'react';
import type { FeatureDetail } from '../../../../schemas/index.ts';
import { ResultTab } from './ResultTab.tsx';
import { ReviewTab } from './ReviewTab.tsx';
import { RunsTab } from './RunsTab.tsx';
import { EmptyTab, PlanTab, SpecTab } from './SpecPlanTabs.tsx';
import { Tabs } from './Tabs.tsx';
import { TestsTab } from './TestsTab.tsx';

type TabKey = 'spec' | 'plan' | 'tests' | 'result' | 'review' | 'runs';

/** The first tab with something in it the builder has not seen: the newest artifact. */
function newestTab(feature: FeatureDetail): TabKey {
  const { artifacts } = feature;
  if (feature.status === 'awaiting_approval' || feature.status === 'done')
    return artifacts.review ? 'review' : 'result';
  if (artifacts.result) return 'result';
  if (artifacts.tests) return 'tests';
  if (artifacts.plan) return 'plan';
  return 'spec';
}

/** What each stage produced, one tab per artifact, plus the model calls that produced them. */
export function ResultTabs({ feature }: { feature: FeatureDetail }) {
  const [chosen, setChosen] = useState<TabKey>();
  const selected = chosen ?? newestTab(feature);
  const { artifacts } = feature;
  const blockers = artifacts.review?.findings.filter((f) => f.severity === 'blocker').length ?? 0;

  return (
    <section
      aria-labelledby="results-heading"
      className="rounded-xl border border-neutral-200 bg-white p-5 shadow-sm"
    >
      <h2 id="results-heading" className="font-semibold text-neutral-900">
        What the agents produced
      </h2>
      <div className="mt-3">
        <Tabs
          label="Build results"
          selected={selected}
          onSelect={setChosen}
          items={[
            { key: 'spec', label: 'Spec' },
            { key: 'plan', label: 'Plan' },
            {
              key: 'tests',
              label: 'Tests',
              badge: artifacts.tests
                ? String(
                    artifacts.tests.kind === 'code'
                      ? artifacts.tests.tests.length
                      : artifacts.tests.cases.length,
                  )
                : undefined,
            },
            { key: 'result', label: 'Result' },
            {
              key: 'review',
              label: 'Review',
              badge: artifacts.review
                ? blockers
                  ? `${blockers} blocking`
                  : String(artifacts.review.findings.length)
                : undefined,
            },
            { key: 'runs', label: 'Runs' },
          ]}
        >
          {selected === 'spec' &&
            (artifacts.spec ? (
              <SpecTab spec={artifacts.spec} />
            ) : (
              <EmptyTab>The spec agent has not written the spec yet.</EmptyTab>
            ))}
          {selected === 'plan' &&
            (artifacts.plan ? (
              <PlanTab plan={artifacts.plan} />
            ) : (
              <EmptyTab>The planner has not written the plan yet.</EmptyTab>
            ))}
          {selected === 'tests' &&
            (artifacts.tests ? (
              <TestsTab tests={artifacts.tests} run={artifacts.contractRun} />
            ) : (
              <EmptyTab>The contract tests come after the plan.</EmptyTab>
            ))}
          {selected === 'result' &&
            (artifacts.result ? (
              <ResultTab result={artifacts.result} feature={feature} />
            ) : (
              <EmptyTab>The implementer builds it once the tests are written.</EmptyTab>
            ))}
          {selected === 'review' &&
            (artifacts.review ? (
              <ReviewTab findings={artifacts.review.findings} summary={artifacts.review.summary} />
            ) : (
              <EmptyTab>The security and code review run after the build.</EmptyTab>
            ))}
          {selected === 'runs' && <RunsTab featureId={feature.id} />}
        </Tabs>
      </div>
    </section>
  );
}
