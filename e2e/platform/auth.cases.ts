import { expect, it } from 'vitest';
import { api } from '../../api/testing/builders.ts';
import type { AppList } from '../../schemas/index.ts';
import type { SuiteContext } from './context.ts';

/** Health, builders' tokens, and one builder's apps hidden from another. */
export function authCases(ctx: SuiteContext) {
  it('answers /health from its database with its kind of auth', async () => {
    const { url, health } = ctx.target();
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', ...health });
  });

  it("accepts a builder's token from the auth server, and refuses a tampered or missing one (401)", async () => {
    const { url } = ctx.target();
    const owner = await ctx.owner();
    const me = await api(url, owner, 'GET', '/api/me');
    expect(me.status, await me.clone().text()).toBe(200);
    expect(await me.json()).toMatchObject({ id: owner.id, username: owner.username });

    const asBearer = (token: string) =>
      fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    const [head, body, signature] = owner.token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -4)}${signature.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    // Claims changed under the original signature: another builder's id, as an attacker would try.
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { sub: string };
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: crypto.randomUUID() })).toString('base64url');
    for (const token of [`${head}.${body}.${flipped}`, `${head}.${forged}.${signature}`, 'not-a-jwt']) {
      const refused = await asBearer(token);
      expect(refused.status, token.slice(0, 40)).toBe(401);
      expect(await refused.text()).not.toContain(owner.id);
    }
    expect((await fetch(`${url}/api/me`)).status).toBe(401);
  });

  it("keeps one builder's app from another: 404 to read, change or publish it, absent from their list", async () => {
    const { url } = ctx.target();
    const [owner, stranger, desk] = await Promise.all([ctx.owner(), ctx.stranger(), ctx.desk()]);
    expect((await api(url, owner, 'GET', `/api/apps/${desk.id}`)).status).toBe(200);
    expect((await api(url, stranger, 'GET', `/api/apps/${desk.id}`)).status).toBe(404);
    expect((await api(url, stranger, 'POST', `/api/apps/${desk.id}/publish`, {})).status).toBe(404);
    expect((await api(url, stranger, 'DELETE', `/api/apps/${desk.id}`)).status).toBe(404);
    const list = await api(url, stranger, 'GET', '/api/apps');
    expect(list.status).toBe(200);
    expect(((await list.json()) as AppList).apps.map((app) => app.id)).not.toContain(desk.id);
    // Still there, still the owner's.
    expect((await api(url, owner, 'GET', `/api/apps/${desk.id}`)).status).toBe(200);
  });
}
