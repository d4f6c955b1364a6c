/**
 * Errors a person can act on: the library's parse, type and evaluation errors restated in the
 * builder's terms (their type names, the text they wrote, "did you mean"), with the offset.
 */
import { LINEAR_MATCHES } from './environment.ts';
import { CostLimitExceeded } from './meter.ts';
import { PatternError } from './pattern.ts';
import type { ExprError, ExprType } from './types.ts';
import { ValueError } from './values.ts';

/** The closest candidate to a misspelt name, if one is close enough to be what was meant. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** ` (did you mean "title"?)`, or a list of what there is when nothing is close. */
export function hint(name: string, candidates: readonly string[], what: string): string {
  const near = closest(name, candidates);
  if (near) return ` (did you mean "${near}"?)`;
  if (candidates.length === 0) return '';
  const shown = candidates.slice(0, 8).join(', ');
  return `; ${what}: ${shown}${candidates.length > 8 ? ', ...' : ''}`;
}

export const unknownVariable = (name: string, variables: readonly string[]): string =>
  `unknown variable "${name}"${hint(name, variables, 'the variables are')}`;

export const unknownField = (field: string, on: string, fields: readonly string[]): string =>
  `unknown field "${field}" on ${on}${hint(field, fields, 'its fields are')}`;

/** What a library error is read against. */
export interface ErrorScope {
  source: string;
  variables: readonly string[];
  /** The record type the library registered under a name. */
  objectType(libraryName: string): Extract<ExprType, { object: unknown }> | undefined;
}

interface LibraryError {
  name: string;
  code: string;
  summary: string;
  range?: { start: number; end: number };
  node?: { op?: string; args?: unknown; start: number; end: number; checkedType?: { name: string } };
}

const isLibraryError = (error: unknown): error is LibraryError =>
  error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && 'summary' in error;

const TOKENS: Record<string, string> = {
  EOF: 'the end',
  RPAREN: '")"',
  RBRACKET: '"]"',
  RBRACE: '"}"',
  COLON: '":"',
  COMMA: '","',
  IDENTIFIER: 'a name',
};

function syntaxMessage(summary: string): string {
  if (summary === 'Unexpected token: EOF') return 'the expression ends too early';
  const missing = /^Expected (\w+), got EOF$/.exec(summary);
  if (missing) return `${TOKENS[missing[1]!] ?? missing[1]} is missing at the end`;
  const text = summary.replace(/\b[A-Z]{2,}\b/g, (token) => TOKENS[token] ?? token);
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The library's type names in the builder's words. */
function typeNames(text: string, scope: ErrorScope): string {
  return text
    .replaceAll('google.protobuf.Timestamp', 'timestamp')
    .replaceAll('google.protobuf.Duration', 'duration')
    .replaceAll(LINEAR_MATCHES, 'matches')
    .replace(/\b[A-Za-z0-9_]*Record\d*\b/g, (name) => {
      const type = scope.objectType(name);
      return type ? (type.name ?? 'record') : name;
    })
    .replace(/dyn<([^<>]+)>/g, '$1')
    .replace(/<([^<>]*)>/g, '($1)')
    .replace(/<([^<>]*)>/g, '($1)');
}

/** Restates any error thrown while checking or evaluating. */
export function explain(error: unknown, scope: ErrorScope): ExprError {
  if (error instanceof ValueError || error instanceof CostLimitExceeded) return { message: error.message };
  if (error instanceof PatternError) return { message: `invalid pattern for matches(): ${error.message}` };
  if (!isLibraryError(error)) return { message: error instanceof Error ? error.message : String(error) };
  const offset = error.range?.start ?? error.node?.start;
  const at = (message: string): ExprError => (offset === undefined ? { message } : { message, offset });
  const summary = typeNames(error.summary, scope);
  const text = error.node ? scope.source.slice(error.node.start, error.node.end) : '';
  const limit = /^Exceeded (\w+) \((\d+)\)/.exec(error.summary);
  switch (error.code) {
    case 'limit_exceeded':
      if (limit?.[1] === 'maxAstNodes')
        return at(`the expression is too big (over ${limit[2]} parts); split it or make it simpler`);
      if (limit?.[1] === 'maxDepth')
        return at(
          `the expression nests too deeply (over ${limit[2]} levels of parentheses, calls or ` +
            'field accesses); make it simpler',
        );
      return at(`the expression is too big: ${summary}`);
    case 'unknown_variable': {
      const name = error.summary.replace(/^Unknown variable: /, '');
      if (error.name === 'EvaluationError') return at(`"${name}" has no value`);
      return at(unknownVariable(name, scope.variables));
    }
    case 'no_such_key':
      if (error.name === 'EvaluationError') return at(`${text || 'the value'} has no value`);
      return at(unknownFieldOf(error, scope) ?? summary);
    case 'no_such_overload':
      return at(operatorMessage(summary));
    case 'no_matching_overload':
      return at(
        summary.replace(
          /^found no matching overload for '(.*)'$/,
          'no function $1 (check the name and argument types)',
        ),
      );
    case 'index_out_of_bounds':
      return at(`${text} is out of range (${summary.replace(/^No such key: index out of bounds, /, '')})`);
    case 'division_by_zero':
    case 'modulus_by_zero':
      return at(text.length <= 60 ? `division by zero in ${text}` : 'division by zero');
  }
  if (error.name === 'ParseError') return at(`syntax error: ${syntaxMessage(summary)}`);
  return at(summary);
}

function unknownFieldOf(error: LibraryError, scope: ErrorScope): string | undefined {
  const node = error.node;
  if (node?.op !== '.' || !Array.isArray(node.args)) return undefined;
  const [object, field] = node.args as [
    { start: number; end: number; checkedType?: { name: string } },
    string,
  ];
  const type = object.checkedType ? scope.objectType(object.checkedType.name) : undefined;
  if (!type) return undefined;
  return unknownField(field, scope.source.slice(object.start, object.end), Object.keys(type.object));
}

/** "no such overload: string + int" → "cannot use + with string and int (…)". */
function operatorMessage(summary: string): string {
  const binary = /^no such overload: (.+?) (==|!=|<=|>=|<|>|\+|-|\*|\/|%|in) (.+)$/.exec(summary);
  if (binary) {
    const [, left, op, right] = binary;
    const convert =
      op === '+' && (left === 'string') !== (right === 'string')
        ? '; turn the other side into text with string(...)'
        : '';
    return `cannot use ${op} with ${left} and ${right}${convert}`;
  }
  const unary = /^no such overload: ([!-])(.+)$/.exec(summary);
  if (unary) return `cannot use ${unary[1]} on ${unary[2]}`;
  return summary;
}
