/**
 * An upload's body, read as it arrives: its first bytes for the content check, then a stream of
 * the whole body for the blob port that errors the moment more than `maxBytes` have come, so an
 * oversized upload stops there and the port stores nothing.
 */
export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the body is larger than ${maxBytes} bytes`);
    this.name = 'BodyTooLarge';
  }
}

export interface LimitedBody {
  /** Up to `headBytes` leading bytes (fewer when the body is shorter). */
  head: Uint8Array;
  /** The whole body, head included. */
  stream: ReadableStream<Uint8Array>;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

export async function limitBody(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  headBytes: number,
): Promise<LimitedBody> {
  const reader = (body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() })).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  while (total < headBytes) {
    const { done, value } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
    chunks.push(value);
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      throw new BodyTooLarge(maxBytes);
    }
  }
  const read = concat(chunks, total);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (read.length > 0) controller.enqueue(read);
      if (ended) controller.close();
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      total += value.length;
      if (total > maxBytes) {
        // Stop reading at once: the rest of an oversized body is never buffered or stored.
        await reader.cancel();
        return controller.error(new BodyTooLarge(maxBytes));
      }
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { head: read.subarray(0, headBytes), stream };
}
