import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BlobStore, bytesOf, InvalidBlobKeyError } from './blob-store.ts';

/**
 * The behaviour every blob adapter owes the API, run against each one (as Hono runs one router
 * suite for every router): memory here, the file system in `platform/node`, R2 when it lands.
 */
export function blobStoreSuite(
  name: string,
  open: () => Promise<{ store: BlobStore; close(): Promise<void> }>,
) {
  describe(`blob store contract: ${name}`, () => {
    let store: BlobStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await open());
    });
    afterEach(() => close());

    const text = (s: string) => new TextEncoder().encode(s);
    const streamOf = (chunks: Uint8Array[], failAfter?: Error) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(chunk);
          if (failAfter) controller.error(failAfter);
          else controller.close();
        },
      });
    const read = async (key: string) => {
      const blob = await store.get(key);
      return blob ? new TextDecoder().decode(await bytesOf(blob.body)) : null;
    };

    it('gives back what was put, from bytes or a stream, with its size', async () => {
      expect(await store.put('u1/apps/a1/bytes', text('hello'))).toEqual({
        key: 'u1/apps/a1/bytes',
        size: 5,
      });
      await store.put('u1/apps/a1/stream', streamOf([text('he'), text('llo '), text('world')]));
      expect(await read('u1/apps/a1/bytes')).toBe('hello');
      expect(await read('u1/apps/a1/stream')).toBe('hello world');
      expect(await store.stat('u1/apps/a1/stream')).toEqual({ key: 'u1/apps/a1/stream', size: 11 });
      expect((await store.get('u1/apps/a1/stream'))?.size).toBe(11);
    });

    it('stores an empty file, and replaces a blob put twice', async () => {
      await store.put('k/empty', new Uint8Array());
      expect(await read('k/empty')).toBe('');
      await store.put('k/twice', text('first'));
      await store.put('k/twice', text('second'));
      expect(await read('k/twice')).toBe('second');
    });

    it('answers null for a missing blob and deletes idempotently', async () => {
      expect(await store.get('k/missing')).toBeNull();
      expect(await store.stat('k/missing')).toBeNull();
      await store.put('k/gone', text('x'));
      await store.delete('k/gone');
      await store.delete('k/gone');
      expect(await store.get('k/gone')).toBeNull();
    });

    it('keeps nothing under the key when the body stream fails halfway', async () => {
      const failure = new Error('too large');
      await expect(store.put('k/half', streamOf([text('partial')], failure))).rejects.toBe(failure);
      expect(await store.stat('k/half')).toBeNull();
      // Nor does a failed replacement damage the blob already there.
      await store.put('k/kept', text('whole'));
      await expect(store.put('k/kept', streamOf([text('broken')], failure))).rejects.toBe(failure);
      expect(await read('k/kept')).toBe('whole');
    });

    it.each([
      '../escape',
      'a/../../b',
      '/etc/passwd',
      'a//b',
      'a/./b',
      'a\\b',
      '%2e%2e/b',
      'a/b.png',
      '.hidden',
      'a/',
      '',
      'a'.repeat(513),
      'a\u0000b',
    ])('refuses the key %j on every operation', async (key) => {
      await expect(store.put(key, text('x'))).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store.get(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store.stat(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
    });
  });
}
