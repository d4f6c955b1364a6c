import { CODE_LIMITS, CodeBundle } from '../../schemas/definitions.ts';
import { IssueList, shapeIssues, type ValidationResult } from './result.ts';

const utf8 = new TextEncoder();

/** `204,800 bytes (200 KB)`: exact for whoever trims the file, rounded for whoever reads it. */
function bytes(n: number): string {
  const rounded = n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`;
  return `${n.toLocaleString('en-US')} bytes (${rounded.replace('.0 ', ' ')})`;
}

/** A test file uses Vitest when it imports it (`from 'vitest'` or `import 'vitest'`). */
const IMPORTS_VITEST = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]vitest['"]/;

/**
 * Checks a code bundle: its shape (Zod), then what the zip and the builder's machine need —
 * distinct paths (also when letter case is ignored, as on Windows and macOS), sizes in UTF-8
 * bytes (what the zip holds, not characters), at least one TypeScript source file, and tests that
 * use Vitest. Reports all problems at once.
 */
export function validateCode(input: unknown): ValidationResult<CodeBundle> {
  const parsed = CodeBundle.safeParse(input);
  if (!parsed.success) return { ok: false, errors: shapeIssues(parsed.error) };
  const bundle = parsed.data;
  const issues = new IssueList();
  const entries = [
    ...bundle.files.map((file, i) => ({ ...file, at: ['files', i] as const })),
    ...bundle.tests.map((file, i) => ({ ...file, at: ['tests', i] as const })),
  ];
  const where = (at: readonly [string, number]) => `${at[0]}[${at[1]}]`;

  const exact = new Map<string, (typeof entries)[number]>();
  const folded = new Map<string, (typeof entries)[number]>();
  let total = 0;
  for (const entry of entries) {
    const same = exact.get(entry.path);
    const sameButCase = folded.get(entry.path.toLowerCase());
    if (same)
      issues.add([...entry.at, 'path'], `path "${entry.path}" is used twice (also ${where(same.at)})`);
    else if (sameButCase)
      issues.add(
        [...entry.at, 'path'],
        `path "${entry.path}" differs only by letter case from "${sameButCase.path}" (${where(sameButCase.at)}); on Windows and macOS one would overwrite the other when the zip is unpacked, so rename one`,
      );
    if (!same) exact.set(entry.path, entry);
    if (!sameButCase) folded.set(entry.path.toLowerCase(), entry);

    const size = utf8.encode(entry.content).length;
    total += size;
    if (size > CODE_LIMITS.maxFileBytes)
      issues.add(
        [...entry.at, 'content'],
        `is ${bytes(size)}, over the limit of ${bytes(CODE_LIMITS.maxFileBytes)} per file; split it into smaller files`,
      );
  }
  if (total > CODE_LIMITS.maxTotalBytes)
    issues.add(
      ['files'],
      `all files together are ${bytes(total)}, over the limit of ${bytes(CODE_LIMITS.maxTotalBytes)}; remove or shorten files`,
    );

  const isSource = (path: string) =>
    path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('.d.ts');
  if (!bundle.files.some((file) => isSource(file.path)))
    issues.add(
      ['files'],
      `needs at least one TypeScript source file (.ts, not a test or .d.ts); found only: ${bundle.files
        .slice(0, 12)
        .map((f) => f.path)
        .join(', ')}${bundle.files.length > 12 ? ', …' : ''}`,
    );

  bundle.tests.forEach((test, i) => {
    if (!IMPORTS_VITEST.test(test.content))
      issues.add(
        ['tests', i, 'content'],
        `test file "${test.path}" does not import vitest; start it with import { describe, expect, it } from 'vitest'`,
      );
  });

  return issues.empty ? { ok: true, value: bundle } : { ok: false, errors: issues.issues };
}
