import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { Reviewer } from '../../../schemas/index.ts';
import { ApiError, errorMessage } from '../api/api-error.ts';
import { Button } from '../components/Button.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { TextField } from '../components/FormField.tsx';
import { Skeleton } from '../components/Spinner.tsx';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

interface ReviewersPanelProps {
  /** "app" or "workflow", for the explanation. */
  noun: string;
  reviewers: UseQueryResult<Reviewer[]>;
  add: UseMutationResult<Reviewer, Error, string>;
  remove: UseMutationResult<void, Error, string>;
}

/**
 * Who may review an app or a workflow (issue #5): other builders, added by username, who read
 * its versions and diffs and nothing else. Shown to the owner in the settings panel; the page
 * gives the kind's own query and mutations.
 */
export function ReviewersPanel({ noun, reviewers, add, remove }: ReviewersPanelProps) {
  const [username, setUsername] = useState('');

  function onAdd(event: FormEvent) {
    event.preventDefault();
    add.mutate(username, { onSuccess: () => setUsername('') });
  }
  const addError = add.error instanceof ApiError ? add.error : undefined;
  const fieldError = addError?.issueFor('username');

  return (
    <div className="space-y-3">
      <p className="text-neutral-600">
        Builders you add can read this {noun}’s versions and compare them; they cannot edit, publish or see
        its data.
      </p>
      <form onSubmit={onAdd} className="space-y-2" aria-label="Add a reviewer">
        <TextField
          label="Reviewer’s username"
          required
          autoComplete="off"
          placeholder="their username on Build Practical"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={fieldError}
        />
        {add.error && !fieldError && (
          <p role="alert" className="text-red-700">
            {errorMessage(add.error)}
          </p>
        )}
        <Button type="submit" variant="secondary" pending={add.isPending}>
          Add reviewer
        </Button>
      </form>
      {reviewers.isPending ? (
        <Skeleton className="h-10" />
      ) : reviewers.isError ? (
        <ErrorAlert message={errorMessage(reviewers.error)} onRetry={() => void reviewers.refetch()} />
      ) : reviewers.data.length === 0 ? (
        <p className="text-neutral-600">No reviewers yet.</p>
      ) : (
        <ul className="divide-y divide-neutral-100" aria-label="Reviewers">
          {reviewers.data.map((reviewer) => (
            <li key={reviewer.username} className="flex items-center gap-2 py-2">
              <span className="min-w-0 flex-1">
                <span className="block truncate font-medium text-neutral-900">{reviewer.username}</span>
                <span className="text-xs text-neutral-500">
                  added {when.format(new Date(reviewer.addedAt))}
                </span>
              </span>
              <Button
                variant="secondary"
                pending={remove.isPending && remove.variables === reviewer.username}
                onClick={() => remove.mutate(reviewer.username)}
                aria-label={`Remove reviewer ${reviewer.username}`}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      {remove.error && (
        <p role="alert" className="text-red-700">
          {errorMessage(remove.error)}
        </p>
      )}
    </div>
  );
}
