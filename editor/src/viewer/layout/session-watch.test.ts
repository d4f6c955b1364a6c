import { describe, expect, it } from 'vitest';
import { createViewerClient, ViewerError } from '../api/client.ts';
import { watchSession } from './session-watch.ts';

const answering = (status: number, body: unknown) =>
  createViewerClient('/u/ada/crm', {
    fetch: async () =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  });

describe('watchSession: a page’s request that finds the session ended tells the shell', () => {
  it('reports an ended session and still fails the request', async () => {
    const ended: unknown[] = [];
    const client = watchSession(
      answering(401, { error: { code: 'invalid_token', message: 'Sign in again' } }),
      (error) => ended.push(error),
    );
    await expect(client.rows('deals', 'select=id')).rejects.toBeInstanceOf(ViewerError);
    expect(ended).toHaveLength(1);
  });

  it('stays quiet about other failures', async () => {
    const ended: unknown[] = [];
    const client = watchSession(answering(400, { code: 'PGRST100', message: 'bad filter' }), (error) =>
      ended.push(error),
    );
    await expect(client.rows('deals', 'x=1')).rejects.toMatchObject({ status: 400, code: 'PGRST100' });
    expect(ended).toHaveLength(0);
  });
});
