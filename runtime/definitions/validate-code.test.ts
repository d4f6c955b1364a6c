import { describe, expect, it } from 'vitest';
import { CODE_LIMITS, type CodeBundle } from '../../schemas/definitions.ts';
import { validateCode } from './validate-code.ts';

const TEST_SOURCE = `import { describe, expect, it } from 'vitest';
import { slugify } from '../src/slugify.ts';

describe('slugify', () => {
  it('lower-cases and joins words with hyphens', () => {
    expect(slugify('Hello World')).toBe('hello-world');
  });
});
`;

function bundle(overrides: Partial<Pick<CodeBundle, 'files' | 'tests'>> = {}): CodeBundle {
  return {
    schemaVersion: 1,
    kind: 'code',
    language: 'typescript',
    spec: {
      title: 'Slugify',
      summary: 'Turns titles into URL slugs.',
      sections: {
        goals: 'Readable URLs.',
        requirements: ['Lower-case', 'Hyphens between words'],
        architecture: 'One pure function.',
        testing: 'Vitest unit tests.',
      },
    },
    files: [
      {
        path: 'src/slugify.ts',
        content: "export const slugify = (s: string) => s.trim().toLowerCase().split(/\\s+/).join('-');\n",
      },
      { path: 'package.json', content: '{ "type": "module" }\n' },
    ],
    tests: [{ path: 'test/slugify.test.ts', content: TEST_SOURCE }],
    ...overrides,
  };
}

function errorsOf(input: unknown) {
  const result = validateCode(input);
  if (result.ok) throw new Error('expected the bundle to be rejected');
  return result.errors;
}

describe('validateCode', () => {
  it('accepts a small TypeScript bundle with a Vitest test', () => {
    const result = validateCode(bundle());
    expect(result).toEqual({ ok: true, value: bundle() });
  });

  it('reports shape errors first, with their paths, and stops there', () => {
    // No .ts source either, but semantic rules only run on a well-formed bundle.
    const errors = errorsOf({ ...bundle(), files: [{ path: '../etc/passwd', content: '' }] });
    expect(errors).toContainEqual({ path: 'files[0].path', message: 'must not contain .. or .' });
    expect(errors.every((error) => error.path === 'files[0].path')).toBe(true);
  });

  it('rejects the same path used twice, across files and tests', () => {
    const base = bundle();
    const errors = errorsOf(
      bundle({ files: [...base.files, { path: 'test/slugify.test.ts', content: '' }] }),
    );
    expect(errors).toEqual([
      { path: 'tests[0].path', message: 'path "test/slugify.test.ts" is used twice (also files[2])' },
    ]);
  });

  it('rejects paths that differ only by letter case, which collide on case-insensitive file systems', () => {
    const base = bundle();
    const errors = errorsOf(
      bundle({ files: [...base.files, { path: 'src/Slugify.ts', content: 'export {};\n' }] }),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('files[2].path');
    expect(errors[0]!.message).toContain(
      '"src/Slugify.ts" differs only by letter case from "src/slugify.ts" (files[0])',
    );
  });

  it('measures a file in UTF-8 bytes: under the limit in characters but over it in bytes is rejected', () => {
    const chars = CODE_LIMITS.maxFileBytes / 2 + 1; // each "é" is 2 bytes
    const content = `export const s = '${'é'.repeat(chars)}';\n`;
    expect(content.length).toBeLessThanOrEqual(CODE_LIMITS.maxFileBytes);
    const errors = errorsOf(bundle({ files: [{ path: 'src/big.ts', content }] }));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('files[0].content');
    expect(errors[0]!.message).toMatch(
      /^is 204,823 bytes \(200 KB\), over the limit of 204,800 bytes \(200 KB\)/,
    );
  });

  it('accepts a file of exactly the per-file limit', () => {
    const content = `//${'x'.repeat(CODE_LIMITS.maxFileBytes - 3)}\n`;
    expect(validateCode(bundle({ files: [{ path: 'src/edge.ts', content }] })).ok).toBe(true);
  });

  it('rejects a bundle over the total size limit, counting tests too', () => {
    const chunk = `//${'x'.repeat(CODE_LIMITS.maxFileBytes - 3)}\n`;
    const files = Array.from({ length: 10 }, (_, i) => ({ path: `src/part${i}.ts`, content: chunk }));
    expect(validateCode(bundle({ files })).ok).toBe(true); // 10 × 200 KB = 2,048,000 plus a small test
    const tests = [
      ...bundle().tests,
      { path: 'test/big.test.ts', content: `import 'vitest';\n//${'x'.repeat(100_000)}\n` },
    ];
    const errors = errorsOf(bundle({ files, tests }));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('files');
    expect(errors[0]!.message).toContain('all files together are');
    expect(errors[0]!.message).toContain('over the limit of 2,097,152 bytes (2 MB)');
  });

  it('needs at least one .ts source file besides tests and declarations', () => {
    const errors = errorsOf(
      bundle({
        files: [
          { path: 'README.md', content: '# Slugify\n' },
          { path: 'src/types.d.ts', content: 'export type Slug = string;\n' },
        ],
      }),
    );
    expect(errors).toEqual([
      {
        path: 'files',
        message:
          'needs at least one TypeScript source file (.ts, not a test or .d.ts); found only: README.md, src/types.d.ts',
      },
    ]);
  });

  it('requires every test file to import vitest', () => {
    const tests = [
      ...bundle().tests,
      { path: 'test/plain.test.ts', content: "import assert from 'node:assert';\nassert.ok(true);\n" },
      { path: 'test/side.test.ts', content: "import 'vitest';\n" },
    ];
    expect(errorsOf(bundle({ tests }))).toEqual([
      {
        path: 'tests[1].content',
        message:
          'test file "test/plain.test.ts" does not import vitest; start it with import { describe, expect, it } from \'vitest\'',
      },
    ]);
  });

  it('reports every problem at once', () => {
    const errors = errorsOf(
      bundle({
        files: [
          { path: 'notes.txt', content: 'x' },
          { path: 'Notes.txt', content: 'y' },
        ],
        tests: [{ path: 'a.test.ts', content: 'test()' }],
      }),
    );
    expect(errors.map((e) => e.path)).toEqual(['files[1].path', 'files', 'tests[0].content']);
  });
});
