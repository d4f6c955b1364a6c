/**
 * `matches()` in linear time: the pattern compiles to a small program that a Thompson/Pike
 * simulation runs over the input once, keeping at most one thread per instruction. Work is
 * bounded by (input length × program size), never exponential, whatever the pattern — unlike
 * JavaScript's backtracking `RegExp`, where `^(a+)+$` on a long "aaaa…b" never finishes.
 */
import {
  type Assertion,
  type CharSet,
  PatternError,
  type PatternNode,
  parsePattern,
} from './pattern-syntax.ts';

export { PatternError };

type Instruction =
  | { op: 'char'; codePoint: number; folded: number }
  | { op: 'any'; dotAll: boolean }
  | { op: 'set'; set: CharSet }
  | { op: 'assert'; assertion: Assertion }
  | { op: 'split'; next: number; alt: number }
  | { op: 'jump'; next: number }
  | { op: 'match' };

export interface Pattern {
  readonly size: number;
  /** Whether the pattern matches anywhere in `input`; `onSteps` is told the work as it is done. */
  test(input: string, onSteps?: (steps: number) => void): boolean;
}

const fold = (cp: number): number => String.fromCodePoint(cp).toLowerCase().codePointAt(0) ?? cp;
const upper = (cp: number): number => String.fromCodePoint(cp).toUpperCase().codePointAt(0) ?? cp;
const isWord = (cp: number): boolean =>
  (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f;

function inSet(set: CharSet, cp: number): boolean {
  const test = (c: number): boolean => {
    const { ranges } = set;
    for (let i = 0; i < ranges.length; i += 2) if (c >= ranges[i]! && c <= ranges[i + 1]!) return true;
    return set.properties.some((p) => p.test(String.fromCodePoint(c)));
  };
  const hit = test(cp) || (set.ignoreCase && (test(fold(cp)) || test(upper(cp))));
  return hit !== set.negated;
}

class Compiler {
  readonly program: Instruction[] = [];

  constructor(private readonly maxSize: number) {}

  private emit(instruction: Instruction): number {
    if (this.program.length >= this.maxSize)
      throw new PatternError(`the pattern is too complex (over ${this.maxSize} steps once compiled)`, 0);
    this.program.push(instruction);
    return this.program.length - 1;
  }

  compile(node: PatternNode): void {
    switch (node.kind) {
      case 'empty':
        return;
      case 'char':
        this.emit({
          op: 'char',
          codePoint: node.codePoint,
          folded: node.ignoreCase ? fold(node.codePoint) : -1,
        });
        return;
      case 'any':
        this.emit({ op: 'any', dotAll: node.dotAll });
        return;
      case 'set':
        this.emit({ op: 'set', set: node.set });
        return;
      case 'assert':
        this.emit({ op: 'assert', assertion: node.assertion });
        return;
      case 'concat':
        for (const item of node.items) this.compile(item);
        return;
      case 'alternate':
        this.alternate(node.items);
        return;
      case 'repeat':
        this.repeat(node.item, node.min, node.max);
        return;
    }
  }

  private alternate(items: PatternNode[]): void {
    const jumps: Instruction[] = [];
    items.forEach((item, i) => {
      const last = i === items.length - 1;
      const split = last ? undefined : this.emit({ op: 'split', next: 0, alt: 0 });
      if (split !== undefined) (this.program[split] as { next: number }).next = split + 1;
      this.compile(item);
      if (!last) jumps.push(this.program[this.emit({ op: 'jump', next: 0 })]!);
      if (split !== undefined) (this.program[split] as { alt: number }).alt = this.program.length;
    });
    for (const jump of jumps) (jump as { next: number }).next = this.program.length;
  }

  private repeat(item: PatternNode, min: number, max: number): void {
    for (let i = 0; i < min; i++) this.compile(item);
    if (max === Infinity) {
      const split = this.emit({ op: 'split', next: 0, alt: 0 });
      this.compile(item);
      this.emit({ op: 'jump', next: split });
      Object.assign(this.program[split]!, { next: split + 1, alt: this.program.length });
      return;
    }
    const splits: number[] = [];
    for (let i = min; i < max; i++) {
      const split = this.emit({ op: 'split', next: 0, alt: 0 });
      (this.program[split] as { next: number }).next = split + 1;
      splits.push(split);
      this.compile(item);
    }
    for (const split of splits) (this.program[split] as { alt: number }).alt = this.program.length;
  }
}

/** Compiles `source`; throws a `PatternError` (with the offset) when it is not a pattern. */
export function compilePattern(source: string, maxSize: number): Pattern {
  const compiler = new Compiler(maxSize);
  compiler.compile(parsePattern(source));
  compiler.program.push({ op: 'match' });
  const program = compiler.program;
  return { size: program.length, test: (input, onSteps) => run(program, input, onSteps) };
}

function assertionHolds(assertion: Assertion, previous: number, current: number): boolean {
  switch (assertion) {
    case 'textStart':
      return previous === -1;
    case 'textEnd':
      return current === -1;
    case 'lineStart':
      return previous === -1 || previous === 0x0a;
    case 'lineEnd':
      return current === -1 || current === 0x0a;
    case 'wordBoundary':
      return isWord(previous) !== isWord(current);
    case 'notWordBoundary':
      return isWord(previous) === isWord(current);
  }
}

/** Work is reported in chunks, so a run over budget stops early. */
const REPORT_EVERY = 1 << 16;

function run(program: Instruction[], input: string, onSteps?: (steps: number) => void): boolean {
  const size = program.length;
  let current = new Int32Array(size);
  let next = new Int32Array(size);
  let currentCount = 0;
  let nextCount = 0;
  // seen[pc] === generation: pc is already in the list being built for this position
  const seen = new Int32Array(size).fill(-1);
  const stack = new Int32Array(size * 2 + 2);
  let generation = 0;
  let steps = 0;

  /** Adds pc and everything reachable from it without reading a character; true on a match. */
  const add = (list: Int32Array, count: number, pc: number, previous: number, cp: number): number => {
    let top = 0;
    stack[top++] = pc;
    while (top > 0) {
      const at = stack[--top]!;
      if (seen[at] === generation) continue;
      seen[at] = generation;
      steps++;
      const instruction = program[at]!;
      switch (instruction.op) {
        case 'jump':
          stack[top++] = instruction.next;
          break;
        case 'split':
          stack[top++] = instruction.alt;
          stack[top++] = instruction.next;
          break;
        case 'assert':
          if (assertionHolds(instruction.assertion, previous, cp)) stack[top++] = at + 1;
          break;
        case 'match':
          return -1;
        default:
          list[count++] = at;
      }
    }
    return count;
  };

  let previous = -1;
  let index = 0;
  for (;;) {
    const cp = index < input.length ? input.codePointAt(index)! : -1;
    // a match may start at every position: the search is unanchored, as CEL's matches() is
    currentCount = add(current, currentCount, 0, previous, cp);
    if (currentCount < 0) return report(onSteps, steps, true);
    if (cp === -1) return report(onSteps, steps, false);
    generation++;
    nextCount = 0;
    const after = index + (cp > 0xffff ? 2 : 1);
    const following = after < input.length ? input.codePointAt(after)! : -1;
    steps += currentCount;
    if (steps >= REPORT_EVERY && onSteps) {
      onSteps(steps); // may throw to stop a run that is over budget
      steps = 0;
    }
    for (let i = 0; i < currentCount; i++) {
      const pc = current[i]!;
      const instruction = program[pc]!;
      let hit = false;
      if (instruction.op === 'char')
        hit = cp === instruction.codePoint || (instruction.folded !== -1 && fold(cp) === instruction.folded);
      else if (instruction.op === 'any') hit = instruction.dotAll || cp !== 0x0a;
      else if (instruction.op === 'set') hit = inSet(instruction.set, cp);
      if (!hit) continue;
      nextCount = add(next, nextCount, pc + 1, cp, following);
      if (nextCount < 0) return report(onSteps, steps, true);
    }
    [current, next] = [next, current];
    currentCount = nextCount;
    previous = cp;
    index = after;
  }
}

function report(onSteps: ((steps: number) => void) | undefined, steps: number, result: boolean): boolean {
  onSteps?.(steps);
  return result;
}
