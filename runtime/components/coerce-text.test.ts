import { describe, expect, it } from 'vitest';
import type { Field } from '../../schemas/definitions.ts';
import { coerceValue } from './coerce.ts';

const field = (type: 'email' | 'url' | 'phone') => ({ id: 'x', label: 'X', type }) as Field;
const value = (type: 'email' | 'url' | 'phone', raw: unknown) => {
  const result = coerceValue(field(type), raw);
  return result.ok ? result.value : `ERROR ${result.message}`;
};

describe('coerceValue: e-mail addresses', () => {
  it('trims and lower-cases an address', () => {
    expect(value('email', '  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
    expect(value('email', 'mailto:ops+alerts@example.co.uk')).toBe('ops+alerts@example.co.uk');
    expect(value('email', 'zoë@bücher.de')).toBe('zoë@bücher.de');
  });

  it('refuses what is not an address', () => {
    expect(value('email', 'ada@example')).toBe(
      'ERROR must be an e-mail address like name@example.com, not "ada@example"',
    );
    for (const raw of ['ada', 'ada @example.com', 'a@b@example.com', 'a..b@example.com', 'Ada <a@b.com>', 42])
      expect(value('email', raw)).toMatch(/^ERROR must be an e-mail address/);
  });
});

describe('coerceValue: links', () => {
  it('accepts http and https addresses as written', () => {
    expect(value('url', 'https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(value('url', ' http://example.com ')).toBe('http://example.com');
  });

  it('puts https:// before an address typed without one', () => {
    expect(value('url', 'example.com/pricing')).toBe('https://example.com/pricing');
    expect(value('url', 'www.example.org')).toBe('https://www.example.org');
  });

  it('refuses other schemes, which could run script in the viewer', () => {
    expect(value('url', 'javascript:alert(1)')).toMatch(/^ERROR must be/);
    expect(value('url', 'ftp://example.com/file')).toBe('ERROR must be an http or https address, not ftp');
    expect(value('url', 'data:text/html,hi')).toMatch(/^ERROR must be/);
  });

  it('refuses text that is not an address', () => {
    expect(value('url', 'not a link')).toBe(
      'ERROR must be a web address like https://example.com, not "not a link"',
    );
    expect(value('url', 'https://')).toMatch(/^ERROR/);
  });
});

describe('coerceValue: phone numbers', () => {
  it('normalises lightly: trims, one space between groups, plain dashes', () => {
    expect(value('phone', '  +44  20 7946\t0958 ')).toBe('+44 20 7946 0958');
    expect(value('phone', '(555) 123–4567')).toBe('(555) 123-4567');
    expect(value('phone', '555-1234 ext. 12')).toBe('555-1234 ext. 12');
  });

  it('takes a number a spreadsheet wrote without its text quotes', () => {
    expect(value('phone', 4915123456789)).toBe('4915123456789');
  });

  it('refuses letters, too few or too many digits', () => {
    expect(value('phone', 'call me')).toBe(
      'ERROR must be a phone number (digits, spaces and + ( ) - .), not "call me"',
    );
    expect(value('phone', '12')).toMatch(/^ERROR/);
    expect(value('phone', '1'.repeat(25))).toMatch(/^ERROR/);
  });
});
