import { type BlobStore, checkBlobKey } from '../../ports/blob-store.ts';
import type { R2Bucket, R2UploadedPart } from './bindings.ts';

// Uploaded files in an R2 bucket, under the keys the API makes (`<user id>/apps/<app id>/…`, as the
// file system store lays them out). R2 takes a stream only when its length is known beforehand,
// and an upload's length is known only once it has all arrived (its size limit is checked while it
// streams in). So a body is gathered in parts: a small one goes up in one put; a larger one as a
// multipart upload, part by part, so at most one part is ever held in memory. Either way the
// object appears under its key only when complete, and a body that errors (a limit passed, the
// client gone) is aborted, leaving nothing behind: the port's contract.

/** R2 wants every part but the last of one size, at least 5 MiB. */
export const R2_PART_BYTES = 8 * 1024 * 1024;

export function r2BlobStore(bucket: R2Bucket, partBytes = R2_PART_BYTES): BlobStore {
  return {
    async put(key, body) {
      checkBlobKey(key);
      if (body instanceof Uint8Array) {
        await bucket.put(key, body);
        return { key, size: body.length };
      }
      return putStream(bucket, key, body, partBytes);
    },
    async get(key) {
      const object = await bucket.get(checkBlobKey(key));
      return object ? { key, size: object.size, body: object.body } : null;
    },
    async stat(key) {
      const object = await bucket.head(checkBlobKey(key));
      return object ? { key, size: object.size } : null;
    },
    async delete(key) {
      await bucket.delete(checkBlobKey(key));
    },
  };
}

/** Collects chunks into parts of exactly `partBytes` (the last one shorter). */
class PartBuffer {
  private chunks: Uint8Array[] = [];
  private held = 0;

  constructor(private readonly partBytes: number) {}

  get full(): boolean {
    return this.held >= this.partBytes;
  }

  add(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.held += chunk.length;
  }

  /** Takes one full part (or, at the end, whatever is left). */
  take(): Uint8Array {
    const size = Math.min(this.held, this.partBytes);
    const part = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const chunk = this.chunks[0]!;
      const used = Math.min(chunk.length, size - at);
      part.set(chunk.subarray(0, used), at);
      at += used;
      if (used === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(used);
    }
    this.held -= size;
    return part;
  }
}

async function putStream(bucket: R2Bucket, key: string, body: ReadableStream<Uint8Array>, partBytes: number) {
  const reader = body.getReader();
  const buffer = new PartBuffer(partBytes);
  let size = 0;
  let upload: Awaited<ReturnType<R2Bucket['createMultipartUpload']>> | undefined;
  const parts: R2UploadedPart[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer.add(value);
      size += value.length;
      while (buffer.full) {
        upload ??= await bucket.createMultipartUpload(key);
        parts.push(await upload.uploadPart(parts.length + 1, buffer.take()));
      }
    }
    if (!upload) {
      await bucket.put(key, buffer.take());
      return { key, size };
    }
    // A body of whole parts ends without a remainder: R2 needs no empty last part.
    if (size % partBytes !== 0) parts.push(await upload.uploadPart(parts.length + 1, buffer.take()));
    await upload.complete(parts);
    return { key, size };
  } catch (error) {
    await upload?.abort().catch(() => {});
    await reader.cancel(error).catch(() => {});
    throw error;
  }
}
