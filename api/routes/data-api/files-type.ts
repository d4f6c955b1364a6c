/**
 * What an uploaded file is: the type its client declares, the name's extension, and (for the
 * types a browser would render) the bytes themselves must all agree, so a `.png` that is really
 * HTML never gets stored as an image.
 */

/** Extensions and the MIME types a file with that extension may be declared as. */
const TYPES_BY_EXTENSION: Readonly<Record<string, readonly string[]>> = {
  '.png': ['image/png'],
  '.jpg': ['image/jpeg'],
  '.jpeg': ['image/jpeg'],
  '.gif': ['image/gif'],
  '.webp': ['image/webp'],
  '.bmp': ['image/bmp'],
  '.ico': ['image/x-icon', 'image/vnd.microsoft.icon'],
  '.avif': ['image/avif'],
  '.heic': ['image/heic'],
  '.tif': ['image/tiff'],
  '.tiff': ['image/tiff'],
  '.svg': ['image/svg+xml'],
  '.pdf': ['application/pdf'],
  '.txt': ['text/plain'],
  '.csv': ['text/csv', 'text/plain', 'application/vnd.ms-excel'],
  '.md': ['text/markdown', 'text/plain'],
  '.json': ['application/json'],
  '.xml': ['application/xml', 'text/xml'],
  '.html': ['text/html'],
  '.htm': ['text/html'],
  '.zip': ['application/zip', 'application/x-zip-compressed'],
  '.doc': ['application/msword'],
  '.docx': ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  '.xls': ['application/vnd.ms-excel'],
  '.xlsx': ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  '.ppt': ['application/vnd.ms-powerpoint'],
  '.pptx': ['application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  '.odt': ['application/vnd.oasis.opendocument.text'],
  '.ods': ['application/vnd.oasis.opendocument.spreadsheet'],
  '.mp3': ['audio/mpeg'],
  '.wav': ['audio/wav', 'audio/x-wav', 'audio/wave'],
  '.mp4': ['video/mp4'],
  '.mov': ['video/quicktime'],
  '.webm': ['video/webm', 'audio/webm'],
};
const KNOWN_TYPES = new Set(Object.values(TYPES_BY_EXTENSION).flat());

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));
const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((byte, i) => bytes[at + i] === byte);
const ftypBrand = (bytes: Uint8Array, brands: readonly string[]) =>
  startsWith(bytes, ascii('ftyp'), 4) && brands.some((brand) => startsWith(bytes, ascii(brand), 8));

/** How each type's bytes begin. Images need one: a browser renders them, so they must be what they say. */
const SIGNATURES: Readonly<Record<string, (bytes: Uint8Array) => boolean>> = {
  'image/png': (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  'image/gif': (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')),
  'image/webp': (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8),
  'image/bmp': (b) => startsWith(b, ascii('BM')),
  'image/x-icon': (b) => startsWith(b, [0, 0, 1, 0]),
  'image/vnd.microsoft.icon': (b) => startsWith(b, [0, 0, 1, 0]),
  'image/avif': (b) => ftypBrand(b, ['avif', 'avis']),
  'image/heic': (b) => ftypBrand(b, ['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1']),
  'image/tiff': (b) => startsWith(b, ascii('II*\0')) || startsWith(b, ascii('MM\0*')),
  // SVG is XML text: it must start as markup and hold an <svg> element early on.
  'image/svg+xml': (b) => {
    const text = new TextDecoder()
      .decode(b)
      .replace(/^\uFEFF/, '')
      .trimStart();
    return text.startsWith('<') && /<svg[\s>]/i.test(text);
  },
  'application/pdf': (b) => startsWith(b, ascii('%PDF-')),
};

/** How many leading bytes the content check reads (SVG needs room for a prolog before <svg>). */
export const SNIFF_BYTES = 4096;

/**
 * Images a browser may show inline from our origin: raster formats that run no script. SVG can
 * carry script, so it is always served as a download.
 */
const INLINE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/bmp',
  'image/avif',
  'image/x-icon',
  'image/vnd.microsoft.icon',
]);

export const extensionOf = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
};

/** The MIME type of a Content-Type header, lower-case, without parameters; '' when none is usable. */
export function mediaType(header: string | undefined): string {
  const essence = (header ?? '').split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(essence) ? essence : '';
}

/** Why the name's extension and the declared type disagree, or null when they agree. */
export function typeMismatch(name: string, type: string): string | null {
  const extension = extensionOf(name);
  const types = TYPES_BY_EXTENSION[extension];
  if (types && !types.includes(type)) return `a ${extension} file is ${types.join(' or ')}, not ${type}`;
  if (!types && KNOWN_TYPES.has(type)) {
    const expected = Object.entries(TYPES_BY_EXTENSION)
      .filter(([, list]) => list.includes(type))
      .map(([ext]) => ext);
    return `a ${type} file's name ends in ${expected.join(' or ')}${extension ? `, not ${extension}` : ''}`;
  }
  return null;
}

/** Why the bytes are not the declared type, or null when they are (or the type has no signature). */
export function contentMismatch(type: string, head: Uint8Array): string | null {
  const signature = SIGNATURES[type];
  if (signature) return signature(head) ? null : `its content is not ${type}`;
  if (type.startsWith('image/'))
    return `${type} images cannot be checked; upload PNG, JPEG, GIF, WebP, BMP, AVIF, HEIC, TIFF, ICO or SVG`;
  return null;
}

export const servedInline = (type: string): boolean => INLINE_TYPES.has(type);

/** A Content-Disposition header for the file's name: ASCII fallback plus the UTF-8 name (RFC 6266). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
