/**
 * Compiling an expression against a context: length limit → parse (node and depth limits) →
 * static checks → the library's type check. The outcome, errors included, is cached by context
 * and source, so an editor re-validating and a list view evaluating the same expression per row
 * parse and check it once.
 */
import type { ParseResult } from '@marcbachmann/cel-js';
import { LruCache } from './cache.ts';
import { ContextEnvironment, type LibraryType } from './environment.ts';
import { type ErrorScope, explain } from './messages.ts';
import { withCostLimit } from './meter.ts';
import { analyze } from './references.ts';
import { routeMatches, staticErrors } from './static-checks.ts';
import { EXPR_LIMITS, type ExprContext, type ExprError, type ExprType } from './types.ts';
import { toPlainValue } from './values.ts';

export type Evaluation = { ok: true; value: unknown } | { ok: false; error: ExprError };

export type Compiled =
  | { ok: true; type: ExprType; evaluate(values: Record<string, unknown>): Evaluation }
  | { ok: false; errors: ExprError[] };

const environments = new LruCache<string, ContextEnvironment | ExprError>(64);
const programs = new LruCache<string, Compiled>(1_000);
const contextKeys = new WeakMap<ExprContext, string>();

const failure = (message: string, offset?: number): Compiled => ({
  ok: false,
  errors: [offset === undefined ? { message } : { message, offset }],
});

export function compile(source: string, context: ExprContext): Compiled {
  if (typeof source !== 'string') return failure('the expression must be text');
  const max = EXPR_LIMITS.maxSourceLength;
  if (source.length > max)
    return failure(
      `the expression is ${source.length.toLocaleString('en-US')} characters long; the limit is ` +
        `${max.toLocaleString('en-US')}`,
      max,
    );
  let contextKey = contextKeys.get(context);
  if (contextKey === undefined) {
    try {
      contextKey = JSON.stringify(context.variables);
    } catch {
      return failure('the context cannot be read: its types must be plain data');
    }
    // A caller that evaluates many times with one context object (a workflow's step, a list
    // view's rows) pays for serialising its types once.
    contextKeys.set(context, contextKey);
  }
  const key = `${contextKey}\u0000${source}`;
  const cached = programs.get(key);
  if (cached) return cached;
  const environment = environmentFor(contextKey, context);
  const compiled =
    environment instanceof ContextEnvironment
      ? build(source, environment)
      : { ok: false as const, errors: [environment] };
  programs.set(key, compiled);
  return compiled;
}

function environmentFor(key: string, context: ExprContext): ContextEnvironment | ExprError {
  let environment = environments.get(key);
  if (!environment) {
    try {
      environment = new ContextEnvironment(context);
    } catch (error) {
      environment = { message: `the context is invalid: ${error instanceof Error ? error.message : error}` };
    }
    environments.set(key, environment);
  }
  return environment;
}

function build(source: string, environment: ContextEnvironment): Compiled {
  const scope: ErrorScope = {
    source,
    variables: Object.keys(environment.context.variables),
    objectType: (name) => environment.objectType(name),
  };
  let program: ParseResult;
  try {
    program = environment.env.parse(source);
  } catch (error) {
    return { ok: false, errors: [explain(error, scope)] };
  }
  const analysis = analyze(program.ast);
  const errors = staticErrors(source, analysis, environment.context);
  if (errors.length > 0) return { ok: false, errors };
  routeMatches(analysis);
  const checked = program.check();
  if (!checked.valid) return { ok: false, errors: [explain(checked.error, scope)] };
  const type = environment.exprType((program.ast as { checkedType?: LibraryType }).checkedType);
  return { ok: true, type, evaluate: (values) => run(program, environment, scope, values) };
}

function run(
  program: ParseResult,
  environment: ContextEnvironment,
  scope: ErrorScope,
  values: Record<string, unknown>,
): Evaluation {
  try {
    const celValues = environment.celValues(values ?? {});
    const result: unknown = withCostLimit(EXPR_LIMITS.maxEvaluationCost, () => program(celValues));
    if (result instanceof Promise) return { ok: false, error: { message: 'the expression did not finish' } };
    return { ok: true, value: toPlainValue(result) };
  } catch (error) {
    return { ok: false, error: explain(error, scope) };
  }
}
