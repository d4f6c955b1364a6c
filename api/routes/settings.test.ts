import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnthropicKeyStatus, ApiErrorBody } from '../../schemas/index.ts';
import type { Db } from '../store/db.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let db: Db;
let server: TestServer;
let alice: Builder;
const KEY = 'sk-ant-api03-Secret-Value-Never-Shown-0123456789abcdefWXYZ';
const OTHER_KEY = 'sk-ant-api03-Replacement-Key-aaaaaaaaaaaaaaaaaaaaaaaa9876';

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  alice = await signUpBuilder(server.url, 'alice');
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('BYOK Anthropic key', () => {
  it('is not configured at first', async () => {
    const status = AnthropicKeyStatus.parse(
      await (await api(server.url, alice, 'GET', '/api/settings/anthropic-key')).json(),
    );
    expect(status).toEqual({ configured: false });
  });

  it('stores the key sealed, shows only its last four characters, and replaces it', async () => {
    const put = await api(server.url, alice, 'PUT', '/api/settings/anthropic-key', { key: KEY });
    expect(put.status).toBe(200);
    const text = await put.text();
    expect(text).not.toContain('Secret-Value');
    expect(AnthropicKeyStatus.parse(JSON.parse(text))).toMatchObject({ configured: true, last4: 'WXYZ' });

    const get = await (await api(server.url, alice, 'GET', '/api/settings/anthropic-key')).text();
    expect(get).not.toContain('Secret-Value');
    expect(JSON.parse(get)).toMatchObject({ configured: true, last4: 'WXYZ' });

    const [row] = await db.asService('test-fixtures', (tx) =>
      tx.query<{ ciphertext: string }>('select ciphertext from builder_secrets where user_id = $1', [
        alice.id,
      ]),
    );
    expect(row!.ciphertext).toMatch(/^v1\./);
    expect(row!.ciphertext).not.toContain('Secret');
    // The pipeline's service job can open it; nobody else can.
    expect(
      await db.asService('test-fixtures', (tx) =>
        server.platform.secrets.open(tx, alice.id, 'anthropic_key'),
      ),
    ).toBe(KEY);

    await api(server.url, alice, 'PUT', '/api/settings/anthropic-key', { key: OTHER_KEY });
    const replaced = AnthropicKeyStatus.parse(
      await (await api(server.url, alice, 'GET', '/api/settings/anthropic-key')).json(),
    );
    expect(replaced.last4).toBe('9876');
  });

  it('cannot be read back by the builder even in SQL under their own claims', async () => {
    const attempt = db.withUser({ sub: alice.id, role: 'authenticated' }, (tx) =>
      tx.query('select ciphertext from builder_secrets'),
    );
    await expect(attempt).rejects.toThrow(/permission denied/);
  });

  it('a sealed key moved to another builder does not open', async () => {
    const bob = await signUpBuilder(server.url, 'bob');
    await db.asService('test-fixtures', async (tx) => {
      const [row] = await tx.query<{ ciphertext: string }>(
        'select ciphertext from builder_secrets where user_id = $1',
        [alice.id],
      );
      await tx.query(
        `insert into builder_secrets (user_id, name, ciphertext, last4) values ($1, 'anthropic_key', $2, 'XXXX')`,
        [bob.id, row!.ciphertext],
      );
    });
    const opened = db.asService('test-fixtures', (tx) =>
      server.platform.secrets.open(tx, bob.id, 'anthropic_key'),
    );
    await expect(opened).rejects.toThrow();
  });

  it('refuses a malformed key without echoing it', async () => {
    const bad = 'not-a-key-but-a-Secret-Value-anyway';
    const response = await api(server.url, alice, 'PUT', '/api/settings/anthropic-key', { key: bad });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toContain('Secret-Value');
    expect(ApiErrorBody.parse(JSON.parse(text)).error.message).toMatch(/key: must be an Anthropic API key/);
    const unknown = await api(server.url, alice, 'PUT', '/api/settings/anthropic-key', {
      key: KEY,
      note: 'x',
    });
    expect(unknown.status).toBe(400);
  });

  it('is removed by DELETE', async () => {
    expect((await api(server.url, alice, 'DELETE', '/api/settings/anthropic-key')).status).toBe(204);
    const status = AnthropicKeyStatus.parse(
      await (await api(server.url, alice, 'GET', '/api/settings/anthropic-key')).json(),
    );
    expect(status).toEqual({ configured: false });
  });

  it('never reaches a log line', () => {
    const logs = server.logLines.join('\n');
    expect(logs).not.toContain('Secret-Value');
    expect(logs).not.toContain('Replacement-Key');
  });
});
