import type { ExprContext } from '../expr/index.ts';
import { evaluateExpression } from '../expr/index.ts';
import { StepFailure } from './ports.ts';

/** The values a step's expressions see: what started the run, earlier outputs, the loop's item. */
export interface Scope {
  /** `steps.<id>`: outputs of the steps that have run (in a for-each body: this iteration's). */
  outputs: Record<string, unknown>;
  loop?: { item: unknown; index: number };
}

/** Thrown for a step whose expression fails: never retried (the same inputs fail the same way). */
export class ExpressionFailure extends StepFailure {
  constructor(field: string, message: string) {
    super(`${field}: ${message}`, 'expression_error', false);
  }
}

/**
 * Evaluates one step's expressions. `field` names where the expression is written
 * (`text`, `values.title`, `branches.urgent.when`), so the run log says which one failed.
 */
export class StepEvaluator {
  private readonly values: Record<string, unknown>;

  constructor(
    private readonly context: ExprContext,
    trigger: unknown,
    scope: Scope,
  ) {
    this.values = { trigger, steps: scope.outputs };
    if (scope.loop) {
      this.values.item = scope.loop.item;
      this.values.index = scope.loop.index;
    }
  }

  value(field: string, source: string): unknown {
    const result = evaluateExpression(source, this.context, this.values);
    if (!result.ok) throw new ExpressionFailure(field, result.error.message);
    return result.value;
  }

  text(field: string, source: string): string {
    const value = this.value(field, source);
    if (typeof value !== 'string')
      throw new ExpressionFailure(
        field,
        `must give text, but gave ${describe(value)}; convert it with string(...)`,
      );
    return value;
  }

  bool(field: string, source: string): boolean {
    const value = this.value(field, source);
    if (typeof value !== 'boolean')
      throw new ExpressionFailure(field, `must give true or false, but gave ${describe(value)}`);
    return value;
  }

  /** A query or header value: text, or a number or bool written as text. */
  scalarText(field: string, source: string): string {
    const value = this.value(field, source);
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new ExpressionFailure(field, `must give text or a number, but gave ${describe(value)}`);
  }

  /** A call's path with each `{{expr}}` replaced by its URL-encoded value. */
  path(template: string): string {
    return template.replace(/\{\{(.*?)\}\}/g, (_, inner: string) => {
      const source = inner.trim();
      return encodeURIComponent(this.scalarText(`path {{ ${source} }}`, source));
    });
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'no value (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'text';
  return `${typeof value === 'number' ? 'the number' : ''} ${String(value)}`.trim();
}
