import { describe, expect, it } from 'vitest';
import { bytesOf } from '../../ports/blob-store.ts';
import { BodyTooLarge, limitBody } from './files-body.ts';

function body(...chunks: number[]): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let next = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next >= chunks.length) return controller.close();
      controller.enqueue(new Uint8Array(chunks[next]!).fill(next + 1));
      next += 1;
    },
  });
  return { stream, pulled: () => next };
}

describe('an upload body read against a limit', () => {
  it('gives the first bytes for the content check and the whole body as a stream', async () => {
    const { head, stream } = await limitBody(body(3, 3, 3).stream, 100, 4);
    expect([...head]).toEqual([1, 1, 1, 2]);
    expect([...(await bytesOf(stream))]).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
  });

  it('takes a body of exactly the limit, and an empty one', async () => {
    expect((await bytesOf((await limitBody(body(5, 5).stream, 10, 4)).stream)).length).toBe(10);
    const empty = await limitBody(null, 10, 4);
    expect(empty.head.length).toBe(0);
    expect((await bytesOf(empty.stream)).length).toBe(0);
  });

  it('fails the stream at the chunk that passes the limit and reads no further', async () => {
    const source = body(4, 4, 4, 4, 4);
    const { stream } = await limitBody(source.stream, 10, 2);
    await expect(bytesOf(stream)).rejects.toBeInstanceOf(BodyTooLarge);
    expect(source.pulled()).toBeLessThanOrEqual(4);
  });

  it('fails at once when the first bytes already pass the limit', async () => {
    await expect(limitBody(body(20).stream, 10, 64)).rejects.toEqual(new BodyTooLarge(10));
  });
});
