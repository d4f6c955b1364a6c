import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from './json-patch.ts';
import { parsePointer } from './json-patch-pointer.ts';

function applied(doc: unknown, ops: unknown): unknown {
  const result = applyJsonPatch(doc, ops);
  if (!result.ok) throw new Error(`expected the patch to apply: ${JSON.stringify(result.error)}`);
  return result.value;
}

function failure(doc: unknown, ops: unknown) {
  const result = applyJsonPatch(doc, ops);
  if (result.ok) throw new Error(`expected the patch to fail, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe('RFC 6901 pointers', () => {
  const doc = {
    foo: ['bar', 'baz'],
    '': 0,
    'a/b': 1,
    'c%d': 2,
    'e^f': 3,
    'g|h': 4,
    'i\\j': 5,
    'k"l': 6,
    ' ': 7,
    'm~n': 8,
  };
  const cases: [string, unknown][] = [
    ['', doc],
    ['/foo', ['bar', 'baz']],
    ['/foo/0', 'bar'],
    ['/', 0],
    ['/a~1b', 1],
    ['/c%d', 2],
    ['/e^f', 3],
    ['/g|h', 4],
    ['/i\\j', 5],
    ['/k"l', 6],
    ['/ ', 7],
    ['/m~0n', 8],
  ];
  it.each(cases)('%j resolves as the RFC says', (path, value) => {
    expect(applyJsonPatch(doc, [{ op: 'test', path, value }]).ok).toBe(true);
  });
  it('refuses malformed pointers: no leading slash, ~ not followed by 0 or 1', () => {
    expect(parsePointer('foo')).toBeUndefined();
    expect(parsePointer('/a~2b')).toBeUndefined();
    expect(parsePointer('/a~')).toBeUndefined();
    const error = failure({ foo: 1 }, [{ op: 'remove', path: 'foo' }]);
    expect(error.index).toBe(0);
    expect(error.message).toMatch(/^path must be a JSON Pointer/);
  });
});

describe('prototype pollution', () => {
  const attacks: [string, unknown[]][] = [
    ['add through __proto__', [{ op: 'add', path: '/__proto__/polluted', value: 'yes' }]],
    [
      'replace through constructor.prototype',
      [{ op: 'add', path: '/constructor/prototype/polluted', value: 'yes' }],
    ],
    ['copy from __proto__', [{ op: 'copy', from: '/__proto__', path: '/x' }]],
    ['move to prototype', [{ op: 'move', from: '/a', path: '/prototype' }]],
    [
      'a __proto__ member in a value',
      [{ op: 'add', path: '/x', value: JSON.parse('{"__proto__":{"polluted":"yes"}}') }],
    ],
    ['a constructor member deep in a value', [{ op: 'add', path: '/x', value: { a: [{ constructor: 1 }] } }]],
  ];
  it.each(attacks)('refuses %s', (_name, ops) => {
    const error = failure({ a: 1 }, ops);
    expect(error.index).toBe(0);
    expect(error.message).toMatch(/__proto__|constructor|prototype/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('never follows an inherited member such as toString', () => {
    expect(failure({}, [{ op: 'remove', path: '/toString' }]).message).toBe('/toString does not exist');
    expect(failure({}, [{ op: 'test', path: '/valueOf', value: null }]).message).toBe(
      '/valueOf does not exist',
    );
  });

  it('copies a document with an own __proto__ member as data, not as a prototype', () => {
    const doc = JSON.parse('{"__proto__":{"polluted":"yes"},"a":1}');
    const value = applied(doc, [{ op: 'replace', path: '/a', value: 2 }]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value.polluted).toBeUndefined();
    expect(Object.keys(value)).toEqual(['__proto__', 'a']);
  });
});
