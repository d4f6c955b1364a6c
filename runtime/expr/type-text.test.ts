import { describe, expect, it } from 'vitest';
import { typeToString } from './index.ts';
import { isAssignable, withArticle } from './type-text.ts';

describe('typeToString: types as messages show them', () => {
  it.each([
    ['double', 'double'],
    [{ list: 'string' }, 'list(string)'],
    [{ map: { list: 'int' } }, 'map(string, list(int))'],
    [{ object: { title: 'string' } }, 'record{title: string}'],
    [
      {
        object: { title: 'string', price: 'double', due: 'timestamp', tags: { list: 'string' } },
        name: 'Tasks',
      },
      'Tasks{title: string, price: double, due: timestamp, ...}',
    ],
  ] as const)('%j → %s', (type, text) => {
    expect(typeToString(type)).toBe(text);
  });

  it('picks "a" or "an"', () => {
    expect(withArticle('int')).toBe('an int');
    expect(withArticle('bool')).toBe('a bool');
  });
});

describe('isAssignable: which results fit an expected type', () => {
  it.each([
    ['int', 'double', true],
    ['double', 'int', false],
    ['dyn', 'bool', true],
    ['bool', 'dyn', true],
    [{ list: 'int' }, { list: 'double' }, true],
    [{ list: 'dyn' }, { list: 'string' }, true],
    [{ map: 'string' }, { list: 'string' }, false],
    [{ object: { a: 'string', b: 'int' } }, { object: { a: 'string' } }, true],
    [{ object: { a: 'string' } }, { object: { a: 'string', b: 'int' } }, false],
    ['null', 'string', false],
  ] as const)('%j where %j is expected: %s', (actual, expected, fits) => {
    expect(isAssignable(actual, expected)).toBe(fits);
  });
});
