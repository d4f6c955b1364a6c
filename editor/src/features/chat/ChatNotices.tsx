import { Link } from 'react-router';
import { Button } from '../../components/Button.tsx';
import { buttonStyles } from '../../components/button-styles.ts';
import { describeChatFailure } from './chat-errors.ts';
import type { ChatFailure } from './use-chat-stream.ts';

export function NoKeyNotice() {
  return (
    <div
      role="note"
      className="mb-3 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
    >
      <p className="font-medium">The BA agent needs your Anthropic key</p>
      <p className="mt-0.5">
        The agents run on your own key.{' '}
        <Link to="/app/settings" className="font-medium underline underline-offset-2">
          Add it in Settings
        </Link>{' '}
        and come back — this conversation will be here.
      </p>
    </div>
  );
}

/** Why the last turn failed, right where the reply would have been, with a Retry. */
export function ChatFailureNotice({
  failure,
  retrying,
  onRetry,
  onDismiss,
}: {
  failure: ChatFailure;
  retrying: boolean;
  onRetry: () => void;
  onDismiss: () => void;
}) {
  const view = describeChatFailure(failure.code, failure.message, failure.retryAfterSeconds);
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
      <p className="font-semibold">{view.title}</p>
      <p className="mt-0.5">{view.message}</p>
      <div className="mt-3 flex flex-wrap gap-2">
        {view.retryable && (
          <Button variant="secondary" onClick={onRetry} pending={retrying}>
            Retry
          </Button>
        )}
        {view.settingsLink && (
          <Link to="/app/settings" className={buttonStyles.secondary}>
            Open Settings
          </Link>
        )}
        <Button variant="ghost" onClick={onDismiss}>
          Dismiss
        </Button>
      </div>
    </div>
  );
}
