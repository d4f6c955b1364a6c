export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; href: string };

// Only http(s) addresses become links: a `javascript:` or `data:` URL in a mail stays plain text.
const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;
// Punctuation that ends a sentence is not part of the address before it ("…/x." or "(…/x)").
const TRAILING = /[.,;:!?)\]}]+$/;

/** Splits plain text into text and http(s) link parts, so a mail body can show clickable links. */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const href = match[0].replace(TRAILING, '');
    if (href.length <= 'https://'.length) continue;
    const start = match.index;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', href });
    last = start + href.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
