import { type FormEvent, useId, useRef, useState } from 'react';
import { ViewerError } from '../api/client.ts';
import { primaryButton, StatusPage, secondaryButton } from './StatusPage.tsx';

/** Why the sign-in page is shown, so it can say so first. */
export type SignInNotice =
  | { kind: 'required' }
  /** The session expired or was signed out on the server. */
  | { kind: 'ended' }
  | { kind: 'signed-out' }
  /** The link's token was refused (used, expired, not for this app): the platform's words. */
  | { kind: 'link'; message: string };

interface Props {
  /** `{username}/{slug}`, to name the app before its definition can be read. */
  appName: string;
  notice: SignInNotice;
  requestLink: (email: string) => Promise<void>;
}

type Status =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'sent'; email: string }
  | { kind: 'error'; message: string };

function errorMessage(error: unknown): string {
  if (error instanceof ViewerError) {
    if (error.status === 0) return 'The app could not be reached. Check your connection and send again.';
    if (error.status === 400) return 'That does not look like an e-mail address. Check it and send again.';
    return error.message;
  }
  return 'The link could not be requested. Try again in a moment.';
}

const NOTICES: Record<SignInNotice['kind'], string> = {
  required: 'This app is open to invited people. Enter the e-mail address your invitation went to.',
  ended:
    'Sign-ins end after a while, or when you are signed out elsewhere. Ask for a new link below and open it in this browser.',
  'signed-out': 'You signed out. To come back, ask for a new link.',
  link: '',
};

/**
 * The invite-only app's door: an e-mail box that asks for a magic link. The answer is the same
 * whether or not the address is invited (so it tells a stranger nothing), and says where to look.
 */
export function SignInPage({ appName, notice, requestLink }: Props) {
  const [email, setEmail] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const input = useRef<HTMLInputElement>(null);
  const ids = { email: useId(), help: useId(), error: useId() };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const address = email.trim();
    if (!address) {
      setStatus({ kind: 'error', message: 'Enter your e-mail address first.' });
      input.current?.focus();
      return;
    }
    setStatus({ kind: 'sending' });
    try {
      await requestLink(address);
      setStatus({ kind: 'sent', email: address });
    } catch (error) {
      setStatus({ kind: 'error', message: errorMessage(error) });
      input.current?.focus();
    }
  };

  if (status.kind === 'sent')
    return (
      <StatusPage icon="mail" title="Check your inbox" tone="accent">
        <p role="status">
          If <span className="font-medium text-neutral-800 break-all">{status.email}</span> is invited to{' '}
          {appName}, a sign-in link is on its way. It works once, for 15 minutes; open it in this browser.
        </p>
        <p>
          Nothing after a few minutes? Look in your spam folder, or check the address with whoever invited
          you.
        </p>
        <button
          type="button"
          className={secondaryButton}
          onClick={() => {
            setStatus({ kind: 'idle' });
            requestAnimationFrame(() => input.current?.focus());
          }}
        >
          Use another address
        </button>
      </StatusPage>
    );

  const lead = notice.kind === 'link' ? notice.message : NOTICES[notice.kind];
  const failed = status.kind === 'error';
  return (
    <StatusPage
      icon={notice.kind === 'required' ? 'lock' : 'mail'}
      title={notice.kind === 'ended' ? 'Your sign-in ended' : `Sign in to ${appName}`}
      tone={notice.kind === 'link' ? 'danger' : 'accent'}
    >
      <p>{lead}</p>
      <form className="space-y-3" onSubmit={submit} noValidate>
        <div>
          <label htmlFor={ids.email} className="block text-sm font-medium text-neutral-800">
            E-mail address
          </label>
          <input
            ref={input}
            id={ids.email}
            type="email"
            name="email"
            autoComplete="email"
            inputMode="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={failed || undefined}
            aria-describedby={failed ? ids.error : ids.help}
            className="mt-1 block min-h-10 w-full rounded-lg border border-neutral-300 bg-white px-3 text-base text-neutral-900 shadow-sm placeholder:text-neutral-400 focus:border-(--app-accent) sm:text-sm"
            placeholder="you@example.com"
          />
          <p id={ids.help} className="mt-1 text-xs text-neutral-500">
            We e-mail you a link that signs you in. No password needed.
          </p>
        </div>
        {failed && (
          <p id={ids.error} role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {status.message}
          </p>
        )}
        <button type="submit" className={`${primaryButton} w-full`} disabled={status.kind === 'sending'}>
          {status.kind === 'sending' ? 'Sending…' : 'Send me a sign-in link'}
        </button>
      </form>
    </StatusPage>
  );
}
