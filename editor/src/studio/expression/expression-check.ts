import {
  AppIndex,
  assignableType,
  recordContext,
  recordType,
} from '../../../../runtime/definitions/app-context.ts';
import { PARSER } from '../../../../runtime/expr/environment.ts';
import { checkExpression, typeToString } from '../../../../runtime/expr/index.ts';
import type { ExprContext, ExprError, ExprType } from '../../../../runtime/expr/types.ts';
import type { AppDefinition, Field } from '../../../../schemas/definitions.ts';

/** What a formula field gives: text, number, yes/no, date or date-time. */
export type ComputedResultType = Extract<Field, { type: 'computed' }>['resultType'];

/**
 * Where an expression of an app sits: each place reads the row the same way the server's
 * validator does (`recordContext`), and expects the type the validator expects there.
 */
export type ExpressionPlace =
  | { kind: 'computed'; tableId: string; resultType: ComputedResultType }
  | { kind: 'rule'; tableId: string }
  | { kind: 'guard'; tableId: string }
  | { kind: 'visibility'; tableId: string }
  | { kind: 'condition'; tableId: string; trigger: 'create' | 'update' }
  | { kind: 'assignment'; tableId: string; trigger: 'create' | 'update'; target: AssignmentTarget }
  /** A `{{…}}` placeholder of a notification, or a workflow input: any type. */
  | { kind: 'value'; tableId: string; trigger: 'create' | 'update' };

/** The field an update action sets: on the row itself (`this`) or through a relation field. */
export type AssignmentTarget = { relationFieldId?: string; fieldId: string };

/** What an expression is checked against: the variables it may read and the type it must have. */
export interface ExpressionSpec {
  context: ExprContext;
  expected?: ExprType;
}

/**
 * Mirrors `COMPUTED_TYPES` of `validate-app-tables.ts`, which the runtime does not export; the
 * test checks this module against the validator itself, so a drift fails there.
 */
const COMPUTED_TYPES: Record<ComputedResultType, ExprType> = {
  text: 'string',
  number: 'double',
  boolean: 'bool',
  date: 'timestamp',
  datetime: 'timestamp',
};

const indexes = new WeakMap<AppDefinition, AppIndex>();

/** One index per definition object: every input of a panel shares it, and edits make a new one. */
function indexOf(app: AppDefinition): AppIndex {
  let index = indexes.get(app);
  if (!index) {
    index = new AppIndex(app);
    indexes.set(app, index);
  }
  return index;
}

/**
 * The context and expected type of an expression at `place`, built by the server's own functions
 * (`recordContext`, `recordType`, `assignableType`), or undefined when the place no longer exists
 * (a draft whose table was deleted): then nothing is checked rather than something wrong.
 */
export function expressionSpec(app: AppDefinition, place: ExpressionPlace): ExpressionSpec | undefined {
  // The same object for the same place of the same definition, so inputs re-check only on edits.
  let specs = specsOf.get(app);
  if (!specs) {
    specs = new Map();
    specsOf.set(app, specs);
  }
  const key = JSON.stringify(place);
  if (!specs.has(key)) specs.set(key, buildSpec(app, place));
  return specs.get(key);
}

const specsOf = new WeakMap<AppDefinition, Map<string, ExpressionSpec | undefined>>();

function buildSpec(app: AppDefinition, place: ExpressionPlace): ExpressionSpec | undefined {
  const index = indexOf(app);
  const table = index.tables.get(place.tableId);
  if (!table) return undefined;
  switch (place.kind) {
    case 'computed':
      return { context: recordContext(table, index), expected: COMPUTED_TYPES[place.resultType] };
    case 'rule':
    case 'guard':
    case 'visibility':
      return { context: recordContext(table, index), expected: 'bool' };
    case 'condition':
      return { context: automationContext(table.id, place.trigger, index), expected: 'bool' };
    case 'value':
      return { context: automationContext(table.id, place.trigger, index) };
    case 'assignment': {
      let target = table;
      if (place.target.relationFieldId !== undefined) {
        const relation = index.field(table.id, place.target.relationFieldId);
        const related = relation?.type === 'relation' ? index.tables.get(relation.targetTableId) : undefined;
        if (!related) return undefined;
        target = related;
      }
      const field = index.field(target.id, place.target.fieldId);
      if (!field) return undefined;
      return {
        context: automationContext(table.id, place.trigger, index),
        expected: assignableType(field, target.id, index),
      };
    }
  }
}

/** An update automation also reads the row as it was (`previous`), as `validateAutomations` gives it. */
function automationContext(tableId: string, trigger: 'create' | 'update', index: AppIndex): ExprContext {
  const table = index.tables.get(tableId)!;
  return recordContext(table, index, trigger === 'update' ? { previous: recordType(table, index) } : {});
}

/** A half-open span of the source; `start === end === source.length` marks "something is missing at the end". */
export interface SourceRange {
  start: number;
  end: number;
}

export type ExpressionCheck =
  | { ok: true; type: ExprType }
  | { ok: false; message: string; range: SourceRange /** Further errors beyond the first. */; more: number };

/** Checks `source` as the validator would at that place, with the first error's span for underlining. */
export function checkSource(source: string, spec: ExpressionSpec): ExpressionCheck {
  const result = checkExpression(source, spec.context, spec.expected);
  if (result.ok) return { ok: true, type: result.type };
  const first = result.errors[0] ?? { message: 'the expression is not valid' };
  return {
    ok: false,
    message: first.message,
    range: errorRange(source, first),
    more: result.errors.length - 1,
  };
}

type AstNode = { op: string; start: number; end: number; args?: unknown };

function nodesStartingAt(source: string, offset: number): AstNode[] {
  const found: AstNode[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null || !('op' in value)) return;
    const node = value as AstNode;
    if (node.start === offset) found.push(node);
    visit(node.args);
  };
  try {
    visit(PARSER.parse(source).ast);
  } catch {
    // A syntax error: the caller falls back to the token at the offset.
  }
  return found;
}

/**
 * The span an error is about. The checker reports where the faulty part starts, not where it
 * ends, so the span is recovered from the parsed expression: the operator node a "cannot use +"
 * error names, else the smallest node starting there (a name, a call), else the word or the one
 * character at the offset (syntax errors do not parse). An error without an offset is about the
 * whole expression (its result type).
 */
export function errorRange(source: string, error: ExprError): SourceRange {
  const { offset } = error;
  if (offset === undefined) {
    const start = source.length - source.trimStart().length;
    const end = source.trimEnd().length;
    return end > start ? { start, end } : { start: source.length, end: source.length };
  }
  if (offset >= source.length) return { start: source.length, end: source.length };
  const nodes = nodesStartingAt(source, offset);
  const operator = /^cannot use (\S+) /.exec(error.message)?.[1];
  const named = operator ? nodes.filter((node) => node.op === operator) : [];
  const pick = (list: AstNode[], outer: boolean) =>
    list.reduce<AstNode | undefined>((best, node) => {
      if (!best) return node;
      const wider = node.end - node.start > best.end - best.start;
      return wider === outer ? node : best;
    }, undefined);
  const node = pick(named, true) ?? pick(nodes, false);
  if (node && node.end > node.start) return { start: node.start, end: Math.min(node.end, source.length) };
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(offset));
  return { start: offset, end: offset + (word ? word[0].length : 1) };
}

/**
 * The first `{{…}}` placeholder of a notification's text that does not check, as the validator
 * checks each of them (any type), with its text: `{{record.titel}}: unknown field …`.
 */
export function placeholderProblem(text: string, spec: ExpressionSpec | undefined): string | undefined {
  if (!spec) return undefined;
  for (const match of text.matchAll(/\{\{(.*?)\}\}/g)) {
    const check = checkSource(match[1]!, spec);
    if (!check.ok) return `{{${match[1]}}}: ${check.message}`;
  }
  return undefined;
}

const TYPE_WORDS: Partial<Record<string, string>> = {
  string: 'text',
  double: 'a number',
  int: 'a whole number',
  bool: 'yes or no',
  timestamp: 'a date and time',
  duration: 'a duration',
  null: 'nothing',
};

/** What an expression gives, in a builder's words: "a number", "yes or no", "a list of text". */
export function typeWords(type: ExprType): string {
  if (typeof type === 'string') return TYPE_WORDS[type] ?? typeToString(type);
  if ('list' in type) return `a list of ${typeWords(type.list).replace(/^an? /, '')}`;
  return typeToString(type);
}
