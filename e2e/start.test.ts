import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, signUpBuilder } from '../api/testing/builders.ts';
import { usingPostgres } from '../api/testing/test-db.ts';
import { serverDatabase } from './support/database.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';

// `npm start` as a user runs it: one process, data in a folder, everything kept across a restart.

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('the platform process', () => {
  // Two cold starts of the real process (PGlite init and every migration): ~7 s each on a quiet
  // machine, 20 s and more on a loaded one, which is slowness, not a failure of what is checked.
  it('starts, keeps builders, features and keys across a restart, and stops cleanly on SIGTERM', {
    timeout: 120_000,
  }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'bp-start-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const database = await serverDatabase(dataDir);
    cleanups.push(database.drop);

    let server: ServerProcess = await startServerProcess(database.env);
    cleanups.push(() => server.stop());
    console.log(`first start ready in ${Math.round(server.readyMs)} ms`);
    const health = await (await fetch(`${server.url}/health`)).json();
    expect(health).toMatchObject({ status: 'ok', db: usingPostgres() ? 'postgres' : 'pglite' });

    const builder = await signUpBuilder(server.url, 'restarter', 'stays the same');
    const created = await api(server.url, builder, 'POST', '/api/features', { title: 'Survives restarts' });
    expect(created.status).toBe(201);
    await api(server.url, builder, 'PUT', '/api/settings/anthropic-key', {
      key: 'sk-ant-api03-restart-key-0000000000001234',
    });
    expect(await server.stop()).toBe(0);

    for (const file of ['master.key', 'auth-signing-key.json']) {
      const mode = (await stat(join(dataDir, file))).mode & 0o777;
      expect(mode.toString(8), file).toBe('600');
    }

    // Same address as before: the tokens' issuer is the address builders reach the platform at.
    server = await startServerProcess(database.env, server.port);
    console.log(`second start ready in ${Math.round(server.readyMs)} ms`);
    expect(server.output()).not.toContain('applied migrations');
    // The old token still verifies (same signing key), and the data is there.
    const list = (await (await api(server.url, builder, 'GET', '/api/features')).json()) as {
      features: { title: string }[];
    };
    expect(list.features.map((f) => f.title)).toEqual(['Survives restarts']);
    const key = await (await api(server.url, builder, 'GET', '/api/settings/anthropic-key')).json();
    expect(key).toMatchObject({ configured: true, last4: '1234' });
    const signIn = await fetch(`${server.url}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'restarter@example.test', password: 'stays the same' }),
    });
    expect(signIn.status).toBe(200);
    expect(server.output()).not.toContain('restart-key');
  });

  it('refuses to start with a clear message when the environment is wrong', async () => {
    await expect(
      startServerProcess({ DATABASE_URL: 'mysql://nope', DATA_DIR: join(tmpdir(), 'bp-bad') }),
    ).rejects.toThrow(/DATABASE_URL: must start with postgres:\/\//);
  });
});
