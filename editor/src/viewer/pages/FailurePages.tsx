import { primaryButton, StatusPage } from './StatusPage.tsx';

/** No published app at this address. */
export function NotFoundPage({ address }: { address: string | null }) {
  return (
    <StatusPage icon="alert" title="There is no app here">
      <p>
        {address ? (
          <>
            Nothing is published at <span className="font-medium text-neutral-800 break-all">{address}</span>.
          </>
        ) : (
          'This address does not lead to a published app.'
        )}{' '}
        Check the link for typos, or ask the person who sent it whether the app was moved or unpublished.
      </p>
    </StatusPage>
  );
}

/** A private app: the builder's own. */
export function PrivateAppPage() {
  return (
    <StatusPage icon="lock" title="This app is private">
      <p>
        Only its builder can use it. If you need access, ask them to invite you or to make the app public.
      </p>
      <p>
        Built it yourself? Open it from your studio while signed in,{' '}
        <a href="/" className="font-medium text-(--app-accent-ink) underline underline-offset-2">
          go to the studio
        </a>
        .
      </p>
    </StatusPage>
  );
}

/** Offline, a limit, a server error: what happened, and a way to try again. */
export function FailedPage({
  title,
  message,
  offline,
  onRetry,
}: {
  title: string;
  message: string;
  offline: boolean;
  onRetry: () => void;
}) {
  return (
    <StatusPage icon={offline ? 'wifiOff' : 'alert'} title={title} tone="danger">
      <p>{message}</p>
      <button type="button" className={primaryButton} onClick={onRetry}>
        Try again
      </button>
    </StatusPage>
  );
}
