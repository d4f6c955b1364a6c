/**
 * Text-like values: plain text, e-mail addresses, links and phone numbers, plus the shared shape
 * of a coercion's answer. CSV import sends every cell as text, so each reader accepts the text a
 * spreadsheet holds and says plainly what is wrong with the rest.
 */

export type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

export const fail = (message: string): Coerced => ({ ok: false, message });

/** A value as a message shows it: text quoted (and cut short), other shapes named. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** Text as given; numbers and booleans (as a spreadsheet may type them) become their text. */
export function coerceText(raw: unknown): Coerced {
  if (typeof raw === 'string') return { ok: true, value: raw };
  if ((typeof raw === 'number' && Number.isFinite(raw)) || typeof raw === 'boolean')
    return { ok: true, value: String(raw) };
  return fail(`must be text, not ${describeValue(raw)}`);
}

// The WHATWG form of an address, with letters of any script and a dot in the domain, because
// an address without one (`a@localhost`) is never what an end user meant in a public app.
const EMAIL =
  /^[\p{L}\p{N}.!#$%&'*+/=?^_`{|}~-]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+$/u;

/** An e-mail address, trimmed and lower-cased (so `unique` and look-ups are not fooled by case). */
export function coerceEmail(raw: unknown): Coerced {
  const text =
    typeof raw === 'string'
      ? raw
          .trim()
          .replace(/^mailto:/i, '')
          .toLowerCase()
      : '';
  if (!EMAIL.test(text) || text.length > 254 || text.includes('..'))
    return fail(`must be an e-mail address like name@example.com, not ${describeValue(raw)}`);
  return { ok: true, value: text };
}

const BARE_DOMAIN = /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+(?::\d+)?(?:[/?#]|$)/u;

/**
 * A web link (http or https only: `javascript:` or `data:` links would run in the viewer).
 * `example.com/page`, as people type it, gets `https://` in front.
 */
export function coerceUrl(raw: unknown): Coerced {
  const wrong = fail(`must be a web address like https://example.com, not ${describeValue(raw)}`);
  if (typeof raw !== 'string') return wrong;
  let text = raw.trim();
  if (!text.includes('://') && BARE_DOMAIN.test(text)) text = `https://${text}`;
  if (text.length > 2048) return fail('must be at most 2048 characters long');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return wrong;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return fail(`must be an http or https address, not ${url.protocol.slice(0, -1)}`);
  if (!url.hostname) return wrong;
  return { ok: true, value: text };
}

const PHONE = /^\+?[\d ()./-]+(?: ?(?:x|ext\.?) ?\d{1,6})?$/i;

/**
 * A phone number, lightly normalised: trimmed, runs of spaces and dashes of any kind made plain.
 * Digits stay as written, because the right international form depends on a country we do not know.
 */
export function coercePhone(raw: unknown): Coerced {
  let text: string;
  if (typeof raw === 'number' && Number.isInteger(raw) && raw > 0) text = String(raw);
  else if (typeof raw === 'string') text = raw;
  else return fail(`must be a phone number, not ${describeValue(raw)}`);
  text = text
    .trim()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ');
  const digits = text.replace(/(?:x|ext\.?) ?\d+$/i, '').replace(/\D/g, '').length;
  if (!PHONE.test(text) || digits < 3 || digits > 20 || text.length > 40)
    return fail(`must be a phone number (digits, spaces and + ( ) - .), not ${describeValue(raw)}`);
  return { ok: true, value: text };
}
