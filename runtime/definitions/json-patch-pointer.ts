/** JSON Pointer (RFC 6901): `/tables/0/label`, with `~0` for `~` and `~1` for `/`. */

/** An array index token: `0`, or digits without a leading zero. */
export const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

/** Keys that reach an object's prototype: never followed in a pointer, never written by a patch. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The reference tokens of a pointer (`''` is the whole document), or undefined when it is malformed. */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  const tokens = pointer.slice(1).split('/');
  // `~` must start `~0` or `~1`; `~1` is decoded first so `~01` stays the text `~1`.
  if (tokens.some((token) => /~(?![01])/.test(token))) return undefined;
  return tokens.map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function encodePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function formatPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((token) => `/${encodePointerToken(token)}`).join('');
}

export function childPointer(pointer: string, token: string | number): string {
  return `${pointer}/${encodePointerToken(token)}`;
}
