import type { ConnectionRequest, MessageRequest } from '../../runtime/workflows/ports.ts';
import { StepFailure } from '../../runtime/workflows/ports.ts';
import type { Connection } from '../../schemas/definitions.ts';

// send_message steps: the request each messaging service expects, sent through the workflow's
// connection like any call_api step (same hosts, same sandbox, same credentials).

const base64url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

/** Header values may not carry line breaks (they would start new headers). */
const headerValue = (value: string) => value.replace(/[\r\n]+/g, ' ').trim();

/** A plain-text e-mail (RFC 5322) with a UTF-8 subject. */
export function mimeMessage(to: string, subject: string, text: string): string {
  const encodedSubject = `=?UTF-8?B?${btoa(String.fromCharCode(...new TextEncoder().encode(headerValue(subject))))}?=`;
  return [
    `To: ${headerValue(to)}`,
    `Subject: ${encodedSubject}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="UTF-8"',
    'Content-Transfer-Encoding: 8bit',
    '',
    text,
  ].join('\r\n');
}

export function messageRequest(connection: Connection, message: MessageRequest): ConnectionRequest {
  switch (connection.provider) {
    case 'slack':
      return {
        connectionId: connection.id,
        method: 'POST',
        path: '/chat.postMessage',
        query: [],
        headers: [],
        body: { channel: message.to, text: message.text },
      };
    case 'gmail':
      return {
        connectionId: connection.id,
        method: 'POST',
        path: '/users/me/messages/send',
        query: [],
        headers: [],
        body: { raw: base64url(mimeMessage(message.to, message.subject ?? '', message.text)) },
      };
    default:
      throw new StepFailure(
        `send_message works with slack and gmail connections; "${connection.id}" is ${connection.provider}: use a call_api step for it`,
        'unsupported_provider',
        false,
      );
  }
}

/** Slack answers 200 with `ok: false` for a refused message; that is a failure of the step. */
export function messageFailure(connection: Connection, status: number, body: unknown): string | null {
  if (status >= 400) return `${connection.provider} answered ${status}`;
  if (connection.provider === 'slack' && typeof body === 'object' && body && 'ok' in body && !body.ok)
    return `slack refused the message: ${String((body as { error?: unknown }).error ?? 'unknown error')}`;
  return null;
}
