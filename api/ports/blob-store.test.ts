import { describe, expect, it } from 'vitest';
import { blobStoreSuite } from './blob-store.suite.ts';
import { memoryBlobStore } from './blob-store.ts';

blobStoreSuite('memory', async () => ({ store: memoryBlobStore(), close: async () => {} }));

describe('memory blob store', () => {
  it('lists its keys, so tests can see that nothing was left behind', async () => {
    const store = memoryBlobStore();
    await store.put('a/one', new Uint8Array([1]));
    await store.put('a/two', new Uint8Array([2]));
    await store.delete('a/one');
    expect(store.keys()).toEqual(['a/two']);
  });

  it('keeps its own copy of the bytes it was given', async () => {
    const store = memoryBlobStore();
    const bytes = new Uint8Array([1, 2, 3]);
    await store.put('a/copy', bytes);
    bytes[0] = 9;
    expect((await store.stat('a/copy'))?.size).toBe(3);
    const reader = (await store.get('a/copy'))!.body.getReader();
    expect([...((await reader.read()).value ?? [])]).toEqual([1, 2, 3]);
  });
});
