/**
 * The CEL environments: one shared base (the language as builders get it) and, per context, a
 * clone that declares the context's variables and record types. Translates types both ways
 * between `ExprType` and the library's type names.
 */
import { Environment } from '@marcbachmann/cel-js';
import { LruCache } from './cache.ts';
import { chargeCost, meterEvaluator } from './meter.ts';
import { compilePattern, type Pattern } from './pattern.ts';
import { EXPR_LIMITS, type ExprContext, type ExprType } from './types.ts';
import { type RecordFactory, type RecordValue, toCelValue, ValueError } from './values.ts';

/** `matches()` is routed to the linear-time matcher under this name (see `routeMatches`). */
export const LINEAR_MATCHES = 'matchesLinear__';
/**
 * Lets a new environment hand over its evaluator (function handlers run with it as `this`), so
 * the meter can count its steps. The library has no cost hook of its own; limits.test.ts fails
 * if an update of it stops evaluating every node through `evaluator.run`.
 */
const EVALUATOR_HOOK = 'evaluatorHook__';
export const INTERNAL_FUNCTIONS = new Set([LINEAR_MATCHES, EVALUATOR_HOOK]);

export type ObjectType = Extract<ExprType, { object: unknown }>;

/** The part of the library's type declarations that is read here. */
export interface LibraryType {
  kind: string;
  name: string;
  valueType?: LibraryType;
  keyType?: LibraryType;
}

const patterns = new LruCache<string, Pattern>(200);

/** Compiles (and remembers) a `matches()` pattern; throws a PatternError when it is not one. */
export function pattern(source: string): Pattern {
  let compiled = patterns.get(source);
  if (!compiled) {
    compiled = compilePattern(source, EXPR_LIMITS.maxPatternSize);
    patterns.set(source, compiled);
  }
  return compiled;
}

let handedOver: unknown;

const BASE = (() => {
  const env = new Environment({
    // data mappings build maps of mixed values: {"name": record.title, "qty": record.qty}
    homogeneousAggregateLiterals: false,
    limits: { maxAstNodes: EXPR_LIMITS.maxAstNodes, maxDepth: EXPR_LIMITS.maxDepth },
  });
  // JSON numbers are doubles and literals like `10` are ints: let them mix, as builders expect
  const arithmetic: Record<string, (a: number, b: number) => number> = {
    '+': (a, b) => a + b,
    '-': (a, b) => a - b,
    '*': (a, b) => a * b,
    '/': (a, b) => a / b,
    '%': (a, b) => a % b,
  };
  for (const [op, apply] of Object.entries(arithmetic)) {
    env.registerOperator(`double ${op} int`, (a, b) => apply(a, Number(b)));
    env.registerOperator(`int ${op} double`, (a, b) => apply(Number(a), b));
  }
  env.registerOperator('double % double', (a, b) => a % b);
  env.registerOperator('double == int', (a, b) => a === Number(b)); // also int == double, and !=
  env.registerOperator('double in list<int>', (a, list: unknown[]) => list.some((x) => Number(x) === a));
  env.registerOperator('int in list<double>', (a, list: unknown[]) => list.some((x) => x === Number(a)));
  env.registerFunction('string(google.protobuf.Timestamp): string', (d: Date) => d.toISOString());
  env.registerFunction('string(google.protobuf.Duration): string', (d: object) => String(d));
  env.registerFunction(`string.${LINEAR_MATCHES}(string): bool`, (text: string, source: string) =>
    pattern(source).test(text, (steps) => chargeCost(steps >>> 4)),
  );
  env.registerFunction(`${EVALUATOR_HOOK}(): bool`, function (this: unknown) {
    handedOver = this;
    return true;
  });
  return env;
})();

/** An environment that only parses (for `referencedPaths`). */
export const PARSER: Pick<Environment, 'parse'> = BASE.clone();

const SCALARS: Record<string, string> = {
  timestamp: 'google.protobuf.Timestamp',
  duration: 'google.protobuf.Duration',
};

/** The variables and record types of one context, declared in an environment of its own. */
export class ContextEnvironment {
  readonly env: Environment;
  /** Record types by the name they were registered under. */
  private readonly objects = new Map<string, { type: ObjectType; create: RecordFactory }>();
  private readonly namesByKey = new Map<string, string>();

  constructor(readonly context: ExprContext) {
    this.env = BASE.clone();
    for (const [name, type] of Object.entries(context.variables))
      this.env.registerVariable(name, this.libraryName(type));
    handedOver = undefined;
    this.env.evaluate(`${EVALUATOR_HOOK}()`);
    const evaluator = handedOver as Parameters<typeof meterEvaluator>[0] | undefined;
    if (typeof evaluator?.run !== 'function')
      throw new Error('the CEL library did not hand over its evaluator');
    meterEvaluator(evaluator);
  }

  /** The library's name for a type, registering record types on first sight. */
  private libraryName(type: ExprType): string {
    if (typeof type === 'string') return SCALARS[type] ?? type;
    if ('list' in type) return `list<${this.libraryName(type.list)}>`;
    if ('map' in type) return `map<string, ${this.libraryName(type.map)}>`;
    const key = JSON.stringify(type);
    const known = this.namesByKey.get(key);
    if (known) return known;
    const fields: Record<string, string> = {};
    for (const [field, fieldType] of Object.entries(type.object)) fields[field] = this.libraryName(fieldType);
    const base = (type.name ?? '').replace(/[^A-Za-z0-9_]/g, '');
    const stem = `${base.charAt(0).toUpperCase()}${base.slice(1)}Record`;
    let name = stem;
    for (let i = 2; this.objects.has(name); i++) name = `${stem}${i}`;
    const create = this.recordClass(type);
    this.env.registerType(name, { ctor: create.ctor, fields });
    this.objects.set(name, { type, create: create.make });
    this.namesByKey.set(key, name);
    return name;
  }

  private recordClass(type: ObjectType) {
    const records = this.recordFactory;
    class TypedRecord extends Map<string, unknown> implements RecordValue {
      constructor(
        readonly raw: Record<string, unknown>,
        private readonly path: string,
      ) {
        super();
      }

      // the library reads a record's fields through `get`; each is shaped on first read
      override get(field: string): unknown {
        if (super.has(field)) return super.get(field);
        const fieldType = Object.hasOwn(type.object, field) ? type.object[field] : undefined;
        if (!fieldType || !Object.hasOwn(this.raw, field)) return undefined;
        const value = toCelValue(this.raw[field], fieldType, `${this.path}.${field}`, records);
        super.set(field, value);
        return value;
      }
    }
    return {
      ctor: TypedRecord,
      make: (raw: Record<string, unknown>, path: string) => new TypedRecord(raw, path),
    };
  }

  /** Makes the typed object for a record type declared in this context. */
  readonly recordFactory = (type: ObjectType): RecordFactory => {
    const name = this.namesByKey.get(JSON.stringify(type));
    const entry = name ? this.objects.get(name) : undefined;
    if (!entry) throw new ValueError('a record of a type the context does not declare');
    return entry.create;
  };

  /** The record type registered under a library name, if it is one. */
  objectType(libraryName: string): ObjectType | undefined {
    return this.objects.get(libraryName)?.type;
  }

  /** The `ExprType` of a library type (a type the context cannot name is `dyn`). */
  exprType(type: LibraryType | undefined): ExprType {
    if (!type) return 'dyn';
    switch (type.kind) {
      case 'list':
        return { list: this.exprType(type.valueType) };
      case 'map':
        return { map: this.exprType(type.valueType) };
      case 'message':
        if (type.name === SCALARS.timestamp) return 'timestamp';
        if (type.name === SCALARS.duration) return 'duration';
        return this.objectType(type.name) ?? 'dyn';
      case 'primitive':
        if (type.name === 'uint') return 'int';
        return ['string', 'int', 'double', 'bool', 'bytes', 'null'].includes(type.name)
          ? (type.name as ExprType)
          : 'dyn';
      default:
        return 'dyn';
    }
  }

  /** The variables' values, shaped to their types (variables without a value are left out). */
  celValues(values: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null);
    for (const [name, type] of Object.entries(this.context.variables)) {
      if (!Object.hasOwn(values, name)) continue;
      const value = toCelValue(values[name], type, name, this.recordFactory);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }
}
