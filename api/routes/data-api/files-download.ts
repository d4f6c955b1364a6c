import type { Context } from 'hono';
import { type Actor, can, findTable, visibleFieldIds } from '../../../runtime/components/access.ts';
import type { AppEnv } from '../../kernel/context.ts';
import { isBlobKey } from '../../ports/blob-store.ts';
import type { Tx } from '../../store/db.ts';
import type { PublishedApp } from '../../store/published-apps.ts';
import type { Caller } from './actor.ts';
import { RestError } from './errors.ts';
import { type AppFile, appKeyPrefix, filesOfApp, isAttached } from './files-store.ts';
import { contentDisposition, servedInline } from './files-type.ts';
import { blobsOf } from './files-upload.ts';

/** One answer for every file the caller may not have, so probing reveals nothing about it. */
const noSuchFile = () => new RestError(404, 'file_not_found', 'There is no file at this address');

/**
 * The key from the raw path after `/files/`, still percent-encoded: keys have no `%`, so an
 * encoded `..` or `/` can never turn into one.
 */
function keyInPath(url: string): string {
  const segments = new URL(url).pathname.split('/');
  // ['', 'u', username, slug, 'files', ...key]
  return segments.slice(5).join('/');
}

/**
 * The file, if the actor may see it: it was uploaded to this app, its table is one the actor may
 * read, its field is not hidden from their role (and is still an attachment field), and a row
 * they may read holds its key in that field. A file no row holds any more (its row deleted or
 * changed) is served to nobody; its blob stays until a cleanup job removes unreferenced blobs.
 */
async function readableFile(tx: Tx, app: PublishedApp, actor: Actor, key: string): Promise<AppFile | null> {
  const file = (await filesOfApp(tx, app.appId, [key])).get(key);
  if (!file) return null;
  const decision = can(app.definition, actor, file.tableId, 'read');
  if (!decision.allowed) return null;
  const field = findTable(app.definition, file.tableId)?.fields.find((f) => f.id === file.fieldId);
  if (field?.type !== 'attachment') return null;
  if (!visibleFieldIds(app.definition, actor, file.tableId).has(file.fieldId)) return null;
  const ownRows = decision.rowScope === 'own' && actor.kind === 'end_user' ? actor.endUserId : null;
  return (await isAttached(tx, app.appId, file, ownRows)) ? file : null;
}

/**
 * `GET /u/{username}/{slug}/files/{key}`: streams the file with the type it was stored as. It
 * never runs as our origin: `nosniff`, a sandboxing CSP, and a download rather than a page for
 * anything but raster images.
 */
export async function downloadFile(c: Context<AppEnv>, app: PublishedApp, caller: Caller): Promise<Response> {
  const blobs = blobsOf(c);
  const key = keyInPath(c.req.url);
  if (!isBlobKey(key) || !key.startsWith(appKeyPrefix(app))) throw noSuchFile();
  const file = await c.var.platform.db.withUser(caller.claims, (tx) =>
    readableFile(tx, app, caller.actor, key),
  );
  const blob = file ? await blobs.get(key) : null;
  if (!file || !blob) throw noSuchFile();
  return new Response(blob.body, {
    status: 200,
    headers: {
      'content-type': file.type,
      'content-length': String(blob.size),
      'content-disposition': contentDisposition(servedInline(file.type) ? 'inline' : 'attachment', file.name),
      'x-content-type-options': 'nosniff',
      'content-security-policy':
        "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'",
      // Access depends on who asks, and rows change: no shared cache may keep it.
      'cache-control': 'private, no-store',
    },
  });
}
