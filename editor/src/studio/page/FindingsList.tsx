import type { ReviewFinding } from '../../../../schemas/index.ts';

const SEVERITY_STYLE: Record<ReviewFinding['severity'], string> = {
  blocker: 'bg-red-50 text-red-800 ring-red-200',
  warning: 'bg-amber-50 text-amber-900 ring-amber-200',
  info: 'bg-sky-50 text-sky-900 ring-sky-200',
};

const SEVERITY_ORDER: Record<ReviewFinding['severity'], number> = { blocker: 0, warning: 1, info: 2 };

type ShownFinding = Pick<ReviewFinding, 'ruleId' | 'severity' | 'path' | 'message'>;

/**
 * The security review's findings, as publishing an app and activating a workflow show them: blockers
 * first, each a button that reveals where on the canvas it points.
 */
export function FindingsList({
  findings,
  onJumpTo,
}: {
  findings: readonly ShownFinding[];
  onJumpTo: (path: string) => void;
}) {
  if (findings.length === 0) return null;
  const bySeverity = [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return (
    <ul className="mt-4 space-y-2" aria-label="Review findings">
      {bySeverity.map((finding) => (
        <li key={`${finding.ruleId}:${finding.path}`}>
          <button
            type="button"
            onClick={() => onJumpTo(finding.path)}
            className={`w-full rounded-lg p-3 text-left text-sm ring-1 ${SEVERITY_STYLE[finding.severity]} hover:brightness-95`}
          >
            <span className="mr-2 rounded bg-white/70 px-1.5 py-0.5 text-xs font-semibold uppercase">
              {finding.severity}
            </span>
            {finding.message}
            <span className="mt-1 block font-mono text-xs opacity-70">{finding.path}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
