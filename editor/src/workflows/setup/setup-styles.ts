/** The inspector's compact input, as the rest of the workflow settings panel draws it. */
export const setupInput =
  'mt-1 block w-full rounded-md border border-neutral-300 bg-white px-2 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30';

export const badge = {
  good: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  warn: 'bg-amber-50 text-amber-800 ring-amber-200',
  quiet: 'bg-neutral-100 text-neutral-700 ring-neutral-300',
} as const;

export const badgeBase = 'shrink-0 rounded-full px-2 text-xs leading-5 font-medium ring-1 ring-inset';
