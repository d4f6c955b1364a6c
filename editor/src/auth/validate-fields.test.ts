import { describe, expect, it } from 'vitest';
import { Email, Password, Username } from '../../../schemas/index.ts';
import { validateFields } from './validate-fields.ts';

const signup = (email: string, username: string, password: string) =>
  validateFields({
    email: { label: 'Email', schema: Email, value: email },
    username: { label: 'Username', schema: Username, value: username },
    password: { label: 'Password', schema: Password, value: password },
  });

describe('validateFields: sign-up checks the same rules as the server', () => {
  it('accepts a valid sign-up', () => {
    expect(signup('ada@example.com', 'ada-lovelace', 'correct horse')).toEqual({});
  });

  it('names the field and the rule for each problem', () => {
    expect(signup('nope', 'Ada', 'short')).toEqual({
      email: 'Email must be an e-mail address',
      username: expect.stringMatching(/^Username may use only a-z, 0-9 and inner hyphens/),
      password: 'Password must be at least 8 characters',
    });
  });

  it('rejects usernames that are too short, too long, hyphen-edged or reserved', () => {
    expect(signup('a@b.co', 'ab', 'longenough').username).toBe('Username must be at least 3 characters');
    expect(signup('a@b.co', 'a'.repeat(33), 'longenough').username).toBe(
      'Username must be at most 32 characters',
    );
    expect(signup('a@b.co', '-ada', 'longenough').username).toMatch(/inner hyphens/);
    expect(signup('a@b.co', 'admin', 'longenough').username).toBe('Username is reserved; choose another');
  });
});
