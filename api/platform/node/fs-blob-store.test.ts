import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobStoreSuite } from '../../ports/blob-store.suite.ts';
import { bytesOf } from '../../ports/blob-store.ts';
import { fsBlobStore } from './fs-blob-store.ts';

blobStoreSuite('node file system', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bp-blobs-'));
  return {
    store: await fsBlobStore(join(dir, 'blobs')),
    close: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('file-system blob store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bp-blobs-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const text = (s: string) => new TextEncoder().encode(s);

  it('keeps each blob as a file under the root, its key segments as folders', async () => {
    const store = await fsBlobStore(join(dir, 'blobs'));
    await store.put('user-1/apps/app-1/abc', text('bytes on disk'));
    expect(await readFile(join(dir, 'blobs', 'user-1', 'apps', 'app-1', 'abc'), 'utf8')).toBe(
      'bytes on disk',
    );
    expect((await stat(join(dir, 'blobs', 'user-1', 'apps', 'app-1', 'abc'))).mode & 0o777).toBe(0o600);
  });

  it('never shows a half-written file under the final key while a stream is still arriving', async () => {
    const store = await fsBlobStore(join(dir, 'blobs'));
    let push!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = controller;
      },
    });
    const putting = store.put('u/apps/a/slow', body);
    push.enqueue(text('first half '));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await store.stat('u/apps/a/slow')).toBeNull();
    await expect(stat(join(dir, 'blobs', 'u', 'apps', 'a', 'slow'))).rejects.toThrow(/ENOENT/);
    push.enqueue(text('second half'));
    push.close();
    await putting;
    expect(new TextDecoder().decode(await bytesOf((await store.get('u/apps/a/slow'))!.body))).toBe(
      'first half second half',
    );
    expect(await readdir(join(dir, 'blobs', '.incoming'))).toEqual([]);
  });

  it('removes the half-written file when the body fails', async () => {
    const store = await fsBlobStore(join(dir, 'blobs'));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(text('partial'));
        controller.error(new Error('limit passed'));
      },
    });
    await expect(store.put('u/apps/a/refused', body)).rejects.toThrow('limit passed');
    expect(await readdir(join(dir, 'blobs', '.incoming'))).toEqual([]);
    await expect(stat(join(dir, 'blobs', 'u', 'apps', 'a', 'refused'))).rejects.toThrow(/ENOENT/);
  });

  it('sweeps files a crash left half-written, but not ones still being written', async () => {
    const root = join(dir, 'blobs');
    await fsBlobStore(root);
    await writeFile(join(root, '.incoming', 'crashed'), 'half');
    await writeFile(join(root, '.incoming', 'recent'), 'half');
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(join(root, '.incoming', 'crashed'), old, old);
    await fsBlobStore(root);
    expect(await readdir(join(root, '.incoming'))).toEqual(['recent']);
  });

  it('treats a folder of other keys as no blob', async () => {
    const store = await fsBlobStore(join(dir, 'blobs'));
    await store.put('u/apps/a/file', text('x'));
    expect(await store.get('u/apps/a')).toBeNull();
    expect(await store.stat('u/apps')).toBeNull();
    await store.delete('u/apps');
    expect(await store.stat('u/apps/a/file')).toEqual({ key: 'u/apps/a/file', size: 1 });
  });

  it('never writes outside its root for a traversal key', async () => {
    const store = await fsBlobStore(join(dir, 'blobs'));
    await expect(store.put('../outside', text('x'))).rejects.toThrow(/invalid blob key/);
    await expect(store.put('u/../../outside', text('x'))).rejects.toThrow(/invalid blob key/);
    expect((await readdir(dir)).sort()).toEqual(['blobs']);
  });
});
