import { Link } from 'react-router';
import { FeatureMode } from '../../../schemas/index.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { buttonStyles } from '../components/button-styles.ts';
import { modeDescriptions, modeLabels } from '../lib/feature-labels.ts';

const steps = [
  {
    title: 'Describe it',
    text: 'Tell the BA agent, in plain words, what you need. It asks until it understands.',
  },
  {
    title: 'Watch it built',
    text: 'Six constrained agents write the spec, tests and implementation, then review it.',
  },
  {
    title: 'Edit and approve',
    text: 'See tables, views and workflow graphs on a canvas, change them by hand, approve.',
  },
];

export function LandingPage() {
  const auth = useAuth();

  return (
    <div>
      <section className="mx-auto max-w-5xl px-4 pt-16 pb-12 sm:px-6 sm:pt-24">
        <p className="text-sm font-medium text-indigo-700">For builders who are not programmers</p>
        <h1 className="mt-3 max-w-3xl text-4xl font-semibold tracking-tight text-neutral-900 sm:text-5xl">
          Describe the software you need. Get an app, a workflow or code you can trust.
        </h1>
        <p className="mt-5 max-w-2xl text-lg text-neutral-600">
          Build Practical turns a chat into a working declarative app, an automation, or TypeScript source —
          checked by the same schemas and security review whether an agent or you made the change.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          {auth.status === 'signedIn' ? (
            <Link to="/app" className={buttonStyles.primary}>
              Open studio
            </Link>
          ) : (
            <>
              <Link to="/signup" className={buttonStyles.primary}>
                Sign up
              </Link>
              <Link to="/login" className={buttonStyles.secondary}>
                Log in
              </Link>
            </>
          )}
        </div>
      </section>

      <section aria-labelledby="modes-heading" className="mx-auto max-w-5xl px-4 py-10 sm:px-6">
        <h2 id="modes-heading" className="text-lg font-semibold text-neutral-900">
          Three kinds of result
        </h2>
        <ul className="mt-4 grid gap-4 sm:grid-cols-3">
          {FeatureMode.options.map((mode) => (
            <li key={mode} className="rounded-xl border border-neutral-200 bg-white p-5 shadow-sm">
              <h3 className="font-medium text-neutral-900">{modeLabels[mode]}</h3>
              <p className="mt-2 text-sm text-neutral-600">{modeDescriptions[mode]}</p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="how-heading" className="mx-auto max-w-5xl px-4 pt-6 pb-20 sm:px-6">
        <h2 id="how-heading" className="text-lg font-semibold text-neutral-900">
          How it works
        </h2>
        <ol className="mt-4 grid gap-4 sm:grid-cols-3">
          {steps.map((step, index) => (
            <li key={step.title} className="flex gap-3">
              <span
                aria-hidden="true"
                className="grid size-7 shrink-0 place-items-center rounded-full bg-indigo-50 text-sm font-semibold text-indigo-700"
              >
                {index + 1}
              </span>
              <div>
                <h3 className="font-medium text-neutral-900">{step.title}</h3>
                <p className="mt-1 text-sm text-neutral-600">{step.text}</p>
              </div>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
