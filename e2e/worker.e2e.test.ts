import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, importJWK, SignJWT } from 'jose';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileDesk, type Uploaded, uploadTo } from '../api/routes/data-api/files.fixture.ts';
import { api, type Builder, signUpBuilder } from '../api/testing/builders.ts';
import type { WorkflowDefinition } from '../schemas/definitions.ts';
import type { RunDetail, RunList, RunStatus } from '../schemas/index.ts';
import { serverDatabase } from './support/database.ts';
import { startWorkerDev, type WorkerDev } from './support/worker-dev-process.ts';

// The Cloudflare target end to end (issue #9): scripts/worker-dev.ts runs the Worker under workerd
// (`wrangler dev --local`) against a fresh Postgres database, with the embedded auth server
// standing in for Supabase Auth. A builder's token is checked by the Worker through the auth
// server's JWKS URL; the app's files go to local R2, rate limits to the Durable Object, and cron
// workflows fire through wrangler's test-scheduled endpoint, as the Cron Trigger would.

async function skipReason(): Promise<string | null> {
  if (!process.env.DATABASE_URL)
    return 'the Worker needs Postgres: set DATABASE_URL (the Postgres half of .ci/run)';
  if (!existsSync('editor/dist/index.html')) return 'editor/dist is missing: npm run build';
  const probe = postgres(process.env.DATABASE_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await probe`select 1`;
    return null;
  } catch {
    return `Postgres at DATABASE_URL is not reachable`;
  } finally {
    await probe.end({ timeout: 1 });
  }
}
const skip = await skipReason();
if (skip) console.info(`worker.e2e skipped: ${skip}`);

const HOOK_TOKEN = 'hook_canary_91c4e07b5d';

const tokenHook: WorkflowDefinition = {
  schemaVersion: 1,
  kind: 'workflow',
  name: 'Order hook',
  trigger: {
    kind: 'webhook',
    verification: { kind: 'token', header: 'X-Hook-Token', secretId: 'hook_token' },
    response: { mode: 'async' },
  },
  start: 'remember',
  steps: [{ id: 'remember', label: 'Remember', kind: 'state_set', key: '"last"', value: 'trigger.body.id' }],
  connections: [],
  secrets: [{ id: 'hook_token', label: 'Hook token' }],
};

const everyMinute: WorkflowDefinition = {
  schemaVersion: 1,
  kind: 'workflow',
  name: 'Every minute',
  trigger: { kind: 'cron', cron: '* * * * *', timezone: 'UTC' },
  start: 'tick',
  steps: [{ id: 'tick', label: 'Tick', kind: 'state_set', key: '"ticked"', value: '"yes"' }],
  connections: [],
};

const settled = (status: RunStatus) => status !== 'queued' && status !== 'running';

async function poll<T>(what: string, probe: () => Promise<T | null>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

const suite = 'the Worker under workerd (wrangler dev --local) against Postgres';
describe.skipIf(skip)(skip ? `${suite} — skipped: ${skip}` : suite, () => {
  let stateDir: string;
  let database: Awaited<ReturnType<typeof serverDatabase>>;
  let sql: postgres.Sql;
  let dev: WorkerDev | undefined;
  let stopped: { lingering: string[] } | undefined;
  let builder: Builder;
  let W: string;

  const rest = (path: string, init: RequestInit = {}) =>
    fetch(`${W}/u/${builder.username}/file-desk/rest/v1/${path}`, init);
  const runsOf = async (id: string) => {
    const response = await api(W, builder, 'GET', `/api/workflows/${id}/runs?limit=50`);
    expect(response.status).toBe(200);
    return ((await response.json()) as RunList).runs;
  };
  const activate = async (definition: WorkflowDefinition, secret?: string) => {
    const created = await api(W, builder, 'POST', '/api/workflows', { definition });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    if (secret) {
      const put = await api(W, builder, 'PUT', `/api/workflows/${id}/secrets/${secret}`, {
        value: HOOK_TOKEN,
      });
      expect(put.status).toBe(200);
    }
    const activated = await api(W, builder, 'POST', `/api/workflows/${id}/activate`);
    expect(activated.status, await activated.clone().text()).toBe(200);
    return id;
  };

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'bp-worker-e2e-'));
    database = await serverDatabase(join(stateDir, 'unused'));
    sql = postgres(database.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    dev = await startWorkerDev({ databaseUrl: database.env.DATABASE_URL!, stateDir });
    W = dev.url;
  }, 120_000);

  afterAll(async () => {
    stopped ??= await dev?.stop();
    await sql?.end({ timeout: 1 });
    await database?.drop();
    await rm(stateDir, { recursive: true, force: true });
  }, 60_000);

  it('serves /health from Postgres with Supabase-style auth', async () => {
    const health = await fetch(`${W}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', db: 'postgres', auth: 'supabase' });
  });

  it("verifies a builder's token from the auth server through its JWKS URL, and no other", async () => {
    builder = await signUpBuilder(dev!.authUrl, 'worker-e2e');
    const me = await api(W, builder, 'GET', '/api/me');
    expect(me.status, await me.clone().text()).toBe(200);
    expect(await me.json()).toMatchObject({ id: builder.id, username: 'worker-e2e' });

    const asBearer = (token: string) =>
      fetch(`${W}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    const [head, body, signature] = builder.token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -4)}${signature.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect((await asBearer(`${head}.${body}.${flipped}`)).status).toBe(401);

    // Same claims and key id, signed by a key the JWKS does not publish: refused. The same token
    // signed with the auth server's own key (read from its data folder) passes, so the refusal is
    // the key's, and the Worker checks signatures against the key the JWKS URL publishes.
    const header = decodeProtectedHeader(builder.token);
    const resigned = (key: CryptoKey) =>
      new SignJWT(decodeJwt(builder.token))
        .setProtectedHeader({ alg: header.alg!, ...(header.kid ? { kid: header.kid } : {}), typ: 'JWT' })
        .sign(key);
    const { privateKey: strangerKey } = await generateKeyPair(header.alg!);
    expect((await asBearer(await resigned(strangerKey))).status).toBe(401);
    const stored = JSON.parse(await readFile(join(stateDir, 'auth', 'auth-signing-key.json'), 'utf8'));
    const authKey = await importJWK(stored.privateJwk, header.alg!);
    expect((await asBearer(await resigned(authKey as CryptoKey))).status).toBe(200);
    expect((await fetch(`${W}/api/me`)).status).toBe(401);
  });

  it('publishes an app whose data API reads and writes Postgres', async () => {
    const created = await api(W, builder, 'POST', '/api/apps', {
      definition: fileDesk('file-desk', 'public'),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const published = await api(W, builder, 'POST', `/api/apps/${id}/publish`, {});
    expect(published.status, await published.clone().text()).toBe(200);

    const inserted = await rest('docs', {
      method: 'POST',
      headers: { 'content-type': 'application/json', prefer: 'return=representation' },
      body: JSON.stringify({ title: 'Lease' }),
    });
    expect(inserted.status, await inserted.clone().text()).toBe(201);
    const read = await rest('docs?select=title');
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual([{ title: 'Lease' }]);
  });

  it('keeps an upload in local R2 and serves it once a row holds it', async () => {
    const bytes = new TextEncoder().encode('the contract, signed\n');
    const target = { username: builder.username, slug: 'file-desk', table: 'docs', field: 'contract' };
    const uploaded = await uploadTo(W, target, { name: 'contract.txt', type: 'text/plain', body: bytes });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const file = (await uploaded.json()) as Uploaded;
    expect(file).toMatchObject({ name: 'contract.txt', type: 'text/plain', size: bytes.length });
    expect(await readdir(join(stateDir, 'wrangler', 'v3', 'r2'))).not.toHaveLength(0);
    const download = () => fetch(`${W}/u/${builder.username}/file-desk/files/${file.key}`);
    expect((await download()).status).toBe(404);

    const attached = await rest('docs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Signed lease', contract: [file] }),
    });
    expect(attached.status, await attached.clone().text()).toBe(201);
    const served = await download();
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('text/plain');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
  });

  it('runs a webhook workflow for the right token and refuses a wrong one', async () => {
    const id = await activate(tokenHook, 'hook_token');
    const deliver = (token: string) =>
      fetch(`${W}/hooks/${id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hook-token': token },
        body: JSON.stringify({ id: 'ord-7' }),
      });
    expect((await deliver('not-the-token')).status).toBe(401);
    const accepted = await deliver(HOOK_TOKEN);
    expect(accepted.status).toBe(202);
    const { runId } = (await accepted.json()) as { runId: string };
    const run = await poll('the webhook run to end', async () => {
      const response = await api(W, builder, 'GET', `/api/workflows/${id}/runs/${runId}`);
      const detail = (await response.json()) as RunDetail;
      return settled(detail.status) ? detail : null;
    });
    expect(run.status).toBe('succeeded');
    expect(run.trigger).toBe('webhook');
    expect(run.steps.map((s) => [s.stepId, s.status])).toEqual([['remember', 'succeeded']]);
    expect(JSON.stringify(run)).not.toContain(HOOK_TOKEN);
    expect(await runsOf(id)).toHaveLength(1);
  });

  it('fires a due cron workflow once per due time through the scheduled endpoint', async () => {
    const id = await activate(everyMinute);
    // Due at the start of this minute: one firing, the next due at the next minute. Near the end
    // of a minute, wait for the next, so a second firing cannot become due during the test.
    await poll(
      'a minute with time to spare',
      async () => (new Date().getUTCSeconds() < 50 ? true : null),
      20_000,
    );
    const due = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const moved = await sql`update workflow_schedules set next_due_at = ${due} where workflow_id = ${id}`;
    expect(moved.count).toBe(1);
    const scheduled = () => fetch(`${W}/__scheduled?cron=*+*+*+*+*`);

    expect((await scheduled()).status).toBe(200);
    const runs = await poll('the cron run to end', async () => {
      const list = await runsOf(id);
      return list.length > 0 && list.every((r) => settled(r.status)) ? list : null;
    });
    expect(runs.map((r) => [r.trigger, r.status])).toEqual([['cron', 'succeeded']]);
    const [schedule] =
      await sql`select next_due_at, last_due_at from workflow_schedules where workflow_id = ${id}`;
    expect(new Date(schedule!.last_due_at).getTime()).toBe(due.getTime());
    expect(new Date(schedule!.next_due_at).getTime()).toBe(due.getTime() + 60_000);

    // Nothing is due until the next minute: a second event starts nothing (its tick is awaited).
    expect((await scheduled()).status).toBe(200);
    expect(await runsOf(id)).toHaveLength(1);
  });

  it('answers 429 with Retry-After once the free plan’s 100 requests a minute are spent', async () => {
    // Earlier requests count too, and the window may turn over mid-burst: send until refused.
    let refused: Response | undefined;
    for (let sent = 0; sent < 250 && !refused; sent++) {
      const response = await rest('docs?select=title');
      if (response.status === 429) refused = response;
      else expect(response.status).toBe(200);
    }
    expect(refused, 'no 429 within 250 requests').toBeDefined();
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused!.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // The counters live in the Durable Object's local storage.
    expect(await readdir(join(stateDir, 'wrangler', 'v3', 'do'))).not.toHaveLength(0);
  });

  it('stops with no wrangler or workerd process left running', async () => {
    stopped = await dev!.stop();
    expect(stopped.lingering).toEqual([]);
    expect((await fetch(`${W}/health`).catch(() => null))?.status).toBeUndefined();
  });
});
