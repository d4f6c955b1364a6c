import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { APP_SESSION_TTL_SECONDS, deriveAppSessionKey, hmacAppSessions } from './app-sessions.ts';

const master = () => crypto.getRandomValues(new Uint8Array(32));
const ISSUER = 'https://platform.test';
const APP = '11111111-1111-4111-8111-111111111111';
const OTHER_APP = '22222222-2222-4222-8222-222222222222';
const input = {
  appId: APP,
  endUserId: '33333333-3333-4333-8333-333333333333',
  roleId: 'member',
  email: 'e@x.test',
};

describe('app sessions', () => {
  it('a session verifies for its own app only, with its claims and a 12 h life', async () => {
    const sessions = await hmacAppSessions(master(), ISSUER);
    const token = await sessions.sign(input);
    const claims = await sessions.verify(token, APP);
    expect(claims).toMatchObject(input);
    expect(claims!.expiresAt - Math.floor(Date.now() / 1000)).toBeGreaterThan(APP_SESSION_TTL_SECONDS - 5);
    expect(await sessions.verify(token, OTHER_APP)).toBeNull();
  });

  it('refuses expired, tampered, foreign-key and unsigned tokens', async () => {
    const key = master();
    let now = Date.now();
    const sessions = await hmacAppSessions(key, ISSUER, () => now);
    const token = await sessions.sign(input);
    now += (APP_SESSION_TTL_SECONDS + 1) * 1000;
    expect(await sessions.verify(token, APP)).toBeNull();
    now = Date.now();

    const [header, payload, signature] = token.split('.');
    const body = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...body, app_role: 'admin' })).toString('base64url')}.${signature}`;
    expect(await sessions.verify(tampered, APP)).toBeNull();
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    expect(await sessions.verify(none, APP)).toBeNull();
    const elsewhere = await (await hmacAppSessions(master(), ISSUER)).sign(input);
    expect(await sessions.verify(elsewhere, APP)).toBeNull();
    const otherIssuer = await (await hmacAppSessions(key, 'https://evil.test')).sign(input);
    expect(await sessions.verify(otherIssuer, APP)).toBeNull();
    expect(await sessions.verify('not-a-token', APP)).toBeNull();
  });

  it('signs with a key derived from the master key, never the master key itself', async () => {
    const key = master();
    const sessions = await hmacAppSessions(key, ISSUER);
    const withMaster = await new SignJWT({
      role: 'authenticated',
      app_id: APP,
      app_role: 'member',
      email: 'e@x.test',
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(input.endUserId)
      .setAudience(`app:${APP}`)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);
    expect(await sessions.verify(withMaster, APP)).toBeNull();
    expect((await deriveAppSessionKey(key)).algorithm).toMatchObject({ name: 'HMAC' });
  });
});
