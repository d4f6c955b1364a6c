/** What a secret becomes in a run log, a run's answer or an error message. */
export const REDACTED = '[redacted]';

/** Secrets shorter than this are not searched for (they would match ordinary words). */
const MIN_SECRET_LENGTH = 6;

/**
 * The secret values one run has touched (a connection's token, a webhook's signing secret), to
 * blank out wherever they turn up in what is stored or shown: a service may echo a token back in
 * its answer, and a webhook's token header is part of the trigger input.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string | null | undefined): void {
    if (secret && secret.length >= MIN_SECRET_LENGTH) this.secrets.add(secret);
  }

  get size(): number {
    return this.secrets.size;
  }

  text(value: string): string {
    let out = value;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }

  /** A copy of a JSON value with every secret replaced, in strings and in object keys. */
  value<T>(value: T): T {
    if (this.secrets.size === 0 || value === undefined) return value;
    // Most values hold no secret: one native serialisation tells, before any copy is made.
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch {
      text = undefined;
    }
    if (text !== undefined && ![...this.secrets].some((secret) => text.includes(secret))) return value;
    return this.walk(value, 0) as T;
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.text(value);
    if (depth > 64 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => this.walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[this.text(key)] = this.walk(item, depth + 1);
    return out;
  }
}
