import type { FeatureStatus } from '../../../schemas/index.ts';
import { statusLabels } from '../lib/feature-labels.ts';

const tones: Record<FeatureStatus, string> = {
  drafting: 'bg-neutral-100 text-neutral-700 ring-neutral-300',
  spec: 'bg-indigo-50 text-indigo-700 ring-indigo-200',
  planning: 'bg-indigo-50 text-indigo-700 ring-indigo-200',
  testing: 'bg-indigo-50 text-indigo-700 ring-indigo-200',
  implementing: 'bg-indigo-50 text-indigo-700 ring-indigo-200',
  reviewing: 'bg-amber-50 text-amber-800 ring-amber-200',
  awaiting_approval: 'bg-amber-50 text-amber-800 ring-amber-200',
  done: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  failed: 'bg-red-50 text-red-700 ring-red-200',
};

export function StatusBadge({ status }: { status: FeatureStatus }) {
  return (
    <span
      data-testid="feature-status"
      className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[status]}`}
    >
      {statusLabels[status]}
    </span>
  );
}
