import { describe, expect, it } from 'vitest';
import type { Field } from '../../schemas/definitions.ts';
import { coerceValue } from './coerce.ts';
import { isAllowedFile } from './coerce-attachment.ts';

const field = (extra: Partial<Record<'allowedTypes' | 'maxSizeMb' | 'maxFiles', unknown>> = {}) =>
  ({
    id: 'files',
    label: 'Files',
    type: 'attachment',
    allowedTypes: ['image/*', '.pdf'],
    maxSizeMb: 2,
    maxFiles: 2,
    ...extra,
  }) as Field;
const png = { name: 'logo.png', url: 'https://cdn.example.com/logo.png', size: 1000, type: 'image/png' };
const value = (raw: unknown, f = field()) => {
  const result = coerceValue(f, raw);
  return result.ok ? result.value : `ERROR ${result.message}`;
};

describe('coerceValue: attachments', () => {
  it('keeps name, url or key, size and type of each file, dropping anything else', () => {
    expect(value([{ ...png, extra: 'x' }])).toEqual([png]);
    expect(
      value([{ name: 'scan.pdf', key: 'app/1/scan.pdf', size: '2048', type: 'Application/PDF' }]),
    ).toEqual([{ name: 'scan.pdf', key: 'app/1/scan.pdf', size: 2048, type: 'application/pdf' }]);
  });

  it('takes a single file object as a list of one', () => {
    expect(value(png)).toEqual([png]);
  });

  it('allows a type by MIME family or by extension', () => {
    expect(isAllowedFile(['image/*'], 'a.webp', 'image/webp')).toBe(true);
    expect(isAllowedFile(['.pdf'], 'Report.PDF', 'application/octet-stream')).toBe(true);
    expect(isAllowedFile(['image/png'], 'a.png', 'image/jpeg')).toBe(false);
    expect(isAllowedFile(['image/*'], 'a.png', 'imagex/png')).toBe(false);
  });

  it('refuses a type the field does not allow, naming the allowed ones', () => {
    expect(value([{ ...png, name: 'notes.txt', type: 'text/plain' }])).toBe(
      'ERROR "notes.txt" (text/plain) is not an allowed type (allowed: image/*, .pdf)',
    );
  });

  it('refuses a file over the size limit, saying its size and the limit', () => {
    expect(value([{ ...png, size: 3.5 * 1024 * 1024 }])).toBe(
      'ERROR "logo.png" is 3.5 MB; the limit is 2 MB per file',
    );
    expect(value([{ ...png, size: 2 * 1024 * 1024 }])).toEqual([{ ...png, size: 2 * 1024 * 1024 }]);
  });

  it('refuses more files than the field holds', () => {
    expect(value([png, png, png])).toBe('ERROR takes at most 2 files (got 3)');
    expect(value([png, png], field({ maxFiles: 1 }))).toBe('ERROR takes at most 1 file (got 2)');
  });

  it('refuses files without a name, a location, a size or a type, naming each problem', () => {
    expect(value([{ ...png, name: '' }])).toBe('ERROR each file needs a name (at most 255 characters)');
    expect(value([{ name: 'a.png', size: 1, type: 'image/png' }])).toBe(
      'ERROR "a.png" needs a url or a storage key',
    );
    expect(value([{ ...png, url: 'javascript:alert(1)' }])).toBe(
      'ERROR "logo.png" needs an http or https url',
    );
    expect(
      value([
        { ...png, size: -1 },
        { ...png, type: 'png' },
      ]),
    ).toBe(
      'ERROR "logo.png" needs its size in bytes (a whole number); "logo.png" needs a MIME type like image/png',
    );
  });

  it('refuses storage keys that climb out of the app folder', () => {
    const { url: _, ...file } = png;
    expect(value([{ ...file, key: '../other-app/secret.png' }])).toBe(
      'ERROR "logo.png" has an invalid storage key',
    );
    expect(value([{ ...file, key: 'a/\u0000b' }])).toBe('ERROR "logo.png" has an invalid storage key');
  });

  it('refuses text (a CSV cell cannot hold an upload) and treats an empty list as no value', () => {
    expect(value('https://example.com/a.png')).toMatch(/^ERROR must be a list of uploaded files/);
    expect(value([])).toBeNull();
  });
});
