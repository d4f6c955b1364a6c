import { describe, expect, it } from 'vitest';
import { contentDisposition, contentMismatch, mediaType, servedInline, typeMismatch } from './files-type.ts';

const bytes = (...values: (number | string)[]) =>
  Uint8Array.from(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe('the declared type', () => {
  it('is the MIME essence of Content-Type, lower-case, or nothing usable', () => {
    expect(mediaType('Image/PNG; charset=binary')).toBe('image/png');
    expect(mediaType('text/plain;charset=utf-8')).toBe('text/plain');
    expect(mediaType(undefined)).toBe('');
    expect(mediaType('not a type')).toBe('');
    expect(mediaType('image/png\r\nx-evil: 1')).toBe('');
  });

  it("must agree with the name's extension, both ways", () => {
    expect(typeMismatch('a.PNG', 'image/png')).toBeNull();
    expect(typeMismatch('report.csv', 'text/plain')).toBeNull();
    expect(typeMismatch('data.custom', 'application/x-custom')).toBeNull();
    expect(typeMismatch('a.png', 'text/html')).toBe('a .png file is image/png, not text/html');
    expect(typeMismatch('a.html', 'image/png')).toBe('a .html file is text/html, not image/png');
    expect(typeMismatch('page', 'text/html')).toBe("a text/html file's name ends in .html or .htm");
    expect(typeMismatch('photo.jpg', 'image/jpeg')).toBeNull();
  });
});

describe('the content', () => {
  it.each([
    ['image/png', bytes(0x89, 'PNG\r\n', 0x1a, '\n', 0)],
    ['image/jpeg', bytes(0xff, 0xd8, 0xff, 0xe0)],
    ['image/gif', bytes('GIF89a')],
    ['image/webp', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 ')],
    ['image/bmp', bytes('BM', 0, 0)],
    ['image/x-icon', bytes(0, 0, 1, 0)],
    ['image/avif', bytes(0, 0, 0, 0x1c, 'ftypavif')],
    ['image/heic', bytes(0, 0, 0, 0x18, 'ftypheic')],
    ['image/tiff', bytes('II*', 0)],
    [
      'image/svg+xml',
      new TextEncoder().encode('\uFEFF  <?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'),
    ],
    ['application/pdf', bytes('%PDF-1.4')],
  ])('accepts a real %s', (type, head) => {
    expect(contentMismatch(type, head)).toBeNull();
  });

  it.each([
    ['image/png', bytes('<html><script>alert(1)</script>')],
    ['image/jpeg', bytes(0x89, 'PNG')],
    ['image/gif', bytes('GIF')],
    ['image/webp', bytes('RIFF', 0, 0, 0, 0, 'WAVE')],
    ['image/avif', bytes(0, 0, 0, 0x1c, 'ftypisom')],
    ['image/svg+xml', bytes('<html><body>no svg here</body></html>')],
    ['application/pdf', bytes('MZ')],
    ['image/png', new Uint8Array()],
  ])('refuses a %s that is something else', (type, head) => {
    expect(contentMismatch(type, head)).toBe(`its content is not ${type}`);
  });

  it('refuses image types it cannot check, and leaves other types to the declared type', () => {
    expect(contentMismatch('image/x-unknown', bytes('anything'))).toMatch(/cannot be checked/);
    expect(contentMismatch('text/plain', bytes('<html>'))).toBeNull();
  });
});

describe('serving', () => {
  it('shows raster images inline and downloads everything else, SVG included', () => {
    expect(servedInline('image/png')).toBe(true);
    expect(servedInline('image/svg+xml')).toBe(false);
    expect(servedInline('text/html')).toBe(false);
    expect(servedInline('application/pdf')).toBe(false);
  });

  it('names the file in an ASCII fallback and in UTF-8, so no name can break the header', () => {
    expect(contentDisposition('attachment', 'Grüße "final" (2).pdf')).toBe(
      `attachment; filename="Gr__e _final_ (2).pdf"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%22final%22%20%282%29.pdf`,
    );
    expect(contentDisposition('inline', "it's.png")).toBe(
      `inline; filename="it's.png"; filename*=UTF-8''it%27s.png`,
    );
  });
});
