import { Link } from 'react-router';
import { errorMessage } from '../api/api-error.ts';
import { useSharedApps } from '../api/apps.ts';
import { useSharedWorkflows } from '../api/workflows.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface SharedItem {
  kind: 'App' | 'Workflow';
  id: string;
  name: string;
  owner: string;
  currentVersion: number;
  updatedAt: string;
  to: string;
}

/**
 * Apps and workflows other builders added the signed-in builder to as a reviewer (issue #5):
 * each opens read-only, with its history and diffs. Nothing shows until something is shared.
 */
export function SharedForReviewSection() {
  const apps = useSharedApps();
  const workflows = useSharedWorkflows();
  const failed = apps.error ?? workflows.error;
  const items: SharedItem[] = [
    ...(apps.data?.apps ?? []).map((a) => ({ ...a, kind: 'App' as const, to: `/app/apps/${a.id}` })),
    ...(workflows.data?.workflows ?? []).map((w) => ({
      ...w,
      kind: 'Workflow' as const,
      to: `/app/workflows/${w.id}`,
    })),
  ].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));

  if (!failed && items.length === 0) return null;
  return (
    <section aria-labelledby="shared-heading" className="space-y-3">
      <div>
        <h2 id="shared-heading" className="text-lg font-semibold text-neutral-900">
          Shared with you for review
        </h2>
        <p className="text-sm text-neutral-600">
          Other builders’ apps and workflows: read their versions and compare them. Only their owners edit
          them.
        </p>
      </div>
      {failed && (
        <ErrorAlert
          title="Could not load what is shared with you"
          message={errorMessage(failed)}
          onRetry={() => void Promise.all([apps.refetch(), workflows.refetch()])}
        />
      )}
      {items.length > 0 && (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="Shared with you for review">
          {items.map((item) => (
            <li
              key={item.id}
              className="relative rounded-xl border border-sky-200 bg-white p-4 shadow-sm hover:border-sky-400"
            >
              <Link to={item.to} className="font-medium text-neutral-900 after:absolute after:inset-0">
                {item.name}
              </Link>
              <p className="mt-1 text-xs text-neutral-500">
                {item.kind} by {item.owner} · v{item.currentVersion} · edited{' '}
                {dateFormat.format(new Date(item.updatedAt))}
              </p>
              <p className="mt-2 text-xs">
                <span className="rounded-full bg-sky-50 px-2 py-0.5 font-medium text-sky-900">
                  Read-only review
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
