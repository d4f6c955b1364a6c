/**
 * What an expression reads: every chain of field accesses that starts at a variable of the
 * context (`record.price`, `user.role`), with where each name is in the source. Names that a
 * macro or `cel.bind` introduces (`t` in `tags.exists(t, ...)`) are not context variables.
 */
import type { ASTNode } from '@marcbachmann/cel-js';

export interface Segment {
  name: string;
  /** 0-based offset of the name in the source */
  offset: number;
}

/** `record.author.name` → [record, author, name]. */
export type Reference = Segment[];

export interface Analysis {
  references: Reference[];
  /** Every function and method call, macros included. */
  calls: Extract<ASTNode, { op: 'call' | 'rcall' }>[];
}

/** Names the library itself gives a meaning to (type names, the `cel` namespace). */
export const BUILT_IN_NAMES = new Set([
  'bool',
  'bytes',
  'cel',
  'double',
  'dyn',
  'google',
  'int',
  'list',
  'map',
  'null_type',
  'string',
  'type',
  'uint',
]);

/** Macros whose first argument names the element: `list.exists(x, x > 1)`. */
const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

export function analyze(root: ASTNode): Analysis {
  const analysis: Analysis = { references: [], calls: [] };
  visit(root, new Set(), analysis);
  return analysis;
}

/** The chain of fields read from a variable, or undefined when `node` is not such a chain. */
function chain(node: ASTNode, bound: ReadonlySet<string>): Reference | undefined {
  const fields: Segment[] = [];
  let at: ASTNode = node;
  for (;;) {
    if (at.op === '.' || at.op === '.?') {
      fields.unshift({ name: at.args[1], offset: at.pos });
      at = at.args[0];
    } else if ((at.op === '[]' || at.op === '[?]') && isStringLiteral(at.args[1])) {
      fields.unshift({ name: at.args[1].args as string, offset: at.args[1].pos });
      at = at.args[0];
    } else break;
  }
  if (at.op !== 'id' || bound.has(at.args)) return undefined;
  return [{ name: at.args, offset: at.pos }, ...fields];
}

function isStringLiteral(node: ASTNode): node is Extract<ASTNode, { op: 'value' }> {
  return node.op === 'value' && typeof node.args === 'string';
}

function visit(node: ASTNode, bound: ReadonlySet<string>, analysis: Analysis): void {
  const reference = chain(node, bound);
  if (reference) {
    analysis.references.push(reference);
    return;
  }
  switch (node.op) {
    case 'value':
    case 'id':
      return;
    case '.':
    case '.?':
      visit(node.args[0], bound, analysis);
      return;
    case '!_':
    case '-_':
      visit(node.args, bound, analysis);
      return;
    case 'call':
      analysis.calls.push(node);
      for (const arg of node.args[1]) visit(arg, bound, analysis);
      return;
    case 'rcall': {
      analysis.calls.push(node);
      const [name, receiver, args] = node.args;
      const first = args[0];
      const binds =
        first?.op === 'id' &&
        ((COMPREHENSIONS.has(name) && args.length >= 2) ||
          (name === 'bind' && receiver.op === 'id' && receiver.args === 'cel' && args.length === 3));
      if (!(binds && name === 'bind')) visit(receiver, bound, analysis);
      const inner = binds ? new Set([...bound, first.args]) : bound;
      args.forEach((arg, i) => {
        if (binds && i === 0) return;
        // cel.bind(x, value, body): x is only bound in the body
        visit(arg, binds && name === 'bind' && i === 1 ? bound : inner, analysis);
      });
      return;
    }
    case 'map':
      for (const [key, value] of node.args) {
        visit(key, bound, analysis);
        visit(value, bound, analysis);
      }
      return;
    default:
      for (const child of node.args) visit(child, bound, analysis);
  }
}
