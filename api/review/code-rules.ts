import type { CodeBundle } from '../../schemas/definitions.ts';
import { bySeverity, type Finding, finding } from './finding.ts';
import { findPastedSecrets, lineOf, stringsIn } from './pasted-secrets.ts';

/**
 * The source with comments and the contents of string and template literals blanked out (same
 * length, newlines kept), so a rule sees only code: `// eval(x)` and `'expect('` do not count.
 * A small scanner, not a parser: a regular expression literal holding a quote may blank a little
 * too much of its line, which only ever hides code from the rules, never invents it.
 */
export function codeOnly(source: string): string {
  let out = '';
  let i = 0;
  const blank = (text: string) => text.replace(/[^\n]/g, ' ');
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    let end = i + 1;
    if (c === '/' && next === '/') {
      end = source.indexOf('\n', i);
      if (end < 0) end = source.length;
      out += blank(source.slice(i, end));
    } else if (c === '/' && next === '*') {
      end = source.indexOf('*/', i + 2);
      end = end < 0 ? source.length : end + 2;
      out += blank(source.slice(i, end));
    } else if (c === '"' || c === "'" || c === '`') {
      while (end < source.length && source[end] !== c && (c === '`' || source[end] !== '\n'))
        end += source[end] === '\\' ? 2 : 1;
      end = Math.min(end + 1, source.length);
      out += c + blank(source.slice(i + 1, end - 1)) + (end - 1 > i ? source[end - 1] : '');
    } else out += c;
    i = end;
  }
  return out;
}

type Entry = { path: string; content: string; at: readonly [string, number] };

function entries(bundle: CodeBundle): Entry[] {
  return [
    ...bundle.files.map((file, i) => ({ ...file, at: ['files', i] as const })),
    ...bundle.tests.map((file, i) => ({ ...file, at: ['tests', i] as const })),
  ];
}

/** `it(`, `test(`, `it.each(…)(`, `test.concurrent(`… */
const DECLARES_TEST = /(?<![\w$.])(?:it|test)(?:\.\w+)*\s*\(/;
/** `expect(…)`, `expect.assertions(…)`, `expectTypeOf(…)`, `assert(…)`, `assert.equal(…)`, `fc.assert(…)`. */
const ASSERTS = /(?<![\w$])(?:expect|expectTypeOf|assert|assertType)\s*[.(]/;

/**
 * Warning: a test file that is empty, declares no test, or never asserts passes whatever the code
 * does — a test that cannot fail. It weakens the bundle but endangers no one, so it does not block.
 */
export function hollowTests(bundle: CodeBundle): Finding[] {
  return bundle.tests.flatMap((test, i) => {
    const code = codeOnly(test.content);
    const problem =
      code.trim() === ''
        ? 'is empty'
        : !DECLARES_TEST.test(code)
          ? 'declares no test (no it(...) or test(...))'
          : !ASSERTS.test(code)
            ? 'never calls expect, so its tests pass whatever the code does'
            : undefined;
    if (!problem) return [];
    return [
      finding(
        'code.hollow-test',
        'warning',
        ['tests', i, 'content'],
        `Test file ${test.path} ${problem}. Add tests that check what the code must do with expect(...).`,
      ),
    ];
  });
}

/**
 * Blocker: a real key in code the builder downloads ends up in their repository and every copy of
 * it; once generated it must be revoked, not just deleted. Tests and the spec are checked too.
 */
export function codePastedSecrets(bundle: CodeBundle): Finding[] {
  const inFiles = entries(bundle).flatMap((entry) =>
    findPastedSecrets(entry.content).map((secret) =>
      finding(
        'code.pasted-secret',
        'blocker',
        [...entry.at, 'content'],
        `${entry.path}, line ${lineOf(entry.content, secret.index)}, contains ${secret.kind}. Read it from an ` +
          'environment variable instead (process.env), and revoke the key with its provider.',
      ),
    ),
  );
  const inSpec = [...stringsIn(bundle.spec, ['spec'])].flatMap(({ path, text }) =>
    findPastedSecrets(text).map((secret) =>
      finding(
        'code.pasted-secret',
        'blocker',
        path,
        `The spec contains ${secret.kind}. Remove it, and revoke the key with its provider.`,
      ),
    ),
  );
  return [...inFiles, ...inSpec];
}

const DYNAMIC_CODE = /(?<![\w$.])(?:eval\s*\(|new\s+Function\s*\(|Function\s*\()/g;

/**
 * Warning: `eval` and `new Function` run text as code — with any outside input in that text, it
 * is code injection. Sometimes deliberate (a REPL, a template engine), so it does not block.
 */
export function dynamicCode(bundle: CodeBundle): Finding[] {
  return entries(bundle).flatMap((entry) => {
    if (!/\.(ts|tsx|js|mjs|cjs|jsx)$/.test(entry.path)) return [];
    const code = codeOnly(entry.content);
    return [...code.matchAll(DYNAMIC_CODE)].map((match) =>
      finding(
        'code.dynamic-code',
        'warning',
        [...entry.at, 'content'],
        `${entry.path}, line ${lineOf(code, match.index)}, runs text as code (${match[0].replace(/\s+/g, ' ').trim()}…): ` +
          'if any outside input reaches it, that is code injection. Parse the data instead (JSON.parse, a lookup table).',
      ),
    );
  });
}

export const CODE_RULES = [codePastedSecrets, hollowTests, dynamicCode];

/** Every finding of the code rules, blockers first. */
export function reviewCode(bundle: CodeBundle): Finding[] {
  return bySeverity(CODE_RULES.flatMap((rule) => rule(bundle)));
}
