// A small highlighter for the code tab: keywords, strings, comments and numbers of TypeScript /
// JavaScript (and JSON, which is a subset). It scans once, left to right, so a quote inside a
// comment or a "//" inside a string is never mistaken for the other; no dependency needed.

export type TokenKind = 'keyword' | 'string' | 'comment' | 'number' | 'plain';
export interface Token {
  kind: TokenKind;
  text: string;
}

const KEYWORDS = new Set(
  (
    'abstract as async await break case catch class const continue debugger declare default delete do ' +
    'else enum export extends false finally for from function get if implements import in infer ' +
    'instanceof interface keyof let namespace new null of private protected public readonly return ' +
    'satisfies set static super switch this throw true try type typeof undefined unique var void while ' +
    'with yield'
  ).split(' '),
);

/** Which files get highlighted; anything else (markdown, text) is shown plain. */
export function highlightable(path: string): boolean {
  return /\.(c|m)?(t|j)sx?$|\.json$/.test(path);
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let plain = '';
  const flush = () => {
    if (plain) tokens.push({ kind: 'plain', text: plain });
    plain = '';
  };
  const push = (kind: TokenKind, text: string) => {
    flush();
    tokens.push({ kind, text });
  };

  let i = 0;
  while (i < source.length) {
    const char = source[i] as string;
    const next = source[i + 1];
    if (char === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? source.length : end;
      push('comment', source.slice(i, stop));
      i = stop;
    } else if (char === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      push('comment', source.slice(i, stop));
      i = stop;
    } else if (char === '"' || char === "'" || char === '`') {
      const stop = stringEnd(source, i, char);
      push('string', source.slice(i, stop));
      i = stop;
    } else if (/[0-9]/.test(char) && !/[\w$]/.test(source[i - 1] ?? '')) {
      const match = /^(0[xXbBoO][0-9a-fA-F_]+|\d[\d_]*(\.\d[\d_]*)?([eE][+-]?\d+)?n?)/.exec(source.slice(i));
      const text = match?.[0] ?? char;
      push('number', text);
      i += text.length;
    } else if (/[A-Za-z_$]/.test(char)) {
      const text = /^[\w$]+/.exec(source.slice(i))?.[0] ?? char;
      // `obj.type` is a property, not the keyword.
      if (KEYWORDS.has(text) && source[i - 1] !== '.') push('keyword', text);
      else plain += text;
      i += text.length;
    } else {
      plain += char;
      i++;
    }
  }
  flush();
  return tokens;
}

/** Where a string starting at `start` ends (after its closing quote); an unclosed one runs to the line's end. */
function stringEnd(source: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < source.length) {
    const char = source[i];
    if (char === '\\') i += 2;
    else if (char === quote) return i + 1;
    else if (char === '\n' && quote !== '`') return i;
    else i++;
  }
  return source.length;
}
