/**
 * Where the bytes of uploaded files live. Embedded: files under `${DATA_DIR}/blobs`; Cloudflare:
 * an R2 bucket. The shape is R2's (put/get/head/delete over web streams) so an R2 adapter is a
 * thin wrapper. What a blob *is* (its name, type, app and field) lives in the database
 * (`app_files`), not here: one source of truth, and a store that needs no metadata of its own.
 */
export type BlobBody = Uint8Array | ReadableStream<Uint8Array>;

export interface BlobInfo {
  key: string;
  /** Bytes. */
  size: number;
}

export interface StoredBlob extends BlobInfo {
  body: ReadableStream<Uint8Array>;
}

export interface BlobStore {
  /**
   * Stores `body` under `key`, replacing what was there. If the body stream errors (a size limit
   * passed, the client went away), it rejects with that error and nothing is stored under `key`.
   */
  put(key: string, body: BlobBody): Promise<BlobInfo>;
  /** The blob's bytes as a stream, or null when there is none. */
  get(key: string): Promise<StoredBlob | null>;
  stat(key: string): Promise<BlobInfo | null>;
  /** Removes the blob; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
}

export class InvalidBlobKeyError extends Error {
  constructor(key: string) {
    super(`invalid blob key ${JSON.stringify(key.slice(0, 80))}`);
    this.name = 'InvalidBlobKeyError';
  }
}

/**
 * Keys are `/`-separated segments of `[A-Za-z0-9_-]`: no dots at all, so no `..`, no hidden
 * files, no extensions a server might act on; no leading `/`, no `\`, no `%`. Every adapter
 * checks it, so a key that works in tests works on disk and in R2 alike.
 */
const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;
export const MAX_BLOB_KEY_LENGTH = 512;

export const isBlobKey = (key: string): boolean => key.length <= MAX_BLOB_KEY_LENGTH && KEY.test(key);

export function checkBlobKey(key: string): string {
  if (!isBlobKey(key)) throw new InvalidBlobKeyError(key);
  return key;
}

/** Reads a whole body into memory (tests, small blobs). */
export async function bytesOf(body: BlobBody): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

const streamOf = (bytes: Uint8Array): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      if (bytes.length > 0) controller.enqueue(bytes);
      controller.close();
    },
  });

export interface MemoryBlobStore extends BlobStore {
  /** Every stored key, so tests can see that a refused upload left nothing behind. */
  keys(): string[];
}

/** Blobs in a Map: for tests, and for a process that keeps nothing between runs. */
export function memoryBlobStore(): MemoryBlobStore {
  const blobs = new Map<string, Uint8Array>();
  return {
    async put(key, body) {
      checkBlobKey(key);
      // Read it all first: a stream that errors halfway never reaches the map.
      const bytes = await bytesOf(body);
      blobs.set(key, bytes.slice());
      return { key, size: bytes.length };
    },
    async get(key) {
      const bytes = blobs.get(checkBlobKey(key));
      return bytes ? { key, size: bytes.length, body: streamOf(bytes) } : null;
    },
    async stat(key) {
      const bytes = blobs.get(checkBlobKey(key));
      return bytes ? { key, size: bytes.length } : null;
    },
    async delete(key) {
      blobs.delete(checkBlobKey(key));
    },
    keys: () => [...blobs.keys()],
  };
}
