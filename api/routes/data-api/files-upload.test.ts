import { PostgrestClient } from '@supabase/postgrest-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../store/db.ts';
import { type Builder, signUpBuilder } from '../../testing/builders.ts';
import { openTestDb } from '../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { publishApp } from './app-auth.fixture.ts';
import { chunked, fileDesk, pdfBytes, pngBytes, type Uploaded, uploadTo } from './files.fixture.ts';

// Uploading to a published app's attachment fields: the round trip through a row and back, the
// type checks (declared, by extension, by content), the field's size limit while the bytes
// stream in, and the builder's storage limit — and that a refused upload leaves nothing behind.

let db: Db;
let server: TestServer;
let alice: Builder;
let appId: string;

const upload = (field: string, file: Parameters<typeof uploadTo>[2], token?: string, table = 'docs') =>
  uploadTo(server.url, { username: 'alice', slug: 'file-desk', table, field }, file, token);
const stored = async () => ({
  blobs: server.blobs.keys().length,
  records: (
    await db.asService('test-fixtures', (tx) =>
      tx.query<{ n: number }>('select count(*)::int as n from app_files'),
    )
  )[0]!.n,
});

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  alice = await signUpBuilder(server.url, 'alice');
  appId = await publishApp(server.url, alice, fileDesk());
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('upload, attach, download', () => {
  it('a visitor uploads a photo, saves it in a row, and anyone who reads the row downloads it', async () => {
    const bytes = pngBytes(300);
    const response = await upload('photo', { name: 'Kitten photo.png', type: 'image/png', body: bytes });
    expect(response.status, await response.clone().text()).toBe(201);
    const file = (await response.json()) as Uploaded;
    expect(file).toEqual({ key: expect.any(String), name: 'Kitten photo.png', type: 'image/png', size: 300 });
    expect(file.key).toMatch(new RegExp(`^${alice.id}/apps/${appId}/[A-Za-z0-9_-]{24}$`));
    expect(server.blobs.keys()).toContain(file.key);

    const visitor = new PostgrestClient(`${server.url}/u/alice/file-desk/rest/v1`);
    const saved = await visitor
      .from('docs')
      .insert({ title: 'Cat', photo: [file] })
      .select('photo')
      .single();
    expect(saved.error).toBeNull();
    expect(saved.data).toEqual({ photo: [file] });

    const download = await fetch(`${server.url}/u/alice/file-desk/files/${file.key}`);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('content-length')).toBe('300');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-security-policy')).toMatch(/^sandbox;/);
    expect(download.headers.get('content-disposition')).toMatch(/^inline; filename="Kitten photo.png"/);
    expect(download.headers.get('cache-control')).toBe('private, no-store');
  });

  it('serves anything but a raster image as a download under its own name', async () => {
    const response = await upload('contract', {
      name: 'Vertrag für Ünal.pdf',
      type: 'application/pdf',
      body: pdfBytes(),
    });
    expect(response.status).toBe(201);
    const file = (await response.json()) as Uploaded;
    const owner = new PostgrestClient(`${server.url}/u/alice/file-desk/rest/v1`, {
      headers: { Authorization: `Bearer ${alice.token}` },
    });
    expect((await owner.from('docs').insert({ title: 'Lease', contract: [file] })).error).toBeNull();
    const download = await fetch(`${server.url}/u/alice/file-desk/files/${file.key}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="Vertrag f_r _nal.pdf"; filename*=UTF-8''Vertrag%20f%C3%BCr%20%C3%9Cnal.pdf`,
    );
    expect(download.headers.get('content-security-policy')).toMatch(/^sandbox;/);
  });

  it("tells API clients where each attachment field's files are uploaded", async () => {
    const doc = (await (await fetch(`${server.url}/u/alice/file-desk/rest/v1/`)).json()) as {
      components: { schemas: Record<string, { properties: Record<string, { description?: string }> }> };
    };
    expect(doc.components.schemas.docs!.properties.photo!.description).toBe(
      `Upload each file first: POST ${server.url}/u/alice/file-desk/files/docs/photo?name=<file name> ` +
        'with the raw bytes and Content-Type (image/*; at most 0.01 MB), then put the answer { key, name, type, size } in this list.',
    );
    expect(doc.components.schemas.docs!.properties).not.toHaveProperty('scan');
  });

  it('takes uploads past the 1 MB body limit that still holds for the rest of the data API', async () => {
    const big = new Uint8Array(1_500_000).fill(0x61);
    const response = await upload('contract', { name: 'minutes.txt', type: 'text/plain', body: big });
    expect(response.status, await response.clone().text()).toBe(201);
    expect(((await response.json()) as Uploaded).size).toBe(1_500_000);
    const json = await fetch(`${server.url}/u/alice/file-desk/rest/v1/docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x'.repeat(1_500_000) }),
    });
    expect(json.status).toBe(413);
  });
});

describe('the file is what the field allows and what it says it is', () => {
  const refusals: [string, string, { name: string; type: string; body: Uint8Array }, RegExp][] = [
    [
      'a type the field does not allow',
      'photo',
      { name: 'notes.txt', type: 'text/plain', body: new Uint8Array([0x61]) },
      /not an allowed type for Photo \(allowed: image\/\*\)/,
    ],
    [
      'a name whose extension is another type',
      'photo',
      { name: 'photo.png', type: 'image/jpeg', body: new Uint8Array([0xff, 0xd8, 0xff, 0]) },
      /a \.png file is image\/png, not image\/jpeg/,
    ],
    [
      'a known type under an unknown extension',
      'photo',
      { name: 'photo.exe', type: 'image/png', body: pngBytes() },
      /image\/png file's name ends in \.png, not \.exe/,
    ],
    [
      'an extension allowed by name but declared as another type',
      'contract',
      { name: 'deal.pdf', type: 'text/plain', body: pdfBytes() },
      /a \.pdf file is application\/pdf, not text\/plain/,
    ],
    [
      'a .png that is really HTML',
      'photo',
      {
        name: 'evil.png',
        type: 'image/png',
        body: new TextEncoder().encode('<html><script>alert(1)</script></html>'),
      },
      /its content is not image\/png/,
    ],
    [
      'a .pdf that is really something else',
      'contract',
      { name: 'deal.pdf', type: 'application/pdf', body: new TextEncoder().encode('MZ\x90\x00') },
      /its content is not application\/pdf/,
    ],
    [
      'an SVG under image/*',
      'photo',
      {
        name: 'logo.svg',
        type: 'image/svg+xml',
        body: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      },
      /SVG image, which can carry scripts/,
    ],
    [
      'an image type whose bytes cannot be checked',
      'photo',
      { name: 'scan.xyz', type: 'image/x-unknown', body: new Uint8Array([1, 2]) },
      /cannot be checked/,
    ],
  ];

  it.each(refusals)('refuses %s with 415, storing nothing', async (_what, field, file, message) => {
    const before = await stored();
    const response = await upload(field, file);
    expect(response.status).toBe(415);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.message).toMatch(message);
    expect(body.code).toMatch(/^file_/);
    expect(await stored()).toEqual(before);
  });

  it('wants the raw file with its type, and a plain file name', async () => {
    const form = new FormData();
    form.set('file', new Blob([pngBytes()], { type: 'image/png' }), 'a.png');
    const multipart = await fetch(`${server.url}/u/alice/file-desk/files/docs/photo?name=a.png`, {
      method: 'POST',
      body: form,
    });
    expect(multipart.status).toBe(415);
    expect((await upload('photo', { name: '', type: 'image/png', body: pngBytes() })).status).toBe(400);
    const traversal = await upload('photo', {
      name: '../../etc/passwd.png',
      type: 'image/png',
      body: pngBytes(),
    });
    expect(traversal.status).toBe(400);
    expect(((await traversal.json()) as { message: string }).message).toMatch(/no folders/);
    expect((await upload('photo', { name: 'a\nb.png', type: 'image/png', body: pngBytes() })).status).toBe(
      400,
    );
  });
});

describe('size limits', () => {
  it('refuses a file past the field limit from its Content-Length, before reading it (413)', async () => {
    const before = await stored();
    const response = await upload('photo', { name: 'big.png', type: 'image/png', body: pngBytes(20_000) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      code: 'file_too_large',
      message: 'The file is larger than 0.01 MB, the limit of Photo',
    });
    expect(await stored()).toEqual(before);
  });

  it('stops a streamed file the moment it passes the limit, storing nothing (413)', async () => {
    const before = await stored();
    const response = await upload('photo', {
      name: 'big.png',
      type: 'image/png',
      body: chunked(pngBytes(40_000)),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { code: string }).code).toBe('file_too_large');
    expect(await stored()).toEqual(before);
  });

  it('takes a streamed file of exactly the limit', async () => {
    const limit = Math.floor(0.01 * 1024 * 1024);
    const response = await upload('photo', {
      name: 'edge.png',
      type: 'image/png',
      body: chunked(pngBytes(limit)),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    expect(((await response.json()) as Uploaded).size).toBe(limit);
  });
});

describe("the builder's storage limit (plans.artifact_bytes)", () => {
  let carol: Builder;
  const uploadAsCarol = (body: Uint8Array | ReadableStream<Uint8Array>) =>
    uploadTo(
      server.url,
      { username: 'carol', slug: 'file-desk', table: 'docs', field: 'contract' },
      {
        name: 'notes.txt',
        type: 'text/plain',
        body,
      },
    );

  beforeAll(async () => {
    carol = await signUpBuilder(server.url, 'carol');
    await publishApp(server.url, carol, fileDesk());
    // A plan of 1000 bytes, 400 of them already taken by one of her pipeline's artifacts.
    await db.asService('test-fixtures', async (tx) => {
      await tx.query(
        `insert into plans (id, active_features, artifact_bytes, app_requests_per_minute,
           workflow_executions_per_hour, execution_timeout_seconds, rows_per_app, published_apps)
         values ('tiny', 20, 1000, 100, 100, 30, 10000, 3)`,
      );
      await tx.query(`update profiles set plan = 'tiny' where id = $1`, [carol.id]);
      const [feature] = await tx.query<{ id: string }>(
        `insert into features (user_id, title) values ($1, 'Spec') returning id`,
        [carol.id],
      );
      await tx.query(
        `insert into artifacts (user_id, feature_id, kind, path, blob_key, size_bytes, sha256)
         values ($1, $2, 'spec', 'spec.md', 'k', 400, 'h')`,
        [carol.id, feature!.id],
      );
    });
  });

  it('fills the plan to its last byte, then refuses one byte more with 403 naming the limit', async () => {
    const full = await uploadAsCarol(new Uint8Array(600).fill(0x61));
    expect(full.status, await full.clone().text()).toBe(201);
    const before = await stored();
    for (const body of [new Uint8Array([0x61]), chunked(new Uint8Array(50).fill(0x61), 10)]) {
      const over = await uploadAsCarol(body);
      expect(over.status).toBe(403);
      const error = (await over.json()) as { code: string; message: string };
      expect(error.code).toBe('limit_reached');
      expect(error.message).toMatch(/at most 1000 bytes of artifact storage on the tiny plan/);
    }
    expect(await stored()).toEqual(before);
  });

  it('is enforced by the database too, so two uploads racing cannot both pass it', async () => {
    const key = `${carol.id}/apps/00000000-0000-0000-0000-000000000000/${'r'.repeat(24)}`;
    const [app] = await db.asService('test-fixtures', (tx) =>
      tx.query<{ id: string }>(`select id from app_definitions where user_id = $1`, [carol.id]),
    );
    const attempt = db.withUser({ sub: carol.id, role: 'authenticated' }, (tx) =>
      tx.query(
        `insert into app_files (key, user_id, app_id, table_id, field_id, name, content_type, size_bytes)
         values ($1, $2, $3, 'docs', 'contract', 'x.txt', 'text/plain', 1)`,
        [key.replace('00000000-0000-0000-0000-000000000000', app!.id), carol.id, app!.id],
      ),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'BPL01', message: 'artifact_bytes' });
  });
});
