import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, zipFiles } from './zip.ts';

// Issue #8: a code-mode feature is "downloadable as a zip" whose files match the bundle. The zip is
// written by hand, so it is read back here by an independent reader (and by `unzip` when the machine
// has it), byte for byte.

const FILES = [
  { path: 'src/convert.ts', content: 'export const convert = (n: number) => n * 1000;\n' },
  {
    path: 'src/convert.test.ts',
    content: "import { it } from 'vitest';\nit('is unicode-safe: °C → °F', () => {});\n",
  },
  { path: 'README.md', content: '' },
];

/** Reads every entry through the central directory, checking each local header and CRC. */
function readZip(bytes: Uint8Array): { path: string; content: string }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: { path: string; content: string }[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const path = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    expect(view.getUint32(local, true)).toBe(0x04034b50);
    const data = bytes.subarray(local + 30 + nameLength, local + 30 + nameLength + size);
    expect(crc32(data)).toBe(crc);
    entries.push({ path, content: decoder.decode(data) });
    at += 46 + nameLength;
  }
  return entries;
}

const hasUnzip = (() => {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('zip', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('holds every file with its path and exact content', () => {
    expect(readZip(zipFiles(FILES))).toEqual(FILES);
  });

  it('gives the same bytes for the same files', () => {
    expect(zipFiles(FILES)).toEqual(zipFiles(FILES));
  });

  it.skipIf(!hasUnzip)('is read by unzip, which finds no error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bp-zip-'));
    try {
      await writeFile(join(dir, 'bundle.zip'), zipFiles(FILES));
      execFileSync('unzip', ['-t', '-q', 'bundle.zip'], { cwd: dir });
      execFileSync('unzip', ['-q', 'bundle.zip', '-d', 'out'], { cwd: dir });
      for (const file of FILES)
        expect(await readFile(join(dir, 'out', file.path), 'utf8')).toBe(file.content);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
