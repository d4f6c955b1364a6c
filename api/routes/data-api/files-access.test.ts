import { request } from 'node:http';
import { PostgrestClient } from '@supabase/postgrest-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../schemas/index.ts';
import type { Db } from '../../store/db.ts';
import { api, type Builder, signUpBuilder } from '../../testing/builders.ts';
import { openTestDb } from '../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { linkTokenFor, postJson, publishApp } from './app-auth.fixture.ts';
import { fileDesk, pngBytes, type Uploaded, uploadTo } from './files.fixture.ts';

// Who may upload and download an app's files, and that no file crosses from one app (or field)
// to another: roles, hidden and read-only fields, invite-only apps, other apps' keys, traversal.

let db: Db;
let server: TestServer;
let alice: Builder;
let bob: Builder;
let bobAppId: string;
let aliceAppId: string;
let vaultId: string;
let member: string;
let viewer: string;

const rest = (username: string, slug: string, token?: string) =>
  new PostgrestClient(`${server.url}/u/${username}/${slug}/rest/v1`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
const upload = (
  at: { username?: string; slug?: string; table?: string; field: string },
  token?: string,
  file = { name: 'pic.png', type: 'image/png', body: pngBytes() },
) =>
  uploadTo(
    server.url,
    {
      username: at.username ?? 'alice',
      slug: at.slug ?? 'file-desk',
      table: at.table ?? 'docs',
      field: at.field,
    },
    file,
    token,
  );
async function uploaded(...args: Parameters<typeof upload>): Promise<Uploaded> {
  const response = await upload(...args);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Uploaded;
}
const download = (key: string, token?: string, username = 'alice', slug = 'file-desk') =>
  fetch(`${server.url}/u/${username}/${slug}/files/${key}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

async function signIn(appId: string, email: string, role: string): Promise<string> {
  const invited = await api(server.url, alice, 'POST', `/api/apps/${appId}/end-users`, { email, role });
  expect(invited.status).toBe(201);
  expect((await postJson(`${server.url}/u/alice/file-vault/auth/magic-link`, { email })).status).toBe(202);
  const token = await linkTokenFor(server.url, alice, email);
  const session = await postJson(`${server.url}/u/alice/file-vault/auth/session`, { token });
  return ((await session.json()) as AppSession).access_token;
}

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  alice = await signUpBuilder(server.url, 'alice');
  bob = await signUpBuilder(server.url, 'bob');
  aliceAppId = await publishApp(server.url, alice, fileDesk());
  vaultId = await publishApp(server.url, alice, fileDesk('file-vault', 'invite_only'));
  bobAppId = await publishApp(server.url, bob, fileDesk());
  member = await signIn(vaultId, 'mia@example.test', 'member');
  viewer = await signIn(vaultId, 'vic@example.test', 'viewer');
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('who may upload', () => {
  it('an invited member uploads and attaches; a viewer downloads it; nobody without a session does', async () => {
    const file = await uploaded({ slug: 'file-vault', field: 'photo' }, member);
    const [record] = await db.asService('test-fixtures', (tx) =>
      tx.query<{ end_user_id: string | null }>('select end_user_id from app_files where key = $1', [
        file.key,
      ]),
    );
    expect(record!.end_user_id).not.toBeNull();
    expect(
      (
        await rest('alice', 'file-vault', member)
          .from('docs')
          .insert({ title: 'Plan', photo: [file] })
      ).error,
    ).toBeNull();
    expect((await download(file.key, viewer, 'alice', 'file-vault')).status).toBe(200);
    const stranger = await download(file.key, undefined, 'alice', 'file-vault');
    expect(stranger.status).toBe(401);
    expect(JSON.stringify(await stranger.json())).not.toContain(file.key);
  });

  it('refuses a viewer, whose role may neither create nor update rows (403), storing nothing', async () => {
    const before = server.blobs.keys().length;
    const response = await upload({ slug: 'file-vault', field: 'photo' }, viewer);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toMatch(
      /Not allowed to upload to Documents: uploads need a role that may create or update its rows/,
    );
    expect(server.blobs.keys().length).toBe(before);
  });

  it('refuses a visitor of an invite-only app without a session (401)', async () => {
    const response = await upload({ slug: 'file-vault', field: 'photo' });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { code: string }).code).toBe('app_sign_in_required');
  });

  it('refuses a hidden field exactly as an unknown one, and read-only and non-attachment fields', async () => {
    const hidden = await upload({ field: 'scan' });
    const unknown = await upload({ field: 'nope' });
    expect([hidden.status, unknown.status]).toEqual([400, 400]);
    expect(((await hidden.json()) as { message: string }).message).toBe('Documents has no field "scan"');
    expect(((await unknown.json()) as { message: string }).message).toBe('Documents has no field "nope"');
    const readOnly = await upload({ field: 'stamp' });
    expect(readOnly.status).toBe(400);
    expect(((await readOnly.json()) as { message: string }).message).toMatch(/read-only/);
    expect((await upload({ field: 'title' })).status).toBe(400);
    expect((await upload({ table: 'ghosts', field: 'photo' })).status).toBe(404);
    // The builder may fill both.
    await uploaded({ field: 'scan' }, alice.token);
    await uploaded({ field: 'stamp' }, alice.token);
  });
});

describe('a write may only attach files uploaded to that app, table and field', () => {
  let bobFile: Uploaded;
  beforeAll(async () => {
    bobFile = await uploaded({ username: 'bob', field: 'photo' });
    expect(
      (
        await rest('bob', 'file-desk')
          .from('docs')
          .insert({ title: 'Bob', photo: [bobFile] })
      ).error,
    ).toBeNull();
  });

  const refusedWrite = async (photo: unknown, message: RegExp) => {
    const { error, status } = await rest('alice', 'file-desk')
      .from('docs')
      .insert({ title: 'Stolen', photo });
    expect(status).toBe(400);
    expect(error?.message).toMatch(message);
  };

  it("refuses another app's key, a made-up key and a traversal key", async () => {
    await refusedWrite([bobFile], /is not a file uploaded to this field/);
    const madeUp = { ...bobFile, key: `${alice.id}/apps/${bobAppId}/${'x'.repeat(24)}` };
    await refusedWrite([madeUp], /is not a file uploaded to this field/);
    await refusedWrite([{ ...bobFile, key: '../../etc/passwd' }], /invalid storage key/);
  });

  it('refuses a key uploaded for another table or field, and a value that misstates the upload', async () => {
    const note = await uploaded({ table: 'notes', field: 'photo' });
    await refusedWrite([note], /upload it to \/files\/docs\/photo first/);
    const mine = await uploaded({ field: 'photo' });
    await refusedWrite([{ ...mine, size: 1 }], /does not match its upload \(image\/png, 64 bytes\)/);
    await refusedWrite([{ ...mine, type: 'image/gif', name: 'pic.gif' }], /does not match its upload/);
  });

  it('checks updates too', async () => {
    const owner = rest('alice', 'file-desk', alice.token);
    const row = await owner.from('docs').insert({ title: 'Mine' }).select('id').single();
    const { error, status } = await owner
      .from('docs')
      .update({ photo: [bobFile] })
      .eq('id', (row.data as { id: string }).id);
    expect(status).toBe(400);
    expect(error?.message).toMatch(/is not a file uploaded to this field/);
  });
});

describe('who may download', () => {
  it("never serves another app's file, whichever app's address it is asked at", async () => {
    const bobFile = await uploaded({ username: 'bob', field: 'photo' });
    await rest('bob', 'file-desk')
      .from('docs')
      .insert({ title: 'Bob 2', photo: [bobFile] });
    expect((await download(bobFile.key, undefined, 'bob')).status).toBe(200);
    for (const token of [undefined, alice.token]) {
      const response = await download(bobFile.key, token);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'file_not_found' });
    }
  });

  it('serves a file only while a row the caller may read holds it in a field they may see', async () => {
    const owner = rest('alice', 'file-desk', alice.token);
    const loose = await uploaded({ field: 'photo' });
    expect((await download(loose.key, alice.token)).status).toBe(404);

    const scan = await uploaded({ field: 'scan' }, alice.token);
    const row = await owner
      .from('docs')
      .insert({ title: 'Scanned', scan: [scan] })
      .select('id')
      .single();
    expect((await download(scan.key, alice.token)).status).toBe(200);
    expect((await download(scan.key)).status).toBe(404);

    await owner
      .from('docs')
      .delete()
      .eq('id', (row.data as { id: string }).id);
    // Deleting a row leaves its blob (a cleanup job's work), but nobody reaches it any more.
    expect(server.blobs.keys()).toContain(scan.key);
    expect((await download(scan.key, alice.token)).status).toBe(404);
  });

  it('refuses traversal and encoded keys without ever answering with a file', async () => {
    // Bob's visitors may download `shared` at Bob's address; `loose` is in no row, so nobody may.
    const shared = await uploaded({ username: 'bob', field: 'photo' });
    await rest('bob', 'file-desk')
      .from('docs')
      .insert({ title: 'Bob 3', photo: [shared] });
    const loose = await uploaded({ username: 'bob', field: 'photo' });
    const random = shared.key.split('/')[3]!;
    const paths = [
      `..%2F..%2F..%2Fbob%2Ffile-desk%2Ffiles%2F${shared.key}`,
      shared.key.replace(/\//g, '%2F'),
      `${alice.id}/apps/${bobAppId}/${random}`,
      `${alice.id}/apps/..%2F..%2F${shared.key}`,
      `${shared.key}/..`,
      // `..` and `%2e%2e` are resolved while the URL is parsed, before routing (as a browser
      // does): these name Bob's own address, where his app's rules decide.
      `%2e%2e/%2e%2e/%2e%2e/bob/file-desk/files/${loose.key}`,
      `../../../bob/file-desk/files/${loose.key}`,
      `%2E%2E/%2E%2E/%2E%2E/bob/file-desk/files/${loose.key}`,
    ];
    for (const path of paths) {
      // Raw HTTP, so the client does not tidy `..` away before the server sees it.
      const response = await new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
        const { hostname, port } = new URL(server.url);
        const req = request({ hostname, port, path: `/u/alice/file-desk/files/${path}` }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(response.status, path).toBe(404);
      expect(response.body.includes(Buffer.from(pngBytes())), path).toBe(false);
    }
  });
});

describe('row-level security on app_files, the backstop under the routes', () => {
  const visitorOf = (appId: string) => ({ sub: '', role: 'anon', app_id: appId });

  it('shows a visitor only the records of the public app in their claims', async () => {
    const apps = (claims: ReturnType<typeof visitorOf>) =>
      db.withUser(claims, (tx) => tx.query<{ app_id: string }>('select distinct app_id from app_files'));
    expect(await apps(visitorOf(bobAppId))).toEqual([{ app_id: bobAppId }]);
    expect(await apps(visitorOf(vaultId))).toEqual([]);
  });

  it('lets nobody record a file under another app than the one in their claims', async () => {
    const key = `${alice.id}/apps/${aliceAppId}/${'p'.repeat(24)}`;
    const planted = db.withUser(visitorOf(bobAppId), (tx) =>
      tx.query(
        `insert into app_files (key, user_id, app_id, table_id, field_id, name, content_type, size_bytes)
         values ($1, $2, $3, 'docs', 'photo', 'p.png', 'image/png', 1)`,
        [key, alice.id, aliceAppId],
      ),
    );
    await expect(planted).rejects.toMatchObject({ code: '42501' });
  });
});
