import { Button } from './Button.tsx';

interface ErrorAlertProps {
  title?: string;
  message: string;
  onRetry?: () => void;
  retrying?: boolean;
}

/** An error the person can read and, where it makes sense, retry. */
export function ErrorAlert({ title, message, onRetry, retrying }: ErrorAlertProps) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          {title && <p className="font-semibold">{title}</p>}
          <p>{message}</p>
        </div>
        {onRetry && (
          <Button variant="secondary" onClick={onRetry} pending={retrying}>
            Try again
          </Button>
        )}
      </div>
    </div>
  );
}
