/** Why a chat turn did not complete, as the panel shows it. */
export interface ChatFailureView {
  title: string;
  message: string;
  /** Point the builder to Settings (no key, or a key Anthropic refused). */
  settingsLink: boolean;
  /** Sending the same message again may work. */
  retryable: boolean;
}

/**
 * Turns an error code (the API's 409 `anthropic_key_missing`, or the stream's `error` event codes
 * from api/agents/contracts.ts) into words a builder can act on. The server's message is kept as
 * the detail: it may name the wait a rate limit asked for.
 */
export function describeChatFailure(
  code: string,
  serverMessage: string,
  retryAfterSeconds = waitNamedIn(serverMessage),
): ChatFailureView {
  const wait =
    retryAfterSeconds && retryAfterSeconds > 0
      ? ` You can try again in ${waitWords(retryAfterSeconds)}.`
      : '';
  switch (code) {
    case 'anthropic_key_missing':
    case 'key_missing':
      return {
        title: 'Add your Anthropic key to chat',
        message:
          'The BA agent runs on your own Anthropic key, and none is saved yet. Add it in Settings, then send again.',
        settingsLink: true,
        retryable: true,
      };
    case 'key_rejected':
      return {
        title: 'Anthropic refused your key',
        message:
          'The key may have been revoked or mistyped. Replace it in Settings, then try again — your message is kept.',
        settingsLink: true,
        retryable: true,
      };
    case 'rate_limited':
      return {
        title: 'Anthropic’s rate limit was reached',
        message: wait
          ? `Your key has sent Anthropic more than it allows per minute.${wait}`
          : `${withStop(serverMessage)} Wait a minute, then try again.`,
        settingsLink: false,
        retryable: true,
      };
    case 'overloaded':
      return {
        title: 'Anthropic is overloaded right now',
        message: `Nothing was lost. Try again in a minute.${wait}`,
        settingsLink: false,
        retryable: true,
      };
    case 'unavailable':
    case 'network_error':
      return {
        title: code === 'network_error' ? 'Could not reach the server' : 'Could not reach Anthropic',
        message: `${withStop(serverMessage)} Check your connection, then try again.`,
        settingsLink: false,
        retryable: true,
      };
    case 'budget_exhausted':
      return {
        title: 'Token budget used up',
        message: withStop(serverMessage),
        settingsLink: false,
        retryable: false,
      };
    default:
      return {
        title: 'The reply stopped',
        message: withStop(serverMessage),
        settingsLink: false,
        retryable: true,
      };
  }
}

/** The agent layer says the wait in its message ("… (try again in 30 s)") rather than a field. */
function waitNamedIn(message: string): number | undefined {
  const seconds = /try again in (\d+) ?s\b/.exec(message)?.[1];
  return seconds ? Number(seconds) : undefined;
}

function withStop(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return 'Something went wrong.';
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function waitWords(seconds: number): string {
  const rounded = Math.ceil(seconds);
  if (rounded < 90) return `${rounded} second${rounded === 1 ? '' : 's'}`;
  const minutes = Math.ceil(rounded / 60);
  return `${minutes} minutes`;
}
