import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { type BlobStore, checkBlobKey, InvalidBlobKeyError } from '../../ports/blob-store.ts';

/** Where bytes are written before they are complete; keys have no dots, so no key reaches it. */
const INCOMING = '.incoming';
/** Half-written files older than this are left over from a crash and removed at start. */
const STALE_INCOMING_MS = 60 * 60 * 1000;

const isMissing = (error: unknown) =>
  ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException | undefined)?.code ?? '');

async function sweepIncoming(dir: string, now: number) {
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > STALE_INCOMING_MS) await rm(path, { force: true });
  }
}

/**
 * Blobs as files under `root` (embedded mode: `${DATA_DIR}/blobs`), one file per key, the key's
 * segments as folders. A blob is written to `root/.incoming/` first, flushed, then renamed into
 * place: a rename within one file system is atomic, so a crash or a refused upload never leaves
 * a half file under its final key, and a reader never sees one.
 */
export async function fsBlobStore(root: string, now: () => number = Date.now): Promise<BlobStore> {
  const base = resolve(root);
  const incoming = join(base, INCOMING);
  await mkdir(incoming, { recursive: true, mode: 0o700 });
  await sweepIncoming(incoming, now());

  const pathOf = (key: string) => {
    const path = join(base, ...checkBlobKey(key).split('/'));
    // The key's charset already rules out escapes; this holds even if that rule is ever loosened.
    if (!path.startsWith(base + sep)) throw new InvalidBlobKeyError(key);
    return path;
  };

  return {
    async put(key, body) {
      const path = pathOf(key);
      const temp = join(incoming, randomUUID());
      const file = await open(temp, 'wx', 0o600);
      let size = 0;
      try {
        if (body instanceof Uint8Array) {
          await file.writeFile(body);
          size = body.length;
        } else {
          const reader = body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            // writeFile on a handle writes all of the chunk at the current position.
            await file.writeFile(value);
            size += value.length;
          }
        }
        await file.sync();
        await file.close();
        await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        await rename(temp, path);
      } catch (error) {
        await file.close().catch(() => {});
        await rm(temp, { force: true });
        throw error;
      }
      return { key, size };
    },

    async get(key) {
      const path = pathOf(key);
      // Open first and stat the open file: a rename replacing the blob meanwhile cannot mix sizes.
      const file = await open(path, 'r').catch((error: unknown) => {
        if (isMissing(error)) return null;
        throw error;
      });
      if (!file) return null;
      try {
        const info = await file.stat();
        // A key that names a folder of other keys is not a blob.
        if (!info.isFile()) {
          await file.close();
          return null;
        }
        const size = info.size;
        const body = Readable.toWeb(file.createReadStream()) as unknown as ReadableStream<Uint8Array>;
        return { key, size, body };
      } catch (error) {
        await file.close();
        throw error;
      }
    },

    async stat(key) {
      const info = await stat(pathOf(key)).catch((error: unknown) => {
        if (isMissing(error)) return null;
        throw error;
      });
      return info?.isFile() ? { key, size: info.size } : null;
    },

    async delete(key) {
      const path = pathOf(key);
      const info = await stat(path).catch((error: unknown) => {
        if (isMissing(error)) return null;
        throw error;
      });
      if (info?.isFile())
        await unlink(path).catch((error: unknown) => {
          if (!isMissing(error)) throw error;
        });
    },
  };
}
