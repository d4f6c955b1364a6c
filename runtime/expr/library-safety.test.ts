import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The design requires an expression library that runs in workerd and under a strict CSP: no
// `eval`, no `new Function`, nothing that compiles code from strings.

const LIBRARY = fileURLToPath(new URL('../../node_modules/@marcbachmann/cel-js/', import.meta.url));
const CODE_FROM_STRINGS = [
  /(?<![\w$.])eval\s*\(/,
  /\bnew\s+Function\b/,
  /(?<![\w$.])Function\s*\(/,
  /set(?:Timeout|Interval)\s*\(\s*['"`]/,
];

function libraryFiles(): string[] {
  const manifest = JSON.parse(readFileSync(`${LIBRARY}package.json`, 'utf8')) as {
    exports: Record<string, { default: string }>;
  };
  const entries = Object.values(manifest.exports).map((entry) => entry.default);
  const lib = readdirSync(`${LIBRARY}lib`).filter((name) => name.endsWith('.js'));
  return [
    ...new Set([...entries.map((entry) => entry.replace(/^\.\//, '')), ...lib.map((name) => `lib/${name}`)]),
  ];
}

describe('the CEL library never compiles code from strings', () => {
  it('has no eval, new Function or Function() in any file it ships', () => {
    const files = libraryFiles();
    expect(files).toContain('lib/index.js');
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const source = readFileSync(`${LIBRARY}${file}`, 'utf8');
      for (const pattern of CODE_FROM_STRINGS)
        expect(source, `${file} matches ${pattern}`).not.toMatch(pattern);
    }
  });

  it('nor does this module', () => {
    const here = fileURLToPath(new URL('.', import.meta.url));
    const sources = readdirSync(here).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
    expect(sources).toContain('index.ts');
    for (const name of sources) {
      const source = readFileSync(`${here}${name}`, 'utf8');
      for (const pattern of CODE_FROM_STRINGS)
        expect(source, `${name} matches ${pattern}`).not.toMatch(pattern);
    }
  });

  it('the scan itself catches each form', () => {
    const samples = ['eval("1")', 'x = new Function("a", "b")', 'Function("return this")()'];
    for (const sample of samples)
      expect(CODE_FROM_STRINGS.some((pattern) => pattern.test(sample))).toBe(true);
    expect(CODE_FROM_STRINGS.some((pattern) => pattern.test('registry.findFunction(types)'))).toBe(false);
  });

  it('checks and evaluates with code generation from strings disabled, as under a strict CSP', () => {
    const index = new URL('./index.ts', import.meta.url).href;
    const script = `
      const { checkExpression, evaluateExpression } = await import(${JSON.stringify(index)});
      let blocked = false;
      try { eval('1'); } catch { blocked = true; }
      const context = { variables: { record: { object: { tags: { list: 'string' }, price: 'double', due: 'timestamp' } }, now: 'timestamp' } };
      const source = 'record.tags.exists(t, t.matches("^a")) && record.price * 2 > 10 && record.due < now && ' +
        'cel.bind(x, [1, 2].map(i, i * 2).filter(i, i > 2), size(x) == 1) && string(record.price).size() > 0';
      const checked = checkExpression(source, context, 'bool');
      const evaluated = evaluateExpression(source, context, {
        record: { tags: ['abc'], price: 6, due: '2025-01-01' }, now: '2025-06-01T00:00:00Z' });
      console.log(JSON.stringify({ blocked, checked, evaluated }));`;
    const output = execFileSync(
      process.execPath,
      ['--disallow-code-generation-from-strings', '--import', 'tsx', '--input-type=module', '--eval', script],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(output)).toEqual({
      blocked: true,
      checked: { ok: true, type: 'bool' },
      evaluated: { ok: true, value: true },
    });
  });
});
