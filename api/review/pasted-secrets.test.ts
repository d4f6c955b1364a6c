import { describe, expect, it } from 'vitest';
import { findPastedSecrets, lineOf, stringsIn } from './pasted-secrets.ts';

// Keys are assembled at run time so this file never holds one that a secret scanner would flag.
const keys = {
  anthropic: `sk-ant-api03-${'Ab3'.repeat(12)}`,
  openai: `sk-proj-${'Cd4'.repeat(12)}`,
  aws: `AKIA${'J7K8L9M0N1P2Q3R4'}`,
  github: `ghp_${'Ef5'.repeat(12)}`,
  slack: `xoxb-${'2468'.repeat(4)}`,
  stripe: `sk_live_${'Gh6'.repeat(9)}`,
  google: `AIza${'Ij7'.repeat(11)}Kl`,
  pem: `-----BEGIN RSA ${'PRIVATE KEY'}-----`,
};

describe('findPastedSecrets', () => {
  it.each(Object.entries(keys))('finds %s keys', (_, key) => {
    expect(findPastedSecrets(`before ${key} after`)).toEqual([{ kind: expect.any(String), index: 7 }]);
  });

  it('ignores documentation placeholders and ordinary text', () => {
    for (const text of [
      'sk-ant-xxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'AKIAIOSFODNN7EXAMPLE',
      'sk-ant-your-key-goes-here-please-1234',
      'Ask the team for a key; tokens live in the vault.',
    ])
      expect(findPastedSecrets(text), text).toEqual([]);
  });
});

describe('lineOf and stringsIn', () => {
  it('gives the 1-based line of an offset', () => {
    expect(lineOf('a\nb\nc', 4)).toBe(3);
    expect(lineOf('abc', 0)).toBe(1);
  });

  it('walks every string of a JSON value with its path', () => {
    const found = [...stringsIn({ a: ['x', { b: 'y' }], n: 1 })].map(({ path, text }) => [
      path.join('.'),
      text,
    ]);
    expect(found).toEqual([
      ['a.0', 'x'],
      ['a.1.b', 'y'],
    ]);
  });
});
