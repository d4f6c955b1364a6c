import { useEffect, useState } from 'react';
import type { AppVersion } from '../../../schemas/index.ts';

/** An app's or a workflow's version: published (apps) or active (workflows) marks the live one. */
export type ListedVersion = Pick<AppVersion, 'version' | 'author' | 'createdAt' | 'summary'> & {
  published?: boolean;
  active?: boolean;
};

import { errorMessage } from '../api/api-error.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Skeleton } from '../components/Spinner.tsx';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface VersionsPanelProps {
  versions: readonly ListedVersion[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  /** The two versions being compared (older, newer), or null. */
  compared: readonly [number, number] | null;
  onCompare: (pair: readonly [number, number] | null) => void;
  /** Who saved the builder's versions, as shown: "you", or the owner's username to a reviewer. */
  builder?: string;
}

/**
 * The history of a definition, newest first: who saved each version (the builder or an agent),
 * when, and what changed. Ticking two versions shows their diff on the canvas.
 */
export function VersionsPanel({
  versions,
  loading,
  error,
  onRetry,
  compared,
  onCompare,
  builder = 'you',
}: VersionsPanelProps) {
  const [picks, setPicks] = useState<number[]>(() => [...(compared ?? [])]);
  // Closing the diff elsewhere clears the ticks here.
  useEffect(() => {
    if (compared === null) setPicks((current) => (current.length === 2 ? [] : current));
  }, [compared]);

  if (loading)
    return (
      <div aria-busy="true" className="space-y-2 p-3">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-10" />
        ))}
      </div>
    );
  if (error)
    return (
      <div className="p-3">
        <ErrorAlert title="Could not load the history" message={errorMessage(error)} onRetry={onRetry} />
      </div>
    );
  if (!versions?.length) return <p className="p-3 text-sm text-neutral-600">No versions yet.</p>;

  const toggle = (version: number) => {
    // Two at most: a third tick replaces the earliest pick.
    const next = picks.includes(version)
      ? picks.filter((v) => v !== version)
      : [...(picks.length === 2 ? picks.slice(1) : picks), version];
    setPicks(next);
    const pair = [...next].sort((a, b) => a - b);
    onCompare(pair.length === 2 ? [pair[0]!, pair[1]!] : null);
  };

  return (
    <div className="flex h-full flex-col">
      <p className="border-b border-neutral-200 px-3 py-2 text-xs text-neutral-600">
        Tick two versions to see what changed between them.
      </p>
      <ul aria-label="Versions" className="flex-1 divide-y divide-neutral-100 overflow-y-auto">
        {versions.map((v) => (
          <li key={v.version}>
            <label className="flex cursor-pointer items-start gap-2 px-3 py-2 text-sm hover:bg-neutral-50">
              <input
                type="checkbox"
                className="mt-1 accent-indigo-600"
                checked={picks.includes(v.version)}
                onChange={() => toggle(v.version)}
                aria-label={`Compare version ${v.version}`}
              />
              <span className="min-w-0 flex-1">
                <span className="font-medium text-neutral-900">v{v.version}</span>{' '}
                <span className="text-neutral-600">
                  by {v.author === 'agent' ? 'an agent' : builder} · {when.format(new Date(v.createdAt))}
                </span>
                {(v.published || v.active) && (
                  <span className="ml-2 rounded-full bg-emerald-50 px-1.5 py-0.5 text-xs font-medium text-emerald-800">
                    {v.published ? 'published' : 'active'}
                  </span>
                )}
                {v.summary && (
                  <span className="block truncate text-xs text-neutral-500" title={v.summary}>
                    {v.summary}
                  </span>
                )}
              </span>
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}
