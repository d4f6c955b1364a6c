/**
 * The types expressions are checked against, and the limits every expression stays within.
 *
 * Numbers: JSON numbers are `double`. Integer literals (`10`, `2`) are `int`, and the two mix
 * freely in arithmetic, `==`, `!=`, comparisons and `in` (`record.price > 10`, `record.qty * 2`),
 * giving a `double`. Declare a value `int` only when it must be whole (counts, indexes); an `int`
 * result comes back as a JS number.
 */
export type ExprType =
  | 'string'
  | 'int'
  | 'double'
  | 'bool'
  | 'timestamp'
  | 'duration'
  | 'bytes'
  | 'null'
  | 'dyn'
  | { list: ExprType }
  /** map(string, T) */
  | { map: ExprType }
  /** A record with known fields: reading any other field is a type error. */
  | { object: Record<string, ExprType>; name?: string };

/** The variables an expression may read, with their types. */
export interface ExprContext {
  variables: Record<string, ExprType>;
}

export interface ExprError {
  message: string;
  /** 0-based offset in the source, when known */
  offset?: number;
}

export type CheckResult = { ok: true; type: ExprType } | { ok: false; errors: ExprError[] };

export interface ExprLimits {
  /** Characters in the source. */
  readonly maxSourceLength: number;
  /** Nodes in the parsed expression (each literal, name, operator, field access, call). */
  readonly maxAstNodes: number;
  /**
   * Nesting: parentheses, calls and their arguments, ternaries, and each step of a member chain
   * (`a.b.c()` is 3). A flat chain of `&&` or `+` does not nest.
   */
  readonly maxDepth: number;
  /**
   * Evaluation bound (there is no clock, so it is counted, not timed): every evaluated node costs
   * 1; every string a node reads or builds costs 1 per 16 characters, every list or map it builds
   * 1 per element; `matches()` pays for its steps. Nested comprehensions over big lists, strings
   * doubled in a loop, a long text scanned per item of a long list: each runs out and fails.
   * 250,000 is about 25 ms of work.
   */
  readonly maxEvaluationCost: number;
  /** Instructions of a compiled `matches()` pattern (a `{n}` repeat counts n times). */
  readonly maxPatternSize: number;
  /** Not enforced separately: `maxEvaluationCost` bounds comprehensions of any size. */
  readonly maxListSizeInComprehension?: number;
}

export const EXPR_LIMITS: ExprLimits = Object.freeze({
  maxSourceLength: 2_000,
  maxAstNodes: 500,
  maxDepth: 32,
  maxEvaluationCost: 250_000,
  maxPatternSize: 1_000,
});
