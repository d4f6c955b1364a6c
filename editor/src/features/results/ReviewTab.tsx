import type { PipelineFinding } from '../../../../schemas/index.ts';

const SEVERITY_STYLE: Record<PipelineFinding['severity'], string> = {
  blocker: 'bg-red-50 text-red-800 ring-red-200',
  warning: 'bg-amber-50 text-amber-900 ring-amber-200',
  info: 'bg-sky-50 text-sky-900 ring-sky-200',
};
const SEVERITY_ORDER: Record<PipelineFinding['severity'], number> = { blocker: 0, warning: 1, info: 2 };
const SOURCE_LABEL: Record<PipelineFinding['source'], string> = {
  rules: 'Security rules',
  'security-reviewer': 'Security reviewer',
  'code-reviewer': 'Code reviewer',
};

/**
 * The review's findings, blockers first, each with who found it. Not FindingsList: that one jumps to
 * a place on the canvas, and here there is no canvas yet — the source is what the builder needs.
 */
export function ReviewTab({ findings, summary }: { findings: readonly PipelineFinding[]; summary: string }) {
  const sorted = [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const counts = (['blocker', 'warning', 'info'] as const).map(
    (severity) => [severity, findings.filter((f) => f.severity === severity).length] as const,
  );
  return (
    <div className="space-y-4">
      {summary && <p className="text-sm whitespace-pre-wrap text-neutral-700">{summary}</p>}
      <p className="text-sm text-neutral-600">
        {counts.map(([severity, count]) => `${count} ${severity}${count === 1 ? '' : 's'}`).join(' · ')}
      </p>
      {sorted.length === 0 ? (
        <p className="text-sm text-emerald-700">No findings: nothing for you to fix.</p>
      ) : (
        <ul className="space-y-2" aria-label="Review findings">
          {sorted.map((finding) => (
            <li
              key={`${finding.source}:${finding.ruleId}:${finding.path}`}
              className={`rounded-lg p-3 text-sm ring-1 ${SEVERITY_STYLE[finding.severity]}`}
            >
              <span className="mr-2 rounded bg-white/70 px-1.5 py-0.5 text-xs font-semibold uppercase">
                {finding.severity}
              </span>
              {finding.message}
              <span className="mt-1 flex flex-wrap gap-x-3 text-xs opacity-75">
                <span>{SOURCE_LABEL[finding.source]}</span>
                {finding.path && <span className="font-mono">{finding.path}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
