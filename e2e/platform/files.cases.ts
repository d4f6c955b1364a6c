import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PostgrestClient } from '@supabase/postgrest-js';
import { expect, it } from 'vitest';
import { type Uploaded, uploadTo } from '../../api/routes/data-api/files.fixture.ts';
import type { SuiteContext } from './context.ts';

/** The files under `root` whose bytes are exactly `bytes` (the store's layout is its own). */
async function filesHolding(root: string, bytes: Uint8Array): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const content = await readFile(path);
    if (content.length === bytes.length && content.equals(bytes)) found.push(path);
  }
  return found;
}

/** An attachment through the app's files API, kept by the target's own blob store. */
export function fileCases(ctx: SuiteContext) {
  it('keeps an upload in the blob store and serves the same bytes only while a row holds it', async () => {
    const { url, blobRoot } = ctx.target();
    const [owner, desk] = await Promise.all([ctx.owner(), ctx.desk()]);
    // Random, so the bytes found in the store can only be this upload's.
    const bytes = new TextEncoder().encode(`the contract, signed ${randomBytes(8).toString('hex')}\n`);
    const target = { username: owner.username, slug: desk.slug, table: 'docs', field: 'contract' };
    const uploaded = await uploadTo(url, target, { name: 'contract.txt', type: 'text/plain', body: bytes });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const file = (await uploaded.json()) as Uploaded;
    expect(file).toMatchObject({ name: 'contract.txt', type: 'text/plain', size: bytes.length });
    expect(await filesHolding(blobRoot, bytes)).toHaveLength(1);

    const download = () => fetch(`${url}/u/${owner.username}/${desk.slug}/files/${file.key}`);
    const unheld = await download();
    expect(unheld.status).toBe(404);
    expect(await unheld.text()).not.toContain('contract, signed');

    const rows = new PostgrestClient(`${url}/u/${owner.username}/${desk.slug}/rest/v1`, {
      headers: { Authorization: `Bearer ${owner.token}` },
    });
    const attached = await rows
      .from('docs')
      .insert({ title: 'Signed lease', contract: [file] })
      .select('id');
    expect(attached.error).toBeNull();
    const served = await download();
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('text/plain');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);

    // The row goes, and with it the right to the file.
    const removed = await rows.from('docs').delete().eq('title', 'Signed lease').select('id');
    expect(removed.data).toHaveLength(1);
    expect((await download()).status).toBe(404);
  });
}
