import { useStudioStore } from '../canvas/store-context.tsx';

/**
 * Every validation problem of the draft, each a button that selects and shows the node it is on
 * (problems of the definition as a whole, such as access, are listed without one). An invalid
 * draft is saved but cannot be published; this list says why.
 */
export function ProblemsList({ onShow }: { onShow: (nodeId: string) => void }) {
  const problems = useStudioStore((s) => s.problems);
  if (problems.all.length === 0)
    return <p className="p-3 text-sm text-emerald-800">No problems: this draft can be published.</p>;
  return (
    <ul aria-label="Problems" className="divide-y divide-neutral-100 text-sm">
      {problems.all.map((problem) => (
        <li key={`${problem.path}:${problem.message}`}>
          <button
            type="button"
            disabled={!problem.nodeId}
            onClick={() => problem.nodeId && onShow(problem.nodeId)}
            className="w-full px-3 py-2 text-left enabled:hover:bg-red-50"
          >
            <span className="block text-xs text-neutral-500">{problem.where}</span>
            <span className="text-red-800">{problem.message}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
