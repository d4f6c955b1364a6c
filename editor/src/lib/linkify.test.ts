import { describe, expect, it } from 'vitest';
import { linkify } from './linkify.ts';

describe('linkify (mail bodies in the outbox)', () => {
  it('turns http(s) addresses into links, fragments and all, and keeps the text around them', () => {
    expect(linkify('Open this link:\n\nhttp://127.0.0.1:3000/u/ann/crm/#token=abc_-1\n\nBye')).toEqual([
      { kind: 'text', text: 'Open this link:\n\n' },
      { kind: 'link', href: 'http://127.0.0.1:3000/u/ann/crm/#token=abc_-1' },
      { kind: 'text', text: '\n\nBye' },
    ]);
  });

  it('leaves sentence punctuation outside the link', () => {
    expect(linkify('See https://example.test/a. Or (https://example.test/b).')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', href: 'https://example.test/a' },
      { kind: 'text', text: '. Or (' },
      { kind: 'link', href: 'https://example.test/b' },
      { kind: 'text', text: ').' },
    ]);
  });

  it('never links other schemes', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://example.test', 'https://'])
      expect(
        linkify(text).every((part) => part.kind === 'text'),
        text,
      ).toBe(true);
  });
});
