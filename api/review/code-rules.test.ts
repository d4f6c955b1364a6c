import { describe, expect, it } from 'vitest';
import { validateCode } from '../../runtime/definitions/index.ts';
import type { CodeBundle } from '../../schemas/definitions.ts';
import { codeOnly, codePastedSecrets, dynamicCode, hollowTests, reviewCode } from './code-rules.ts';
import { sumBundle } from './review.fixtures.ts';

const short = (findings: { ruleId: string; severity: string; path: string }[]) =>
  findings.map(({ ruleId, severity, path }) => ({ ruleId, severity, path }));

function bundle(change: (b: CodeBundle) => void): CodeBundle {
  const b = sumBundle();
  change(b);
  return b;
}

const withTest = (content: string) => bundle((b) => (b.tests[0]!.content = content));
const withSource = (content: string) => bundle((b) => (b.files[0]!.content = content));

describe('the fixture', () => {
  it('is a valid bundle the review has nothing to say about', () => {
    expect(validateCode(sumBundle()).ok).toBe(true);
    expect(reviewCode(sumBundle())).toEqual([]);
  });
});

describe('code.hollow-test', () => {
  it.each([
    ['an empty file', '  \n', 'is empty'],
    ['a file without tests', "import { expect } from 'vitest';\nexpect(1).toBe(1);\n", 'declares no test'],
    [
      'tests that never assert',
      "import { it } from 'vitest';\nit('runs', () => { sum([1]); });\n",
      'never calls expect',
    ],
    [
      'an assertion only in a comment',
      "import { it } from 'vitest';\nit('runs', () => {\n  // expect(sum([1])).toBe(1);\n});\n",
      'never calls expect',
    ],
  ])('warns about %s', (_, content, problem) => {
    const findings = hollowTests(withTest(content));
    expect(short(findings)).toEqual([
      { ruleId: 'code.hollow-test', severity: 'warning', path: 'tests[0].content' },
    ]);
    expect(findings[0]!.message).toContain(problem);
  });

  it('accepts tests that assert with expect, assert or a property check', () => {
    expect(hollowTests(sumBundle())).toEqual([]);
    expect(
      hollowTests(
        withTest("import { assert, it } from 'vitest';\nit('adds', () => assert.equal(sum([1]), 1));"),
      ),
    ).toEqual([]);
    expect(
      hollowTests(withTest("import { test } from 'vitest';\ntest.each([1])('x', (n) => fc.assert(p(n)));")),
    ).toEqual([]);
  });
});

describe('code.pasted-secret', () => {
  it('blocks an AWS key in a source file, naming the line', () => {
    const key = `AKIA${'Q2W3E4R5T6Y7U8I9'}`;
    const findings = codePastedSecrets(withSource(`// config\nexport const id = '${key}';\n`));
    expect(short(findings)).toEqual([
      { ruleId: 'code.pasted-secret', severity: 'blocker', path: 'files[0].content' },
    ]);
    expect(findings[0]!.message).toContain('src/sum.ts, line 2, contains an AWS access key id');
  });

  it('blocks a private key in a test file and an Anthropic key in the spec', () => {
    const pem = ['-----BEGIN', 'PRIVATE KEY-----'].join(' ');
    const key = `sk-ant-api03-${'Zx9'.repeat(10)}`;
    const findings = codePastedSecrets(
      bundle((b) => {
        b.tests[0]!.content += `\nconst pem = \`${pem}\nMIIE...\`;\n`;
        b.spec.sections.architecture = `Calls Claude with ${key}.`;
      }),
    );
    expect(short(findings)).toEqual([
      { ruleId: 'code.pasted-secret', severity: 'blocker', path: 'tests[0].content' },
      { ruleId: 'code.pasted-secret', severity: 'blocker', path: 'spec.sections.architecture' },
    ]);
  });

  it('stays quiet on placeholders and environment variables', () => {
    const code =
      "const key = process.env.ANTHROPIC_API_KEY ?? 'sk-ant-xxxxxxxxxxxxxxxxxxxxxxxx';\nconst aws = 'AKIAIOSFODNN7EXAMPLE';\n";
    expect(codePastedSecrets(withSource(code))).toEqual([]);
  });
});

describe('code.dynamic-code', () => {
  it.each([
    ['eval(input)', 'eval('],
    ['const f = new Function("a", body);', 'new Function('],
  ])('warns about %s', (line, shown) => {
    const findings = dynamicCode(withSource(`export const x = 1;\n${line}\n`));
    expect(short(findings)).toEqual([
      { ruleId: 'code.dynamic-code', severity: 'warning', path: 'files[0].content' },
    ]);
    expect(findings[0]!.message).toContain(`line 2, runs text as code (${shown}`);
  });

  it('ignores the words in comments and strings, methods named eval, and non-code files', () => {
    const code = "// never eval(x)\nconst s = 'eval(x)';\nconst r = cel.eval(expr);\n";
    expect(dynamicCode(withSource(code))).toEqual([]);
    expect(
      dynamicCode(bundle((b) => b.files.push({ path: 'README.md', content: 'Do not use eval(x).' }))),
    ).toEqual([]);
  });
});

describe('codeOnly', () => {
  it('blanks comments and literals, keeping length and lines', () => {
    const template = ['`e $', '{f}`'].join(''); // a template literal with a placeholder, as source text
    const source = `a('x // y'); /* b(\n c */ d(${template}); // g\nh`;
    const code = codeOnly(source);
    expect(code).toHaveLength(source.length);
    expect(code.split('\n')).toHaveLength(source.split('\n').length);
    expect(code.replace(/\s+/g, ' ')).toBe("a(' '); d(` `); h");
  });
});
