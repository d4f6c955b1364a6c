// Workflow record steps write through the published app's own data API (its validation, rules,
// relations and automations), as the app's builder. A run has no access token of the builder's
// (a cron run has no request at all), so the runner signs a short-lived internal token with a
// key that exists only in this process's memory: nothing outside the process can mint one.

const PREFIX = 'bpwf.';
const TTL_MS = 60_000;

const encoder = new TextEncoder();
const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

export interface InternalCallers {
  /** A token that makes the data API treat the request as the builder's own. */
  sign(userId: string): Promise<string>;
  /** The builder's id, or null for anything not signed here and now. */
  verify(token: string): Promise<string | null>;
}

export const isInternalCallerToken = (token: string) => token.startsWith(PREFIX);

export async function internalCallers(now: () => number = Date.now): Promise<InternalCallers> {
  const key = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const mac = async (payload: string) =>
    base64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(payload))));
  return {
    async sign(userId) {
      const payload = `${userId}.${now() + TTL_MS}`;
      return `${PREFIX}${payload}.${await mac(payload)}`;
    },
    async verify(token) {
      if (!isInternalCallerToken(token)) return null;
      const parts = token.slice(PREFIX.length).split('.');
      if (parts.length !== 3) return null;
      const [userId, expires, signature] = parts as [string, string, string];
      const payload = `${userId}.${expires}`;
      const expected = await mac(payload);
      if (expected.length !== signature.length) return null;
      let diff = 0;
      for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ signature.charCodeAt(i);
      if (diff !== 0 || Number(expires) < now()) return null;
      return userId;
    },
  };
}
