import type { Context } from 'hono';
import { type Actor, can, findTable, visibleFieldIds } from '../../../runtime/components/access.ts';
import { isAllowedFile } from '../../../runtime/components/coerce-attachment.ts';
import { refusedKeys } from '../../../runtime/components/write-row.ts';
import type { AppDefinition, Field } from '../../../schemas/definitions.ts';
import type { AppEnv } from '../../kernel/context.ts';
import { HttpError, limitReached } from '../../kernel/errors.ts';
import type { BlobStore } from '../../ports/blob-store.ts';
import { limitFromDbError } from '../../store/limits.ts';
import type { PublishedApp } from '../../store/published-apps.ts';
import type { Caller } from './actor.ts';
import { RestError } from './errors.ts';
import { BodyTooLarge, limitBody } from './files-body.ts';
import { type AppFile, newFileKey, recordFile, type StorageQuota, storageQuota } from './files-store.ts';
import { contentMismatch, mediaType, SNIFF_BYTES, typeMismatch } from './files-type.ts';

type AttachmentField = Extract<Field, { type: 'attachment' }>;

const BYTES_PER_MB = 1024 * 1024;

export function blobsOf(c: Context<AppEnv>): BlobStore {
  const { blobs } = c.var.platform;
  if (!blobs)
    throw new HttpError(503, 'files_unavailable', 'File uploads are not available on this platform yet');
  return blobs;
}

/**
 * The attachment field an actor may upload to: the table exists, the actor's role may create or
 * update its rows (a file is only ever useful in a row they write), and the field is one they may
 * write — unknown, hidden and derived fields are refused with the same words as in a write, so
 * probing cannot tell a hidden field from a missing one.
 */
function uploadTarget(app: AppDefinition, actor: Actor, tableId: string, fieldId: string): AttachmentField {
  const table = findTable(app, tableId);
  if (!table)
    throw new RestError(
      404,
      'PGRST205',
      `Could not find the table '${tableId}' in this app`,
      null,
      `Tables: ${app.tables.map((t) => t.id).join(', ')}`,
    );
  const create = can(app, actor, tableId, 'create');
  if (!create.allowed && !can(app, actor, tableId, 'update').allowed)
    throw new RestError(
      403,
      '42501',
      `Not allowed to upload to ${table.label}: uploads need a role that may create or update its rows (${create.reason})`,
    );
  const [refused] = refusedKeys(table, [fieldId], actor, visibleFieldIds(app, actor, tableId));
  if (refused) throw new RestError(400, 'PGRST204', refused.message);
  const field = table.fields.find((candidate) => candidate.id === fieldId)!;
  if (field.type !== 'attachment')
    throw new RestError(400, 'PGRST204', `${field.label} is not an attachment field: files go to one`);
  return field;
}

/** The file's name from `?name=`: what downloads are called, never a path. */
function fileName(raw: string | undefined): string {
  const name = (raw ?? '').trim();
  if (!name || name.length > 255)
    throw new RestError(400, 'invalid_file_name', 'Send the file name as ?name= (at most 255 characters)');
  if (
    /[/\\]/.test(name) ||
    [...name].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)
  )
    throw new RestError(
      400,
      'invalid_file_name',
      'The file name must be a plain name: no folders (/ or \\) and no control characters',
    );
  return name;
}

/** The declared type, checked against the field's allowed types and the name's extension. */
function declaredType(c: Context<AppEnv>, field: AttachmentField, name: string): string {
  const type = mediaType(c.req.header('content-type'));
  if (!type || /^(multipart|application\/x-www-form-urlencoded)/.test(type))
    throw new RestError(
      415,
      'file_type_missing',
      "Send the file's bytes as the body, with its MIME type as Content-Type (e.g. image/png)",
    );
  if (!isAllowedFile(field.allowedTypes, name, type))
    throw new RestError(
      415,
      'file_type_not_allowed',
      `${JSON.stringify(name)} (${type}) is not an allowed type for ${field.label} (allowed: ${field.allowedTypes.join(', ')})`,
    );
  // `image/*` means pictures; SVG can carry script (the security review blocks naming it), so a
  // wildcard never lets it in.
  if (type === 'image/svg+xml' && !field.allowedTypes.some((t) => t === type || t === '.svg'))
    throw new RestError(
      415,
      'file_type_not_allowed',
      `${JSON.stringify(name)} is an SVG image, which can carry scripts; ${field.label} does not accept SVG`,
    );
  const mismatch = typeMismatch(name, type);
  if (mismatch)
    throw new RestError(
      415,
      'file_type_mismatch',
      `${JSON.stringify(name)} does not match its type: ${mismatch}`,
    );
  return type;
}

const fileTooLarge = (field: AttachmentField) =>
  new RestError(
    413,
    'file_too_large',
    `The file is larger than ${field.maxSizeMb} MB, the limit of ${field.label}`,
    null,
    null,
    // The rest of the body is never read, so the connection cannot carry another request.
    { connection: 'close' },
  );

const storageFull = (quota: StorageQuota) =>
  limitReached({ name: 'artifact_bytes', max: quota.max, current: quota.used, plan: quota.plan });

/**
 * `POST /u/{username}/{slug}/files/{table}/{field}?name=<file name>` with the raw file as body:
 * checks who may upload, the type (declared, by extension and by content), the field's size limit
 * while the bytes stream in (413 the moment it is passed) and the builder's storage limit (403),
 * stores the blob, records it, and answers the attachment value a write of that field accepts.
 */
export async function uploadFile(c: Context<AppEnv>, app: PublishedApp, caller: Caller): Promise<Response> {
  const blobs = blobsOf(c);
  const { table: tableId, field: fieldId } = c.req.param() as { table: string; field: string };
  const field = uploadTarget(app.definition, caller.actor, tableId, fieldId);
  const name = fileName(c.req.query('name'));
  const type = declaredType(c, field, name);
  const fieldLimit = Math.floor(field.maxSizeMb * BYTES_PER_MB);
  const declared = c.req.header('content-length') ? Number(c.req.header('content-length')) : null;
  if (declared !== null && declared > fieldLimit) throw fileTooLarge(field);

  const { db } = c.var.platform;
  const quota = await db.withUser(caller.claims, (tx) => storageQuota(tx, app.appId));
  const left = Math.max(0, quota.max - quota.used);
  if (declared !== null && declared > left) throw storageFull(quota);
  const limit = Math.min(fieldLimit, left);
  const tooLarge = () => (limit < fieldLimit ? storageFull(quota) : fileTooLarge(field));

  const body = await limitBody(c.req.raw.body, limit, SNIFF_BYTES).catch((error: unknown) => {
    throw error instanceof BodyTooLarge ? tooLarge() : error;
  });
  const mismatch = contentMismatch(type, body.head);
  if (mismatch) {
    await body.stream.cancel();
    throw new RestError(
      415,
      'file_content_mismatch',
      `${JSON.stringify(name)} is not what it says: ${mismatch}`,
    );
  }

  const key = newFileKey(app);
  const stored = await blobs.put(key, body.stream).catch((error: unknown) => {
    throw error instanceof BodyTooLarge ? tooLarge() : error;
  });
  const file: AppFile = { key, tableId, fieldId, name, type, size: stored.size };
  const endUserId = caller.actor.kind === 'end_user' ? caller.actor.endUserId : null;
  try {
    await db.withUser(caller.claims, (tx) => recordFile(tx, app, file, endUserId));
  } catch (error) {
    // Another upload of the same builder took the space meanwhile (or the database failed): the
    // blob has no record, so nothing could ever serve it; remove it rather than keep its bytes.
    await blobs
      .delete(key)
      .catch((cleanup: unknown) =>
        c.var.platform.log.error('blob_cleanup_failed', { key, error: String(cleanup) }),
      );
    const limit = limitFromDbError(error);
    throw limit ? limitReached(limit) : error;
  }
  return c.json({ key, name, type, size: stored.size }, 201);
}
