import type { ContractRun, ContractTests, RecordCase, WorkflowCase } from '../../../../schemas/index.ts';
import { CodeBrowser } from './CodeBrowser.tsx';
import { fieldValueLines } from './test-values.ts';

const th = 'px-3 py-2 text-left text-xs font-medium tracking-wide text-neutral-500 uppercase';
const td = 'px-3 py-2 align-top text-sm text-neutral-800';

function compact(value: unknown): string {
  return JSON.stringify(value) ?? '';
}

function recordExpectation(expect: RecordCase['expect']): string {
  if (expect.outcome === 'accepted')
    return expect.fields ? `accepted, stores ${compact(expect.fields)}` : 'accepted';
  const parts = [expect.status ? `refused (${expect.status})` : 'refused'];
  if (expect.field) parts.push(`on ${expect.field}`);
  return parts.join(' ');
}

function workflowExpectation(expect: WorkflowCase['expect']): string {
  const parts: string[] = [expect.status];
  if (expect.stepsRun?.length) parts.push(`runs ${expect.stepsRun.join(', ')}`);
  if (expect.stepsNotRun?.length) parts.push(`skips ${expect.stepsNotRun.join(', ')}`);
  if (expect.response !== undefined) parts.push(`answers ${compact(expect.response)}`);
  return parts.join('; ');
}

/** The contract tests: declarative cases in a table (components, workflows) or test files (code). */
export function TestsTab({ tests, run }: { tests: ContractTests; run: ContractRun | undefined }) {
  return (
    <div className="space-y-4">
      {run && (
        <p
          className={`text-sm ${run.failed.length ? 'text-red-700' : 'text-emerald-700'}`}
          data-testid="contract-run"
        >
          {run.passed} passed, {run.failed.length} failed
          {run.rounds > 1 ? ` after ${run.rounds} implementation rounds` : ''}.
        </p>
      )}
      {tests.kind === 'code' ? (
        <>
          <p className="text-sm text-neutral-600">
            Vitest files written from the spec; the platform never runs them — they come with the zip.
          </p>
          <CodeBrowser files={tests.tests} label="Test files" />
        </>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-neutral-200">
          <table className="min-w-full divide-y divide-neutral-200" aria-label="Contract test cases">
            <thead className="bg-neutral-50">
              {tests.kind === 'components' ? (
                <tr>
                  <th className={th}>Case</th>
                  <th className={th}>Write</th>
                  <th className={th}>Values</th>
                  <th className={th}>Expected</th>
                  <th className={th}>Result</th>
                </tr>
              ) : (
                <tr>
                  <th className={th}>Case</th>
                  <th className={th}>Trigger payload</th>
                  <th className={th}>Expected</th>
                  <th className={th}>Result</th>
                </tr>
              )}
            </thead>
            <tbody className="divide-y divide-neutral-100 bg-white">
              {tests.kind === 'components'
                ? tests.cases.map((testCase) => (
                    <tr key={testCase.name}>
                      <td className={td}>{testCase.name}</td>
                      <td className={td}>
                        {testCase.action} {testCase.table}
                        {testCase.role ? ` as ${testCase.role}` : ''}
                      </td>
                      <td className={td}>
                        <ValueLines values={testCase.values} />
                      </td>
                      <td className={td}>{recordExpectation(testCase.expect)}</td>
                      <td className={td}>
                        <CaseOutcome name={testCase.name} run={run} />
                      </td>
                    </tr>
                  ))
                : tests.cases.map((testCase) => (
                    <tr key={testCase.name}>
                      <td className={td}>{testCase.name}</td>
                      <td className={td}>
                        <ValueLines values={testCase.trigger} />
                      </td>
                      <td className={td}>{workflowExpectation(testCase.expect)}</td>
                      <td className={td}>
                        <CaseOutcome name={testCase.name} run={run} />
                      </td>
                    </tr>
                  ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function ValueLines({ values }: { values: Record<string, unknown> }) {
  const lines = fieldValueLines(values);
  if (lines.length === 0) return <span className="text-neutral-500">nothing</span>;
  return (
    <ul className="space-y-0.5 font-mono text-xs">
      {lines.map((line) => (
        <li key={line.field} title={line.full}>
          <span className="text-neutral-500">{line.field}:</span> {line.value}
        </li>
      ))}
    </ul>
  );
}

function CaseOutcome({ name, run }: { name: string; run: ContractRun | undefined }) {
  if (!run) return <span className="text-neutral-500">not run yet</span>;
  const failure = run.failed.find((f) => f.name === name);
  if (failure) return <span className="text-red-700">✗ {failure.reason}</span>;
  return <span className="text-emerald-700">✓ passed</span>;
}
