/**
 * The evaluation bound. There is no clock in the runtime, so cost is counted: every node the
 * evaluator runs costs 1, a node that builds a string, list or map pays for its size too, and
 * reading a string pays for its length (the function it goes to scans it). So "a comprehension
 * inside a comprehension over big lists", "a string doubled thirty times" and "a long text
 * searched once per item of a long list" all run out of budget instead of hanging. Evaluation is synchronous (no async functions are
 * registered), so one meter at a time is active.
 */

export class CostLimitExceeded extends Error {
  constructor(readonly limit: number) {
    super(
      `the expression does too much work (over ${limit.toLocaleString('en-US')} steps); ` +
        'avoid comprehensions inside comprehensions over big lists, and building very long strings',
    );
    this.name = 'CostLimitExceeded';
  }
}

class Meter {
  private remaining: number;
  exhausted = false;

  constructor(readonly limit: number) {
    this.remaining = limit;
  }

  charge(units: number): void {
    this.remaining -= units;
    if (this.remaining >= 0) return;
    this.exhausted = true;
    throw new CostLimitExceeded(this.limit);
  }
}

let active: Meter | undefined;

/** Runs `evaluate` under a fresh budget; a budget that ran out is an error even if swallowed. */
export function withCostLimit<T>(limit: number, evaluate: () => T): T {
  const previous = active;
  const meter = new Meter(limit);
  active = meter;
  try {
    const value = evaluate();
    if (meter.exhausted) throw new CostLimitExceeded(limit);
    return value;
  } catch (error) {
    // `||`, `&&` and exists() absorb errors, so report the budget even if another error surfaced
    throw meter.exhausted ? new CostLimitExceeded(limit) : error;
  } finally {
    active = previous;
  }
}

/** Charges the evaluation in progress (no-op outside one): used by functions that loop. */
export function chargeCost(units: number): void {
  active?.charge(units);
}

/** Nodes whose result is a value they built rather than one they looked up. */
const BUILDS = new Set(['+', 'call', 'rcall', 'list', 'map']);
/** Nodes that look a value up: reading text costs its length, as functions scan what they get. */
const READS = new Set(['id', '.', '.?', '[]', '[?]']);

function textCost(value: unknown): number {
  if (typeof value === 'string') return value.length >>> 4;
  return value instanceof Uint8Array ? value.length >>> 4 : 0;
}

function sizeCost(value: unknown): number {
  if (typeof value === 'string') return value.length >>> 4;
  if (Array.isArray(value)) return value.length;
  if (value instanceof Uint8Array) return value.length >>> 4;
  if (value instanceof Map) return value.size;
  return 0;
}

interface Evaluator {
  run(ast: { op: string }, ctx: unknown): unknown;
}

/**
 * Makes one evaluator charge the active meter. Every child node is evaluated through
 * `evaluator.run` (comprehension steps included), so this sees all the work.
 */
export function meterEvaluator(evaluator: Evaluator): void {
  const run = evaluator.run;
  evaluator.run = function metered(this: Evaluator, ast, ctx) {
    const meter = active;
    if (!meter) return run.call(this, ast, ctx);
    meter.charge(1);
    const value = run.call(this, ast, ctx);
    if (BUILDS.has(ast.op)) meter.charge(sizeCost(value));
    else if (READS.has(ast.op)) meter.charge(textCost(value));
    return value;
  };
}
