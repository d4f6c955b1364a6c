import type { AppDefinition } from '../../../schemas/definitions.ts';

/**
 * A small app with attachment fields for the file suites: documents with a photo (images, 10 KB),
 * a contract (.pdf or text, 2 MB) and a scan hidden from every role but the builder; notes with
 * a photo of their own. Visitors of the public app add rows; invited members (the default role
 * of the invite-only one) add and change them; viewers only read.
 */
export function fileDesk(
  slug = 'file-desk',
  level: 'public' | 'private' | 'invite_only' = 'public',
): AppDefinition {
  const hiddenFields = [{ tableId: 'docs', fieldId: 'scan' }];
  const permission = (tableId: string, create: boolean, update: boolean) =>
    ({ tableId, create, read: true, update, delete: false, rowScope: 'all' }) as const;
  return {
    schemaVersion: 1,
    kind: 'app',
    name: 'File desk',
    slug,
    themeColor: '#0f766e',
    tables: [
      {
        id: 'docs',
        label: 'Documents',
        primaryFieldId: 'title',
        fields: [
          { id: 'title', label: 'Title', type: 'text', required: true },
          {
            id: 'photo',
            label: 'Photo',
            type: 'attachment',
            allowedTypes: ['image/*'],
            maxSizeMb: 0.01,
            maxFiles: 3,
          },
          {
            id: 'contract',
            label: 'Contract',
            type: 'attachment',
            allowedTypes: ['.pdf', 'text/plain'],
            maxSizeMb: 2,
            maxFiles: 1,
          },
          {
            id: 'scan',
            label: 'Scan',
            type: 'attachment',
            allowedTypes: ['image/*'],
            maxSizeMb: 1,
            maxFiles: 1,
          },
          {
            id: 'stamp',
            label: 'Stamp',
            type: 'attachment',
            allowedTypes: ['image/png'],
            maxSizeMb: 1,
            maxFiles: 1,
            readOnly: true,
          },
        ],
      },
      {
        id: 'notes',
        label: 'Notes',
        primaryFieldId: 'body',
        fields: [
          { id: 'body', label: 'Body', type: 'text' },
          {
            id: 'photo',
            label: 'Photo',
            type: 'attachment',
            allowedTypes: ['image/*'],
            maxSizeMb: 1,
            maxFiles: 1,
          },
        ],
      },
    ],
    views: [
      { id: 'docs', label: 'Documents', kind: 'list', tableId: 'docs', columns: ['title'], pageSize: 50 },
    ],
    access: {
      level,
      defaultRoleId: level === 'public' ? 'visitor' : 'member',
      roles: [
        {
          id: 'visitor',
          label: 'Visitor',
          tables: [permission('docs', true, false), permission('notes', true, false)],
          hiddenFields,
        },
        {
          id: 'member',
          label: 'Member',
          tables: [permission('docs', true, true), permission('notes', true, true)],
          hiddenFields,
        },
        {
          id: 'viewer',
          label: 'Viewer',
          tables: [permission('docs', false, false), permission('notes', false, false)],
          hiddenFields,
        },
      ],
    },
    automations: [],
    navigation: [{ viewId: 'docs' }],
  };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** `size` bytes that start as a PNG (the content check reads only the signature). */
export function pngBytes(size = 64): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size).fill(0x42);
  bytes.set(PNG_SIGNATURE);
  return bytes;
}

export const pdfBytes = (text = 'contract') => new TextEncoder().encode(`%PDF-1.7\n% ${text}\n%%EOF\n`);

/** A body that arrives in chunks without a Content-Length, as a browser streams a large file. */
export function chunked(bytes: Uint8Array, chunkSize = 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

export interface Uploaded {
  key: string;
  name: string;
  type: string;
  size: number;
}

/** Uploads as the API's clients do: the raw bytes, the type as Content-Type, the name as ?name=. */
export function uploadTo(
  url: string,
  path: { username: string; slug: string; table: string; field: string },
  file: { name: string; type: string; body: Uint8Array | ReadableStream<Uint8Array> },
  token?: string,
) {
  const streaming = file.body instanceof ReadableStream;
  return fetch(
    `${url}/u/${path.username}/${path.slug}/files/${path.table}/${path.field}?name=${encodeURIComponent(file.name)}`,
    {
      method: 'POST',
      headers: { 'content-type': file.type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: file.body as BodyInit,
      ...(streaming ? { duplex: 'half' } : {}),
    } as RequestInit,
  );
}
