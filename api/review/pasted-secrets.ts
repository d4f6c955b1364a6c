/**
 * Credentials pasted where they do not belong: into a definition (stored in plain text, in every
 * version and diff, shown to the agents) or into generated code (downloaded, committed, shared).
 * Only formats that are unmistakable, so a finding is almost never a false alarm.
 */

export interface PastedSecret {
  /** What it looks like, in words: "an Anthropic API key". */
  kind: string;
  /** Offset of the match in the text. */
  index: number;
}

const PATTERNS: readonly { kind: string; pattern: RegExp }[] = [
  { kind: 'an Anthropic API key', pattern: /sk-ant-[A-Za-z0-9_-]{20,}/g },
  { kind: 'an OpenAI API key', pattern: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}/g },
  { kind: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  {
    kind: 'a private key',
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g,
  },
  { kind: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})/g },
  { kind: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { kind: 'a Stripe secret key', pattern: /\b[rs]k_live_[A-Za-z0-9]{20,}/g },
  { kind: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}/g },
];

/**
 * Documentation placeholders (`AKIAIOSFODNN7EXAMPLE`, `sk-ant-xxxx…`, `your-key`) are not secrets;
 * a private key header has no placeholder form, so it is always reported.
 */
const PLACEHOLDER = /x{4,}|EXAMPLE|example|placeholder|your[_-]|dummy|fake|redacted|\.\.\./i;

export function findPastedSecrets(text: string): PastedSecret[] {
  const found: PastedSecret[] = [];
  for (const { kind, pattern } of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      if (kind !== 'a private key' && PLACEHOLDER.test(match[0])) continue;
      found.push({ kind, index: match.index });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The 1-based line of `index` in `text`, so a finding can say where in a file. */
export function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Every string in a JSON value, with its path: what a definition holds that a person typed. */
export function* stringsIn(
  value: unknown,
  path: readonly PropertyKey[] = [],
): Generator<{ path: readonly PropertyKey[]; text: string }> {
  if (typeof value === 'string') yield { path, text: value };
  else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* stringsIn(value[i], [...path, i]);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) yield* stringsIn(inner, [...path, key]);
  }
}
