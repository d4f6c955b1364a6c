import type { ReactNode } from 'react';
import type { FeaturePlan, FeatureSpec } from '../../../../schemas/index.ts';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-1.5">
      <h3 className="text-sm font-semibold text-neutral-900">{title}</h3>
      {children}
    </section>
  );
}

function Bullets({ items }: { items: readonly string[] }) {
  if (items.length === 0) return <p className="text-sm text-neutral-500">None.</p>;
  return (
    <ul className="list-disc space-y-1 pl-5 text-sm text-neutral-800">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

export function SpecTab({ spec }: { spec: FeatureSpec }) {
  return (
    <article className="space-y-5" data-testid="spec">
      <div>
        <h3 className="text-lg font-semibold text-neutral-900">{spec.title}</h3>
        <p className="mt-1 text-sm whitespace-pre-wrap text-neutral-700">{spec.summary}</p>
      </div>
      <Section title="Who uses it">
        <Bullets items={spec.users} />
      </Section>
      <Section title="Requirements">
        <Bullets items={spec.requirements} />
      </Section>
      <Section title="Acceptance checks">
        <Bullets items={spec.acceptance} />
      </Section>
      <Section title="Out of scope">
        <Bullets items={spec.outOfScope} />
      </Section>
    </article>
  );
}

export function PlanTab({ plan }: { plan: FeaturePlan }) {
  return (
    <div className="space-y-6">
      <Section title="Steps">
        <ol className="space-y-3">
          {plan.steps.map((step, index) => (
            <li key={step.title} className="flex gap-3 text-sm">
              <span className="grid size-6 shrink-0 place-items-center rounded-full bg-indigo-50 text-xs font-semibold text-indigo-700">
                {index + 1}
              </span>
              <div>
                <p className="font-medium text-neutral-900">{step.title}</p>
                <p className="mt-0.5 whitespace-pre-wrap text-neutral-700">{step.detail}</p>
              </div>
            </li>
          ))}
        </ol>
      </Section>
      <Section title="The names the tests and the build share">
        <dl className="divide-y divide-neutral-100 rounded-lg border border-neutral-200">
          {plan.interface.map((item) => (
            <div key={item.name} className="grid gap-1 px-3 py-2 text-sm sm:grid-cols-[12rem_1fr]">
              <dt className="font-mono text-xs text-neutral-900">{item.name}</dt>
              <dd className="whitespace-pre-wrap text-neutral-700">{item.detail}</dd>
            </div>
          ))}
        </dl>
      </Section>
    </div>
  );
}

export function EmptyTab({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-lg border border-dashed border-neutral-300 p-5 text-sm text-neutral-600">
      {children}
    </p>
  );
}
