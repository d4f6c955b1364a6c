import { errorMessage } from '../../api/api-error.ts';
import { useAgentRuns } from '../../api/pipeline.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { formatCost, formatDuration, formatTokens } from '../build/format.ts';

const th =
  'px-3 py-2 text-left text-xs font-medium tracking-wide text-neutral-500 uppercase whitespace-nowrap';
const num = 'px-3 py-2 text-right text-sm tabular-nums text-neutral-800 whitespace-nowrap';
const td = 'px-3 py-2 text-sm text-neutral-800 whitespace-nowrap';

/** Every model call of the feature, as `agent_runs` keeps it: what it cost and how it went. */
export function RunsTab({ featureId }: { featureId: string }) {
  const runs = useAgentRuns(featureId);
  if (runs.isPending) return <Spinner label="Loading the agent runs…" />;
  if (runs.isError)
    return (
      <ErrorAlert
        title="Could not load the agent runs"
        message={errorMessage(runs.error)}
        onRetry={() => void runs.refetch()}
        retrying={runs.isFetching}
      />
    );
  const list = runs.data.runs;
  if (list.length === 0) return <p className="text-sm text-neutral-600">No model calls yet.</p>;
  const total = list.reduce(
    (sum, run) => ({
      input: sum.input + run.inputTokens,
      output: sum.output + run.outputTokens,
      cost: sum.cost + run.costUsd,
    }),
    { input: 0, output: 0, cost: 0 },
  );
  return (
    <div className="overflow-x-auto rounded-lg border border-neutral-200">
      <table className="min-w-full divide-y divide-neutral-200" aria-label="Agent runs">
        <thead className="bg-neutral-50">
          <tr>
            <th className={th}>Stage</th>
            <th className={th}>Agent</th>
            <th className={th}>Model</th>
            <th className={`${th} text-right`}>In</th>
            <th className={`${th} text-right`}>Out</th>
            <th className={`${th} text-right`}>Cache read / write</th>
            <th className={`${th} text-right`}>Cost</th>
            <th className={`${th} text-right`}>Time</th>
            <th className={th}>Outcome</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-neutral-100 bg-white">
          {list.map((run) => (
            <tr key={run.id}>
              <td className={td}>{run.stage}</td>
              <td className={td}>{run.agent}</td>
              <td className={`${td} font-mono text-xs`}>{run.model}</td>
              <td className={num}>{formatTokens(run.inputTokens)}</td>
              <td className={num}>{formatTokens(run.outputTokens)}</td>
              <td className={num}>
                {formatTokens(run.cacheReadTokens)} / {formatTokens(run.cacheWriteTokens)}
              </td>
              <td className={num}>{formatCost(run.costUsd)}</td>
              <td className={num}>{formatDuration(run.durationMs)}</td>
              <td className={td}>
                {run.status === 'ok' ? (
                  <span className="text-emerald-700">ok</span>
                ) : (
                  <span className="text-red-700" title={run.error ?? undefined}>
                    error{run.error ? `: ${run.error}` : ''}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot className="bg-neutral-50">
          <tr>
            <td className={`${td} font-medium`} colSpan={3}>
              {list.length} call{list.length === 1 ? '' : 's'}
            </td>
            <td className={num}>{formatTokens(total.input)}</td>
            <td className={num}>{formatTokens(total.output)}</td>
            <td />
            <td className={num}>{formatCost(total.cost)}</td>
            <td colSpan={2} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
