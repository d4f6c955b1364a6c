import { Link } from 'react-router';
import type { Feature } from '../../../schemas/index.ts';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { formatDate, modeLabel } from '../lib/feature-labels.ts';
import { DeleteFeatureButton } from './DeleteFeatureButton.tsx';

export function FeatureListView({ features }: { features: readonly Feature[] }) {
  return (
    <ul
      aria-label="Features"
      className="divide-y divide-neutral-200 overflow-hidden rounded-xl border border-neutral-200 bg-white shadow-sm"
    >
      {features.map((feature) => (
        <li key={feature.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-4">
          <div className="min-w-0 basis-full sm:basis-0 sm:flex-1">
            <Link
              to={`/app/features/${feature.id}`}
              className="font-medium break-words text-neutral-900 hover:text-indigo-700"
            >
              {feature.title}
            </Link>
            <p className="mt-0.5 text-sm text-neutral-500">
              <span>{modeLabel(feature.mode)}</span>
              <span aria-hidden="true"> · </span>
              <span>
                Created <time dateTime={feature.createdAt}>{formatDate(feature.createdAt)}</time>
              </span>
            </p>
          </div>
          <StatusBadge status={feature.status} />
          <DeleteFeatureButton feature={feature} />
        </li>
      ))}
    </ul>
  );
}
