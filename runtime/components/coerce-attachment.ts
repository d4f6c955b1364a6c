/**
 * Attachment values: the list of files a row holds, each `{ name, url | key, size, type }` after
 * the upload route has put the bytes in the blob port. Checked here against the field's limits
 * (allowed types, size, number of files) so the API, CSV import and the viewer refuse the same
 * files with the same words. The upload route still sniffs the bytes: `type` is what the client says.
 */
import type { Field } from '../../schemas/definitions.ts';
import { type Coerced, describeValue, fail } from './coerce-text.ts';

type Attachment = Pick<Extract<Field, { type: 'attachment' }>, 'allowedTypes' | 'maxSizeMb' | 'maxFiles'>;

export interface StoredFile {
  name: string;
  url?: string;
  key?: string;
  /** Bytes. */
  size: number;
  /** MIME type, lower-case. */
  type: string;
}

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;
const hasControlCharacter = (text: string): boolean =>
  [...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
const BYTES_PER_MB = 1024 * 1024;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const extensionOf = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
};

function formatMb(bytes: number): string {
  const mb = bytes / BYTES_PER_MB;
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
}

/** Whether a file of this name and MIME type is one the field accepts (`image/*`, `.pdf`, `text/csv`). */
export function isAllowedFile(allowedTypes: readonly string[], name: string, type: string): boolean {
  const extension = extensionOf(name);
  return allowedTypes.some((allowed) => {
    if (allowed.startsWith('.')) return extension === allowed.toLowerCase();
    if (allowed.endsWith('/*')) return type.startsWith(allowed.slice(0, -1));
    return type === allowed;
  });
}

/** One file, or what is wrong with it. */
function coerceFile(item: unknown, field: Attachment): StoredFile | string {
  if (!isRecord(item))
    return `each file must be an object { name, url or key, size, type }, not ${describeValue(item)}`;
  const { name, url, key, size, type } = item;
  if (typeof name !== 'string' || !name.trim() || name.length > 255)
    return 'each file needs a name (at most 255 characters)';
  const label = JSON.stringify(name);
  const file: StoredFile = { name: name.trim(), size: 0, type: '' };
  if (url !== undefined && url !== null) {
    if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/i.test(url) || url.length > 2048)
      return `${label} needs an http or https url`;
    file.url = url;
  }
  if (key !== undefined && key !== null) {
    // A key names a blob of this app; a `..` segment or a control character could reach another's.
    if (
      typeof key !== 'string' ||
      !key ||
      key.length > 1024 ||
      /(^|\/)\.\.(\/|$)/.test(key) ||
      hasControlCharacter(key)
    )
      return `${label} has an invalid storage key`;
    file.key = key;
  }
  if (file.url === undefined && file.key === undefined) return `${label} needs a url or a storage key`;
  const bytes = typeof size === 'string' && /^\d+$/.test(size.trim()) ? Number(size) : size;
  if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes < 0)
    return `${label} needs its size in bytes (a whole number)`;
  file.size = bytes;
  const mime = typeof type === 'string' ? type.trim().toLowerCase() : '';
  if (!MIME.test(mime)) return `${label} needs a MIME type like image/png`;
  file.type = mime;
  if (!isAllowedFile(field.allowedTypes, file.name, mime))
    return `${label} (${mime}) is not an allowed type (allowed: ${field.allowedTypes.join(', ')})`;
  const limit = field.maxSizeMb * BYTES_PER_MB;
  if (bytes > limit) return `${label} is ${formatMb(bytes)}; the limit is ${field.maxSizeMb} MB per file`;
  return file;
}

/** A list of files (a single file object is taken as a list of one); an empty list is no value. */
export function coerceAttachments(field: Attachment, raw: unknown): Coerced {
  const items = Array.isArray(raw) ? raw : isRecord(raw) ? [raw] : undefined;
  if (!items)
    return fail(
      `must be a list of uploaded files ({ name, url or key, size, type }), not ${describeValue(raw)}`,
    );
  if (items.length === 0) return { ok: true, value: null };
  if (items.length > field.maxFiles)
    return fail(
      `takes at most ${field.maxFiles} file${field.maxFiles === 1 ? '' : 's'} (got ${items.length})`,
    );
  const files: StoredFile[] = [];
  const problems: string[] = [];
  for (const item of items) {
    const file = coerceFile(item, field);
    if (typeof file === 'string') problems.push(file);
    else files.push(file);
  }
  if (problems.length > 0) return fail(problems.join('; '));
  return { ok: true, value: files };
}
