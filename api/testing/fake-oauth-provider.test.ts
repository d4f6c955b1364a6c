import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOAuthProvider, startFakeOAuthProvider } from './fake-oauth-provider.ts';

let fake: FakeOAuthProvider;
beforeAll(async () => {
  fake = await startFakeOAuthProvider({ expiresIn: 120 });
});
afterAll(() => fake.close());

const verifier = 'a-verifier-that-is-long-enough-for-pkce-0123456789';
const challenge = createHash('sha256').update(verifier).digest('base64url');
const redirectUri = 'http://127.0.0.1:9/oauth/callback';

async function authorize() {
  const url = new URL(`${fake.url}/authorize`);
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: fake.clientId,
    redirect_uri: redirectUri,
    state: 's1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }))
    url.searchParams.set(k, v);
  const response = await fetch(url, { redirect: 'manual' });
  return new URL(response.headers.get('location')!);
}

const token = (form: Record<string, string>) =>
  fetch(`${fake.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: fake.clientId, client_secret: fake.clientSecret, ...form }),
  });

describe('fake OAuth provider', () => {
  it('issues tokens only for the PKCE verifier that matches the challenge', async () => {
    const wrong = await token({
      grant_type: 'authorization_code',
      code: (await authorize()).searchParams.get('code')!,
      redirect_uri: redirectUri,
      code_verifier: `${verifier}-tampered`,
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });

    const back = await authorize();
    expect(back.searchParams.get('state')).toBe('s1');
    const right = await token({
      grant_type: 'authorization_code',
      code: back.searchParams.get('code')!,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    const tokens = (await right.json()) as {
      access_token: string;
      refresh_token: string;
      expires_in: number;
    };
    expect(right.status).toBe(200);
    expect(tokens.expires_in).toBe(120);

    // Rotation: the refresh token works once, and its replacement works after it.
    const first = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    const rotated = (await first.json()) as { refresh_token: string };
    const replay = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(replay.status).toBe(400);
    fake.rejectRefreshes();
    const revoked = await token({ grant_type: 'refresh_token', refresh_token: rotated.refresh_token });
    expect(await revoked.json()).toMatchObject({ error: 'invalid_grant' });
    fake.rejectRefreshes(false);
    expect(fake.calls).toMatchObject({ authorizationCode: 2, refresh: 3 });
  });

  it('denies when told to and records revocations', async () => {
    fake.denyNext();
    expect((await authorize()).searchParams.get('error')).toBe('access_denied');
    expect((await authorize()).searchParams.get('code')).toBeTruthy();
    await fetch(`${fake.url}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: 'some-token' }),
    });
    expect(fake.revoked).toEqual(['some-token']);
  });
});
