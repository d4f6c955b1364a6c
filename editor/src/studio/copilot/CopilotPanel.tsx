import type { FormEvent, KeyboardEvent } from 'react';
import { Link } from 'react-router';
import type { DefinitionChange } from '../../../../runtime/definitions/diff-change.ts';
import { Button } from '../../components/Button.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { DiffChanges } from '../page/DiffChanges.tsx';
import type { CopilotProblem } from './copilot-problem.ts';
import { SETTINGS_PATH } from './copilot-problem.ts';
import type { Copilot } from './use-copilot.ts';

const EXAMPLE = 'Add a due date to tasks and a calendar view';

/**
 * The co-pilot's side tab: a request, the wait (with cancel), then the proposal — its summary and
 * the list of changes, the same list a version diff shows — with Accept and Reject. The canvas
 * shows the proposal as a diff meanwhile (`CopilotBanner` above it says so).
 */
export function CopilotPanel({
  copilot,
  noun,
  onShowChange,
}: {
  copilot: Copilot;
  noun: string;
  onShowChange: (change: DefinitionChange) => void;
}) {
  const { state } = copilot;
  const asking = state.phase === 'asking';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void copilot.ask();
  };
  // Ctrl/Cmd+Enter sends, as in the chat; Enter alone makes a new line.
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit(event);
  };

  return (
    <section aria-label="Co-pilot" className="space-y-3 p-3 text-sm">
      {state.phase === 'previewing' || state.phase === 'accepting' ? (
        <Proposal copilot={copilot} onShowChange={onShowChange} />
      ) : (
        <form onSubmit={submit} className="space-y-2">
          <label htmlFor="copilot-request" className="block font-medium text-neutral-900">
            Ask the co-pilot to change this {noun}
          </label>
          <textarea
            id="copilot-request"
            value={copilot.input}
            onChange={(event) => copilot.setInput(event.target.value)}
            onKeyDown={onKeyDown}
            rows={4}
            maxLength={4000}
            disabled={asking}
            placeholder={EXAMPLE}
            className="w-full rounded-md border border-neutral-300 px-2 py-1.5 text-sm disabled:bg-neutral-50"
          />
          <p className="text-xs text-neutral-500">
            It proposes the change on the canvas; nothing is saved until you accept it. Ctrl+Enter sends.
          </p>
          {asking ? (
            <div className="flex items-center justify-between gap-2">
              <Spinner size="sm" label="The co-pilot is working…" />
              <Button variant="secondary" onClick={copilot.cancel}>
                Cancel
              </Button>
            </div>
          ) : (
            <Button type="submit" disabled={copilot.input.trim() === ''}>
              Ask
            </Button>
          )}
        </form>
      )}
      {state.phase === 'idle' && state.accepted !== null && !state.problem && (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-2 text-emerald-900">
          Accepted: the co-pilot's change is saved as version {state.accepted} (by the agent). History lists
          it.
        </p>
      )}
      {(state.phase === 'idle' || state.phase === 'previewing') && state.problem && (
        <ProblemNote problem={state.problem} onDismiss={copilot.dismiss} />
      )}
    </section>
  );
}

function Proposal({
  copilot,
  onShowChange,
}: {
  copilot: Copilot;
  onShowChange: (change: DefinitionChange) => void;
}) {
  const { state } = copilot;
  if (state.phase !== 'previewing' && state.phase !== 'accepting') return null;
  const { answer, preview, message } = state;
  return (
    <div className="space-y-3">
      <div>
        <h3 className="font-semibold text-neutral-900">You asked</h3>
        <p className="whitespace-pre-wrap text-neutral-700">{message}</p>
      </div>
      <div>
        <h3 className="font-semibold text-neutral-900">The co-pilot proposes</h3>
        <p className="whitespace-pre-wrap text-neutral-800" data-testid="copilot-summary">
          {answer.summary}
        </p>
        {answer.repairs > 0 && (
          <p className="mt-1 text-xs text-neutral-500">
            Its first answer was not valid; it repaired it{' '}
            {answer.repairs === 1 ? 'once' : `${answer.repairs} times`}.
          </p>
        )}
      </div>
      <div className="flex gap-2">
        <Button onClick={() => void copilot.accept()} pending={state.phase === 'accepting'}>
          Accept
        </Button>
        <Button variant="secondary" onClick={copilot.reject} disabled={state.phase === 'accepting'}>
          Reject
        </Button>
      </div>
      <div className="-mx-2 border-t border-neutral-200">
        <h3 className="px-3 pt-2 font-semibold text-neutral-900">
          What would change ({preview.diff.changes.length})
        </h3>
        <DiffChanges changes={preview.diff.changes} onShow={onShowChange} />
      </div>
    </div>
  );
}

function ProblemNote({ problem, onDismiss }: { problem: CopilotProblem; onDismiss: () => void }) {
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-2 text-red-900">
      <p>{problem.message}</p>
      <div className="mt-2 flex items-center gap-3">
        {problem.settings && (
          <Link to={SETTINGS_PATH} className="font-medium text-red-900 underline">
            Open Settings
          </Link>
        )}
        <button type="button" className="text-red-800 underline" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

/** Over the canvas while the co-pilot works or its change is shown: what the canvas is showing, and the way out. */
export function CopilotBanner({ copilot }: { copilot: Copilot }) {
  const { state } = copilot;
  if (state.phase === 'asking')
    return (
      <div
        role="status"
        className="flex flex-wrap items-center gap-3 border-b border-indigo-200 bg-indigo-50 px-4 py-2 text-sm text-indigo-950"
      >
        <Spinner size="sm" />
        The co-pilot is working… The canvas is read-only until it answers.
        <button
          type="button"
          className="rounded border border-indigo-300 bg-white px-2 py-1"
          onClick={copilot.cancel}
        >
          Cancel
        </button>
      </div>
    );
  if (state.phase !== 'previewing' && state.phase !== 'accepting') return null;
  return (
    <section
      aria-label="Co-pilot preview"
      className="flex flex-wrap items-center gap-3 border-b border-indigo-200 bg-indigo-50 px-4 py-2 text-sm text-indigo-950"
    >
      <p>
        <strong>Previewing the co-pilot's change</strong> — added in green, removed in red, changed in amber.
        Nothing is saved until you accept.
      </p>
      <div className="flex gap-2">
        <button
          type="button"
          className="rounded bg-indigo-600 px-2 py-1 font-medium text-white disabled:opacity-60"
          disabled={state.phase === 'accepting'}
          onClick={() => void copilot.accept()}
        >
          {state.phase === 'accepting' ? 'Accepting…' : 'Accept'}
        </button>
        <button
          type="button"
          className="rounded border border-indigo-300 bg-white px-2 py-1 disabled:opacity-60"
          disabled={state.phase === 'accepting'}
          onClick={copilot.reject}
        >
          Reject
        </button>
      </div>
    </section>
  );
}
