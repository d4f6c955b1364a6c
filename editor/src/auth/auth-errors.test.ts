import { AuthApiError, AuthRetryableFetchError } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { describeAuthError } from './auth-errors.ts';

describe('describeAuthError: what the sign-up and log-in forms show', () => {
  it('shows the server message for a wrong password as it is', () => {
    const error = new AuthApiError('Invalid login credentials', 400, 'invalid_credentials');
    expect(describeAuthError(error)).toEqual({ message: 'Invalid login credentials', fieldErrors: {} });
  });

  it('puts a taken username next to the username input', () => {
    const error = new AuthApiError('username: "ada" is taken; choose another', 422, 'username_taken');
    const described = describeAuthError(error);
    expect(described.fieldErrors).toEqual({ username: 'Username "ada" is taken; choose another' });
  });

  it('keeps the server words for a duplicate e-mail and says what to do', () => {
    const error = new AuthApiError('User already registered', 422, 'user_already_exists');
    expect(describeAuthError(error).message).toMatch(/^User already registered\. .*log in instead/);
  });

  it('unpacks an ApiErrorBody that supabase-js passed on as JSON text', () => {
    const body = {
      error: {
        code: 'rate_limited',
        message: 'Too many attempts; try again in 60 s',
        issues: [{ path: 'email', message: 'x' }],
      },
    };
    const described = describeAuthError(new AuthApiError(JSON.stringify(body), 429, undefined));
    expect(described).toEqual({
      message: 'Too many attempts; try again in 60 s',
      fieldErrors: { email: 'x' },
    });
  });

  it('says the server cannot be reached when the request never got an answer', () => {
    expect(describeAuthError(new AuthRetryableFetchError('Failed to fetch', 0)).message).toMatch(
      /Could not reach/,
    );
  });
});
