import { describe, expect, it } from 'vitest';
import { checkExpression, EXPR_LIMITS, evaluateExpression } from './index.ts';
import type { ExprContext } from './types.ts';

const CONTEXT: ExprContext = { variables: { s: 'string', n: 'double', items: { list: 'double' } } };

/** Runs `evaluate` and fails the test if it took longer than `ms` (it must not hang). */
function quickly<T>(evaluate: () => T, ms = 2_000): T {
  const started = performance.now();
  const result = evaluate();
  expect(performance.now() - started).toBeLessThan(ms);
  return result;
}

describe('limits at validation time', () => {
  it('the limits have the documented values', () => {
    expect(EXPR_LIMITS).toMatchObject({ maxSourceLength: 2_000, maxAstNodes: 500, maxDepth: 32 });
    expect(EXPR_LIMITS.maxEvaluationCost).toBeGreaterThan(10_000);
    expect(Object.isFrozen(EXPR_LIMITS)).toBe(true);
  });

  it('a source longer than maxSourceLength is rejected before parsing, with both lengths', () => {
    const source = `s == "${'x'.repeat(2_000)}"`;
    expect(checkExpression(source, CONTEXT)).toEqual({
      ok: false,
      errors: [{ message: 'the expression is 2,007 characters long; the limit is 2,000', offset: 2_000 }],
    });
    expect(checkExpression(`s == "${'x'.repeat(1_990)}"`, CONTEXT).ok).toBe(true);
  });

  it('an expression of more than maxAstNodes parts is rejected', () => {
    const source = Array.from({ length: 260 }, () => 'n').join(' + '); // 260 names + 259 operators
    const result = checkExpression(source, CONTEXT);
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          message: 'the expression is too big (over 500 parts); split it or make it simpler',
          offset: expect.any(Number),
        },
      ],
    });
    expect(checkExpression(Array.from({ length: 240 }, () => 'n').join(' + '), CONTEXT).ok).toBe(true);
  });

  it('an expression nested deeper than maxDepth is rejected', () => {
    const nested = (depth: number) => `${'('.repeat(depth)}n${')'.repeat(depth)} > 1`;
    const result = checkExpression(nested(40), CONTEXT);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]?.message).toBe(
      'the expression nests too deeply (over 32 levels of parentheses, calls or field accesses); make it simpler',
    );
    expect(checkExpression(nested(20), CONTEXT).ok).toBe(true);
  });

  it('a long flat chain of conditions is not "deep"', () => {
    const source = Array.from({ length: 60 }, (_, i) => `n != ${i}`).join(' && ');
    expect(checkExpression(source, CONTEXT, 'bool').ok).toBe(true);
  });
});

describe('evaluation is bounded by maxEvaluationCost', () => {
  const BUDGET = /does too much work \(over [\d,]+ steps\)/;

  it('deeply nested comprehensions stop with a clear error instead of hanging', () => {
    const ten = '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]';
    const source = `${ten}.all(a, ${ten}.all(b, ${ten}.all(c, ${ten}.all(d, ${ten}.all(e, ${ten}.all(f, a + b + c + d + e + f >= 0))))))`;
    expect(checkExpression(source, CONTEXT, 'bool').ok).toBe(true); // a million iterations, all legal
    const result = quickly(() => evaluateExpression(source, CONTEXT, {}));
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(BUDGET) } });
  });

  it('a comprehension inside a comprehension over a big input list runs out of budget', () => {
    const items = Array.from({ length: 5_000 }, (_, i) => i);
    const result = quickly(() =>
      evaluateExpression('items.all(x, items.exists(y, y == x))', CONTEXT, { items }),
    );
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(BUDGET) } });
  });

  it('a string doubled again and again runs out of budget, whether by map() or cel.bind()', () => {
    // 24 doublings by map() (within the depth limit), 14 by cel.bind() (its deepest nesting)
    const byMap = `[s]${'.map(a, a + a)'.repeat(24)}[0].size()`;
    const byBind = `cel.bind(a, s, ${'cel.bind(a, a + a, '.repeat(14)}size(a)${')'.repeat(15)}`;
    for (const [source, s] of [
      [byMap, 'abcdefgh'],
      [byBind, 'x'.repeat(10_000)],
    ] as const) {
      expect(checkExpression(source, CONTEXT, 'int').ok, source).toBe(true);
      const result = quickly(() => evaluateExpression(source, CONTEXT, { s }));
      expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(BUDGET) } });
    }
  });

  it('a list doubled again and again runs out of budget', () => {
    const source = `cel.bind(l, items, ${'cel.bind(l, l + l, '.repeat(14)}size(l)${')'.repeat(15)}`;
    expect(checkExpression(source, CONTEXT, 'int').ok).toBe(true);
    const items = Array.from({ length: 1_000 }, (_, i) => i);
    const result = quickly(() => evaluateExpression(source, CONTEXT, { items }));
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(BUDGET) } });
  });

  it('a long text scanned once per item of a long list runs out of budget', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => i);
    const s = 'lorem ipsum '.repeat(100_000); // 1.2 million characters, read 10,000 times
    const result = quickly(() =>
      evaluateExpression('items.all(x, !s.contains("zebra"))', CONTEXT, { items, s }),
    );
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(BUDGET) } });
    expect(evaluateExpression('!s.contains("zebra")', CONTEXT, { s })).toEqual({ ok: true, value: true });
  });

  it('an error that || would absorb still reports the exhausted budget', () => {
    const ten = '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]';
    const heavy = `${ten}.all(a, ${ten}.all(b, ${ten}.all(c, ${ten}.all(d, ${ten}.all(e, ${ten}.all(f, true))))))`;
    const result = quickly(() => evaluateExpression(`${heavy} || true`, CONTEXT, {}));
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(BUDGET) } });
  });

  it('matches() with a catastrophic pattern on a long adversarial value finishes (linear time)', () => {
    const s = `${'a'.repeat(20_000)}!`;
    for (const pattern of ['^(a+)+$', '^(a|aa)*$', '^(a*)*b$']) {
      const result = quickly(() => evaluateExpression(`s.matches("${pattern}")`, CONTEXT, { s }), 1_000);
      expect(result).toEqual({ ok: true, value: false });
    }
  });

  it('matches() on a huge value is charged for its work', () => {
    const s = 'ab'.repeat(900_000);
    const source = 's.matches("(a|b|c|d|e|f|g|h)*z")';
    const result = quickly(() => evaluateExpression(source, CONTEXT, { s }));
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(BUDGET) } });
  });

  it('ordinary work over a few thousand items stays well within budget', () => {
    const items = Array.from({ length: 5_000 }, (_, i) => i);
    const source = 'items.filter(x, x > 10).map(x, x * 2).exists(x, x == 9998) && items.all(x, x >= 0)';
    expect(evaluateExpression(source, CONTEXT, { items })).toEqual({ ok: true, value: true });
  });
});
