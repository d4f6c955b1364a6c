/**
 * Parses the pattern of `matches()` (RE2 syntax, as CEL specifies) into a tree that
 * `pattern.ts` compiles for a linear-time matcher. What a backtracking engine needs and RE2 does
 * not have (backreferences, lookaround) is a syntax error here, so no pattern can make a rule
 * take exponential time on a value an end user typed.
 */

import { complement, DIGIT, MAX_CODE_POINT, negate, normalize, POSIX, SPACE, WORD } from './pattern-sets.ts';

export class PatternError extends Error {
  constructor(
    message: string,
    /** 0-based offset in the pattern */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'PatternError';
  }
}

/** A set of code points: sorted [lo, hi] ranges plus Unicode property tests (`\p{L}`). */
export interface CharSet {
  ranges: number[];
  properties: RegExp[];
  negated: boolean;
  ignoreCase: boolean;
}

export type Assertion =
  | 'textStart'
  | 'textEnd'
  | 'lineStart'
  | 'lineEnd'
  | 'wordBoundary'
  | 'notWordBoundary';

export type PatternNode =
  | { kind: 'empty' }
  | { kind: 'char'; codePoint: number; ignoreCase: boolean }
  | { kind: 'any'; dotAll: boolean }
  | { kind: 'set'; set: CharSet }
  | { kind: 'assert'; assertion: Assertion }
  | { kind: 'concat'; items: PatternNode[] }
  | { kind: 'alternate'; items: PatternNode[] }
  | { kind: 'repeat'; item: PatternNode; min: number; max: number };

interface Flags {
  ignoreCase: boolean;
  multiLine: boolean;
  dotAll: boolean;
}

/** RE2's limit on `{n,m}`. */
const MAX_REPEAT = 1000;
class PatternParser {
  private pos = 0;
  private flags: Flags = { ignoreCase: false, multiLine: false, dotAll: false };

  constructor(private readonly source: string) {}

  parse(): PatternNode {
    const node = this.alternation();
    if (this.pos < this.source.length) throw this.error('unmatched ")"');
    return node;
  }

  private error(message: string, offset = this.pos): PatternError {
    return new PatternError(message, offset);
  }

  private peek(): string | undefined {
    return this.source[this.pos];
  }

  private eat(text: string): boolean {
    if (!this.source.startsWith(text, this.pos)) return false;
    this.pos += text.length;
    return true;
  }

  private codePoint(): number {
    const cp = this.source.codePointAt(this.pos);
    if (cp === undefined) throw this.error('the pattern ends too early');
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  private alternation(): PatternNode {
    const saved = { ...this.flags };
    const items = [this.concatenation()];
    while (this.eat('|')) items.push(this.concatenation());
    this.flags = saved;
    return items.length === 1 ? items[0]! : { kind: 'alternate', items };
  }

  private concatenation(): PatternNode {
    const items: PatternNode[] = [];
    while (this.pos < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      if (atom) items.push(this.repetitions(atom));
    }
    return items.length === 1 ? items[0]! : { kind: 'concat', items };
  }

  private repetitions(atom: PatternNode): PatternNode {
    let node = atom;
    let repeated = false;
    for (;;) {
      const at = this.pos;
      const bounds = this.quantifier();
      if (!bounds) return node;
      if (repeated) throw this.error(`bad repetition operator "${this.source.slice(at, this.pos)}"`, at);
      this.eat('?'); // lazy or greedy matches the same strings; only whether one matches counts
      node = { kind: 'repeat', item: node, min: bounds[0], max: bounds[1] };
      repeated = true;
    }
  }

  /** [min, max] for `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`; a `{` that is not one is a literal. */
  private quantifier(): [number, number] | undefined {
    if (this.eat('*')) return [0, Infinity];
    if (this.eat('+')) return [1, Infinity];
    if (this.eat('?')) return [0, 1];
    const counted = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.pos));
    if (!counted) return undefined;
    const min = Number(counted[1]);
    const max = counted[2] === undefined ? min : counted[3] ? Number(counted[3]) : Infinity;
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT))
      throw this.error(`repeat count over ${MAX_REPEAT}`);
    if (max < min) throw this.error(`bad repeat "${counted[0]}": the maximum is below the minimum`);
    this.pos += counted[0].length;
    return [min, max];
  }

  /** One atom, or undefined for a flag group such as `(?i)` that only changes flags. */
  private atom(): PatternNode | undefined {
    const start = this.pos;
    const ch = this.peek()!;
    if ('*+?'.includes(ch) || /^\{\d+(,\d*)?\}/.test(this.source.slice(this.pos)))
      throw this.error(`missing argument to repetition operator "${ch}"`);
    if (ch === '(') return this.group();
    if (ch === '[') return { kind: 'set', set: this.charClass() };
    this.pos++;
    if (ch === '.') return { kind: 'any', dotAll: this.flags.dotAll };
    if (ch === '^') return { kind: 'assert', assertion: this.flags.multiLine ? 'lineStart' : 'textStart' };
    if (ch === '$') return { kind: 'assert', assertion: this.flags.multiLine ? 'lineEnd' : 'textEnd' };
    if (ch === '\\') return this.escape(start);
    this.pos = start;
    return this.literal(this.codePoint());
  }

  private literal(codePoint: number): PatternNode {
    return { kind: 'char', codePoint, ignoreCase: this.flags.ignoreCase };
  }

  private group(): PatternNode | undefined {
    const start = this.pos++;
    if (this.eat('?')) {
      if (this.eat('=') || this.eat('!') || this.eat('<=') || this.eat('<!'))
        throw this.error('lookahead and lookbehind are not supported', start);
      const named = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(this.source.slice(this.pos));
      if (named) this.pos += named[0].length;
      else if (!this.eat(':')) return this.flagGroup(start);
    }
    const inner = this.alternation();
    if (!this.eat(')')) throw this.error('missing closing ")"', start);
    return inner;
  }

  /** `(?ims)` sets flags for the rest of the group; `(?i:...)` only inside. */
  private flagGroup(start: number): PatternNode | undefined {
    const spec = /^([imsU]*)(?:-([imsU]*))?([:)])/.exec(this.source.slice(this.pos));
    if (!spec) throw this.error('unknown group syntax "(?"', start);
    this.pos += spec[0].length;
    const flags = { ...this.flags };
    for (const [letters, on] of [
      [spec[1] ?? '', true],
      [spec[2] ?? '', false],
    ] as const) {
      if (letters.includes('i')) flags.ignoreCase = on;
      if (letters.includes('m')) flags.multiLine = on;
      if (letters.includes('s')) flags.dotAll = on;
    }
    if (spec[3] === ')') {
      this.flags = flags;
      return undefined;
    }
    const saved = this.flags;
    this.flags = flags;
    const inner = this.alternation();
    this.flags = saved;
    if (!this.eat(')')) throw this.error('missing closing ")"', start);
    return inner;
  }

  private escape(start: number): PatternNode {
    const ch = this.peek();
    if (ch === undefined) throw this.error('trailing "\\" at the end of the pattern', start);
    const assertion = { b: 'wordBoundary', B: 'notWordBoundary', A: 'textStart', z: 'textEnd' } as const;
    if (ch in assertion) {
      this.pos++;
      return { kind: 'assert', assertion: assertion[ch as keyof typeof assertion] };
    }
    const set = this.classEscape(start);
    if (set) return { kind: 'set', set };
    return this.literal(this.escapedCodePoint(start));
  }

  /** `\d \D \w \W \s \S \p{..} \P{..}` as a set, or undefined for other escapes. */
  private classEscape(start: number): CharSet | undefined {
    const ch = this.peek()!;
    const shorthand: Record<string, number[]> = { d: DIGIT, w: WORD, s: SPACE };
    const lower = ch.toLowerCase();
    if (shorthand[lower]) {
      this.pos++;
      const ranges = shorthand[lower];
      return this.set(ch === lower ? [...ranges] : complement(ranges), []);
    }
    if (ch !== 'p' && ch !== 'P') return undefined;
    this.pos++;
    const braced = this.eat('{');
    const name = braced ? /^[A-Za-z_=]+(?=\})/.exec(this.source.slice(this.pos))?.[0] : this.peek();
    if (!name) throw this.error('bad Unicode class escape', start);
    this.pos += name.length + (braced ? 1 : 0);
    let property: RegExp;
    try {
      property = new RegExp(`^\\p{${name}}$`, 'u');
    } catch {
      throw this.error(`unknown Unicode class "${name}"`, start);
    }
    return { ranges: [], properties: [property], negated: ch === 'P', ignoreCase: false };
  }

  private escapedCodePoint(start: number): number {
    const ch = this.source[this.pos++]!;
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, a: 7, '0': 0 };
    if (ch in simple) return simple[ch]!;
    if (/[1-9]/.test(ch)) throw this.error('backreferences are not supported', start);
    if (ch === 'x' || ch === 'u') {
      const hex =
        /^\{([0-9A-Fa-f]{1,6})\}/.exec(this.source.slice(this.pos)) ??
        (ch === 'x' ? /^([0-9A-Fa-f]{2})/ : /^([0-9A-Fa-f]{4})/).exec(this.source.slice(this.pos));
      const value = hex ? Number.parseInt(hex[1]!, 16) : Number.NaN;
      if (!hex || value > MAX_CODE_POINT) throw this.error(`bad escape "\\${ch}"`, start);
      this.pos += hex[0].length;
      return value;
    }
    if (/[A-Za-z0-9]/.test(ch)) throw this.error(`unknown escape "\\${ch}"`, start);
    this.pos--;
    return this.codePoint();
  }

  private set(ranges: number[], properties: RegExp[], negated = false): CharSet {
    return { ranges, properties, negated, ignoreCase: this.flags.ignoreCase };
  }

  private charClass(): CharSet {
    const start = this.pos++;
    const negated = this.eat('^');
    const ranges: number[] = [];
    const properties: RegExp[] = [];
    let first = true;
    while (first || this.peek() !== ']') {
      if (this.pos >= this.source.length) throw this.error('missing closing "]"', start);
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.source.slice(this.pos));
      if (posix) {
        const named = POSIX[posix[2]!];
        if (!named) throw this.error(`unknown class "[:${posix[2]}:]"`);
        ranges.push(...(posix[1] ? complement(named) : named));
        this.pos += posix[0].length;
        continue;
      }
      const itemStart = this.pos;
      if (this.eat('\\')) {
        const set = this.classEscape(itemStart);
        if (set) {
          if (set.negated) properties.push(...set.properties.map((p) => negate(p)));
          else properties.push(...set.properties);
          ranges.push(...set.ranges);
          continue;
        }
      }
      const lo = this.pos > itemStart ? this.escapedCodePoint(itemStart) : this.codePoint();
      let hi = lo;
      if (this.peek() === '-' && this.source[this.pos + 1] !== ']' && this.pos + 1 < this.source.length) {
        this.pos++;
        const hiStart = this.pos;
        hi = this.eat('\\') ? this.escapedCodePoint(hiStart) : this.codePoint();
        if (hi < lo) throw this.error('bad character class range', itemStart);
      }
      ranges.push(lo, hi);
    }
    this.pos++;
    return this.set(normalize(ranges), properties, negated);
  }
}

export function parsePattern(source: string): PatternNode {
  return new PatternParser(source).parse();
}
