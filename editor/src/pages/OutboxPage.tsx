import type { OutboxMail } from '../../../schemas/index.ts';
import { errorMessage } from '../api/api-error.ts';
import { useOutbox } from '../api/outbox.ts';
import { Button } from '../components/Button.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Skeleton } from '../components/Spinner.tsx';
import { formatDateTime } from '../lib/feature-labels.ts';
import { linkify } from '../lib/linkify.ts';

function sourceLabel(source: string): string {
  if (source === 'magic_link') return 'Sign-in link';
  if (source.startsWith('automation:')) return `Automation “${source.slice('automation:'.length)}”`;
  return source;
}

function MailBody({ text }: { text: string }) {
  return (
    <p className="mt-3 whitespace-pre-wrap break-words text-sm leading-6 text-neutral-800">
      {linkify(text).map((part, index) =>
        part.kind === 'link' ? (
          <a
            // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one body never reorder
            key={index}
            href={part.href}
            target="_blank"
            rel="noopener noreferrer nofollow"
            className="break-all font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700"
          >
            {part.href}
          </a>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one body never reorder
          <span key={index}>{part.text}</span>
        ),
      )}
    </p>
  );
}

function MailItem({ mail }: { mail: OutboxMail }) {
  return (
    <li className="rounded-xl border border-neutral-200 bg-white p-5 shadow-sm" data-testid="outbox-mail">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1">
        <h2 className="font-semibold text-neutral-900">{mail.subject}</h2>
        <time dateTime={mail.createdAt} className="text-sm whitespace-nowrap text-neutral-500">
          {formatDateTime(mail.createdAt)}
        </time>
      </div>
      <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-neutral-600">
        <div className="flex gap-1">
          <dt className="text-neutral-500">To</dt>
          <dd className="font-medium text-neutral-800">{mail.to}</dd>
        </div>
        {mail.appName && (
          <div className="flex gap-1">
            <dt className="text-neutral-500">App</dt>
            <dd>{mail.appName}</dd>
          </div>
        )}
        <div className="flex gap-1">
          <dt className="sr-only">Sent by</dt>
          <dd className="rounded-full bg-neutral-100 px-2 text-xs leading-5 font-medium text-neutral-700">
            {sourceLabel(mail.source)}
            {mail.channel === 'in_app' ? ' · in-app' : ''}
          </dd>
        </div>
      </dl>
      <MailBody text={mail.body} />
    </li>
  );
}

function OutboxSkeleton() {
  return (
    <div aria-busy="true" className="space-y-3">
      <p className="sr-only">Loading your outbox…</p>
      {[0, 1, 2].map((row) => (
        <div key={row} className="space-y-3 rounded-xl border border-neutral-200 bg-white p-5">
          <div className="flex justify-between">
            <Skeleton className="h-4 w-1/3" />
            <Skeleton className="h-3 w-24" />
          </div>
          <Skeleton className="h-3 w-1/4" />
          <Skeleton className="h-3 w-2/3" />
        </div>
      ))}
    </div>
  );
}

/**
 * The mail the builder's apps sent: sign-in links of invite-only apps, automation e-mails. In
 * embedded mode nothing leaves the server, so this is where the builder finds (and forwards) it.
 */
export function OutboxPage() {
  const outbox = useOutbox();
  const mail = outbox.data?.mail ?? [];

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-neutral-900">Outbox</h1>
          <p className="mt-1 max-w-2xl text-sm text-neutral-600">
            Mail your apps sent: sign-in links for people you invited and automation e-mails, newest first. On
            this server nothing is delivered by itself — forward a message, or open its link to try it.
          </p>
        </div>
        {outbox.data && (
          <Button variant="secondary" onClick={() => void outbox.refetch()} pending={outbox.isRefetching}>
            Refresh
          </Button>
        )}
      </div>

      {outbox.isPending ? (
        <OutboxSkeleton />
      ) : outbox.isError ? (
        <ErrorAlert
          title="Could not load your outbox"
          message={errorMessage(outbox.error)}
          onRetry={() => void outbox.refetch()}
          retrying={outbox.isFetching}
        />
      ) : mail.length === 0 ? (
        <div className="rounded-xl border border-dashed border-neutral-300 bg-white px-6 py-12 text-center">
          <p className="font-medium text-neutral-900">No mail yet.</p>
          <p className="mt-1 text-sm text-neutral-600">
            When someone you invited asks for a sign-in link, or an automation sends an e-mail, it appears
            here.
          </p>
        </div>
      ) : (
        <ul aria-label="Mail" className="space-y-3">
          {mail.map((message) => (
            <MailItem key={message.id} mail={message} />
          ))}
        </ul>
      )}
    </div>
  );
}
