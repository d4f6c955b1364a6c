import { ViewerError } from '../../api/client.ts';
import { ViewQueryError } from './postgrest-query.ts';

function explain(error: unknown, narrowed: boolean): string {
  if (error instanceof ViewQueryError)
    return `${error.message} Ask the app’s builder to check this view’s filter.`;
  if (error instanceof ViewerError) {
    if (error.status === 0)
      return 'The rows could not be loaded: the app cannot be reached. Check your connection.';
    if (error.status === 429) return error.message;
    if (error.status === 400)
      return narrowed
        ? `The rows could not be loaded with these filters (${error.message}). Remove the last filter and try again.`
        : `The rows could not be loaded (${error.message}). Tell the app’s builder.`;
    if (error.status === 403)
      return 'Your role may not read these rows. Ask the app’s builder if you need them.';
    if (error.status >= 500) return 'The app could not answer just now. Try again in a moment.';
    return error.message;
  }
  return 'The rows could not be loaded. Try again.';
}

/** Why rows are missing, in words that say what to do, with Retry when retrying can help. */
export function RowsError({
  error,
  onRetry,
  narrowed = false,
}: {
  error: unknown;
  onRetry?: () => void;
  narrowed?: boolean;
}) {
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900"
    >
      <p>{explain(error, narrowed)}</p>
      {onRetry && (
        <button
          type="button"
          onClick={onRetry}
          className="inline-flex min-h-10 items-center rounded-lg border border-red-300 bg-white px-4 font-medium hover:bg-red-100"
        >
          Try again
        </button>
      )}
    </div>
  );
}
