/**
 * Checks made on the syntax tree before the library's type checker, because they can report
 * every mistake at once rather than the first: each unknown variable and unknown record field
 * (with "did you mean"), each `matches()` pattern that is not valid RE2. Then routes `matches()`
 * to the linear-time matcher.
 */
import type { ASTNode } from '@marcbachmann/cel-js';
import { INTERNAL_FUNCTIONS, LINEAR_MATCHES, pattern } from './environment.ts';
import { unknownField, unknownVariable } from './messages.ts';
import { PatternError } from './pattern.ts';
import { type Analysis, BUILT_IN_NAMES } from './references.ts';
import type { ExprContext, ExprError, ExprType } from './types.ts';

export function staticErrors(source: string, analysis: Analysis, context: ExprContext): ExprError[] {
  const errors: ExprError[] = [];
  const variables = Object.keys(context.variables);
  for (const [root, ...fields] of analysis.references) {
    if (!root) continue;
    if (!Object.hasOwn(context.variables, root.name)) {
      if (!BUILT_IN_NAMES.has(root.name))
        errors.push({ message: unknownVariable(root.name, variables), offset: root.offset });
      continue;
    }
    let type: ExprType | undefined = context.variables[root.name];
    let end = root.offset + root.name.length;
    for (const field of fields) {
      if (typeof type !== 'object' || !('object' in type)) break;
      if (!Object.hasOwn(type.object, field.name)) {
        const on = source.slice(root.offset, end);
        errors.push({
          message: unknownField(field.name, on, Object.keys(type.object)),
          offset: field.offset,
        });
        break;
      }
      type = type.object[field.name];
      end = field.offset + field.name.length;
    }
  }
  for (const call of analysis.calls) {
    const name = call.args[0];
    if (INTERNAL_FUNCTIONS.has(name))
      errors.push({ message: `unknown function "${name}"`, offset: call.pos });
    const literal = call.op === 'rcall' && name === 'matches' ? call.args[2][0] : undefined;
    if (literal?.op !== 'value' || typeof literal.args !== 'string') continue;
    try {
      pattern(literal.args);
    } catch (error) {
      if (!(error instanceof PatternError)) throw error;
      errors.push({ message: `invalid pattern for matches(): ${error.message}`, offset: literal.pos });
    }
  }
  return errors;
}

/** Makes `text.matches(pattern)` run on the linear-time matcher instead of `RegExp`. */
export function routeMatches(analysis: Analysis): void {
  for (const call of analysis.calls) {
    if (call.op === 'rcall' && call.args[0] === 'matches' && call.args[2].length === 1)
      (call.args as unknown as [string, ASTNode, ASTNode[]])[0] = LINEAR_MATCHES;
  }
}
