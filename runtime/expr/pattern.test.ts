import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, PatternError } from './pattern.ts';

const matches = (pattern: string, input: string): boolean => compilePattern(pattern, 1000).test(input);

describe('matches() patterns: same answers as RE2 for the syntax builders write', () => {
  const cases: [string, string[], string[]][] = [
    ['abc', ['abc', 'xabcx'], ['ab', 'acb']],
    ['^abc$', ['abc'], ['xabc', 'abcx', '']],
    ['^[A-Z]{3}-\\d{4}$', ['ABC-1234'], ['AB-1234', 'ABC-123', 'abc-1234']],
    ['^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$', ['a@b.io', 'first.last@x.co.uk'], ['a@b', 'a b@c.de', '@b.de']],
    ['^\\+?[0-9 ()-]{7,}$', ['+1 (555) 123-4567', '5551234'], ['555', '+1 555 CALL']],
    ['colou?r', ['color', 'colour'], ['colr']],
    ['^(cat|dog)s?$', ['cat', 'dogs'], ['cats!', 'bird']],
    ['a.c', ['abc', 'a-c'], ['a\nc', 'ac']],
    ['(?s)a.c', ['a\nc'], ['ac']],
    ['(?i)^hello', ['HeLLo world'], ['say hello']],
    ['^(?i:ab)c', ['ABc'], ['ABC']],
    ['\\bword\\b', ['a word here', 'word'], ['swordfish', 'words']],
    ['\\Bor\\B', ['word'], ['or']],
    ['(?m)^b$', ['a\nb\nc'], ['ab\nc']],
    ['^$', [''], ['a']],
    ['', ['', 'anything'], []],
    ['x*', ['', 'y'], []],
    ['^a{2,3}$', ['aa', 'aaa'], ['a', 'aaaa']],
    ['^a{2,}$', ['aa', 'aaaaa'], ['a']],
    ['^(ab)+$', ['ab', 'abab'], ['aba', '']],
    ['[]a]', [']', 'a'], ['b']],
    ['[a-]', ['-', 'a'], ['b']],
    ['[\\d.]+$', ['3.14'], ['pi']],
    ['^[[:alpha:]]+$', ['Hello'], ['H3llo']],
    ['^\\p{L}+$', ['Zoë', 'Łódź'], ['Zoë1']],
    ['^\\P{L}+$', ['123 !'], ['a1']],
    ['^.$', ['😀', 'é'], ['😀😀']],
    ['^\\x41\\x{1F600}$', ['A😀'], ['A']],
    ['\\.', ['a.b'], ['ab']],
    ['^\\D\\W\\S$', ['a-b', 'a b'], ['1-b', 'a-\t', 'ab-']],
    ['^a(?P<x>b)c$', ['abc'], ['ac']],
  ];
  for (const [pattern, yes, no] of cases) {
    it(`${pattern}`, () => {
      for (const input of yes)
        expect(matches(pattern, input), `${JSON.stringify(input)} should match`).toBe(true);
      for (const input of no)
        expect(matches(pattern, input), `${JSON.stringify(input)} should not match`).toBe(false);
    });
  }
});

describe('matches() patterns: what RE2 does not have is a syntax error with an offset', () => {
  const bad: [string, RegExp, number][] = [
    ['(a)\\1', /backreferences are not supported/, 3],
    ['a(?=b)', /lookahead and lookbehind are not supported/, 1],
    ['(?<!a)b', /lookahead and lookbehind/, 0],
    ['(ab', /missing closing "\)"/, 0],
    ['ab)', /unmatched "\)"/, 2],
    ['[ab', /missing closing "\]"/, 0],
    ['*a', /missing argument to repetition operator/, 0],
    ['a**', /bad repetition operator/, 2],
    ['a{1001}', /repeat count over 1000/, 1],
    ['[z-a]', /bad character class range/, 1],
    ['\\q', /unknown escape "\\q"/, 0],
    ['\\p{NotAClass}', /unknown Unicode class/, 0],
    ['a\\', /trailing/, 1],
  ];
  for (const [pattern, message, offset] of bad) {
    it(`${pattern}`, () => {
      let error: unknown;
      try {
        compilePattern(pattern, 1000);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PatternError);
      expect((error as PatternError).message).toMatch(message);
      expect((error as PatternError).offset).toBe(offset);
    });
  }

  it('a pattern that compiles to more than the limit is rejected', () => {
    expect(() => compilePattern('(a{100}){100}', 1000)).toThrow(/too complex/);
  });
});

describe('matches() patterns: linear time on the inputs that make backtracking engines hang', () => {
  it('nested and overlapping repeats finish fast on adversarial input, with the work reported', () => {
    const input = `${'a'.repeat(50_000)}!`;
    for (const pattern of ['^(a+)+$', '^(a|a)*$', '^(a*)*b$', '(a|aa)+$', '^\\s*a*a*a*a*a*b']) {
      let steps = 0;
      const started = performance.now();
      expect(compilePattern(pattern, 1000).test(input, (n) => (steps += n))).toBe(false);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(steps).toBeGreaterThan(input.length);
      expect(steps).toBeLessThan(input.length * 50);
    }
  });
});

describe('matches() patterns: agree with JavaScript RegExp on random patterns and inputs', () => {
  it('for ASCII patterns built from literals, classes, groups, alternation and repeats', () => {
    const atom = fc.constantFrom('a', 'b', '-', '.', '[ab]', '[^a]', '\\d', '\\w', '\\s', '\\b', '^', '$');
    const pattern = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        atom,
        fc.tuple(tie('node'), tie('node')).map(([a, b]) => a + b),
        fc.tuple(tie('node'), tie('node')).map(([a, b]) => `(${a}|${b})`),
        fc
          .tuple(tie('node'), fc.constantFrom('*', '+', '?', '{2}', '{1,3}', '{2,}', '*?'))
          .map(([a, q]) => `(?:${a})${q}`),
      ),
    })).node;
    const input = fc.string({ unit: fc.constantFrom('a', 'b', '-', '1', ' ', '\n'), maxLength: 12 });
    fc.assert(
      fc.property(pattern, input, (source, text) => {
        expect(matches(source, text)).toBe(new RegExp(source).test(text));
      }),
      { numRuns: 3000 },
    );
  });
});
