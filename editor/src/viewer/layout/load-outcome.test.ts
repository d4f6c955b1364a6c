import { describe, expect, it } from 'vitest';
import { ViewerError } from '../api/client.ts';
import { endsSession, failurePage } from './load-outcome.ts';

const error = (status: number, code: string, message = 'm', extra: Record<string, unknown> = {}) =>
  new ViewerError(message, status, code, null, null, extra);

describe('failurePage: each failure has its own page', () => {
  it('a missing app is "not found"', () => {
    expect(failurePage(error(404, 'not_found'))).toEqual({ kind: 'not-found' });
  });
  it('a private app says only its builder can use it', () => {
    expect(failurePage(error(401, 'app_sign_in_required', 'x', { level: 'private' }))).toEqual({
      kind: 'private',
    });
    // Without `level`, the platform's own words still tell.
    expect(
      failurePage(error(401, 'app_sign_in_required', 'This app is private: only its builder can use it')),
    ).toEqual({ kind: 'private' });
  });
  it('an invite-only app without a session asks to sign in', () => {
    expect(failurePage(error(401, 'app_sign_in_required', 'x', { level: 'invite_only' }))).toEqual({
      kind: 'sign-in',
      reason: 'required',
    });
  });
  it('an expired or signed-out session says the sign-in ended', () => {
    expect(failurePage(error(401, 'invalid_token'))).toEqual({ kind: 'sign-in', reason: 'ended' });
    expect(endsSession(error(401, 'invalid_token'))).toBe(true);
    expect(endsSession(error(400, 'PGRST100'))).toBe(false);
  });
  it('a lost connection, a limit and a server error offer a retry with words that fit', () => {
    expect(failurePage(error(0, 'network'))).toMatchObject({ kind: 'failed', offline: true });
    expect(failurePage(error(429, 'rate_limited', 'Try again in 12 s.'))).toMatchObject({
      kind: 'failed',
      message: 'Try again in 12 s.',
    });
    expect(failurePage(error(503, '503'))).toMatchObject({
      kind: 'failed',
      title: 'The app is having trouble',
    });
    expect(failurePage(new TypeError('boom'))).toMatchObject({ kind: 'failed', offline: false });
  });
});
