import type { DefinitionChange } from '../../../../runtime/definitions/diff-change.ts';

const TONE: Record<DefinitionChange['kind'], string> = {
  added: 'border-l-emerald-500 bg-emerald-50',
  removed: 'border-l-red-500 bg-red-50',
  changed: 'border-l-amber-500 bg-amber-50',
  moved: 'border-l-amber-500 bg-amber-50',
  renamed: 'border-l-amber-500 bg-amber-50',
};

/** The structural changes between two versions, as a reviewer reads them; each shows its node. */
export function DiffChanges({
  changes,
  onShow,
}: {
  changes: readonly DefinitionChange[];
  onShow: (change: DefinitionChange) => void;
}) {
  if (changes.length === 0)
    return <p className="p-3 text-sm text-neutral-600">These two versions are the same.</p>;
  return (
    <ul aria-label="Changes" className="space-y-1 p-2 text-sm">
      {changes.map((change) => (
        <li key={`${change.kind}:${change.path}:${change.summary}`}>
          <button
            type="button"
            onClick={() => onShow(change)}
            className={`w-full rounded border-l-4 px-2 py-1.5 text-left ${TONE[change.kind]} hover:brightness-95`}
          >
            <span className="sr-only">{change.kind}: </span>
            {change.summary}
          </button>
        </li>
      ))}
    </ul>
  );
}
