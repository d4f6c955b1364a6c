import { describe, expect, it } from 'vitest';
import { applyJsonPatch, JsonPatch, MAX_PATCH_OPERATIONS } from './json-patch.ts';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

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

describe('RFC 6902 appendix A examples', () => {
  it('A.1 adds an object member', () => {
    expect(applied({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }])).toEqual({
      baz: 'qux',
      foo: 'bar',
    });
  });
  it('A.2 adds an array element', () => {
    expect(applied({ foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }])).toEqual({
      foo: ['bar', 'qux', 'baz'],
    });
  });
  it('A.3 removes an object member', () => {
    expect(applied({ baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }])).toEqual({ foo: 'bar' });
  });
  it('A.4 removes an array element', () => {
    expect(applied({ foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }])).toEqual({
      foo: ['bar', 'baz'],
    });
  });
  it('A.5 replaces a value', () => {
    expect(applied({ baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }])).toEqual({
      baz: 'boo',
      foo: 'bar',
    });
  });
  it('A.6 moves a value', () => {
    const doc = { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } };
    expect(applied(doc, [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }])).toEqual({
      foo: { bar: 'baz' },
      qux: { corge: 'grault', thud: 'fred' },
    });
  });
  it('A.7 moves an array element', () => {
    const doc = { foo: ['all', 'grass', 'cows', 'eat'] };
    expect(applied(doc, [{ op: 'move', from: '/foo/1', path: '/foo/3' }])).toEqual({
      foo: ['all', 'cows', 'eat', 'grass'],
    });
  });
  it('A.8 tests a value: success', () => {
    const doc = { baz: 'qux', foo: ['a', 2, 'c'] };
    const ops = [
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 },
    ];
    expect(applied(doc, ops)).toEqual(doc);
  });
  it('A.9 tests a value: error', () => {
    const error = failure({ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }]);
    expect(error).toEqual({ index: 0, path: '/baz', message: 'test failed: /baz is "qux", expected "bar"' });
  });
  it('A.10 adds a nested member object', () => {
    expect(applied({ foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }])).toEqual({
      foo: 'bar',
      child: { grandchild: {} },
    });
  });
  it('A.11 ignores unrecognized members of an operation', () => {
    expect(applied({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }])).toEqual({
      foo: 'bar',
      baz: 'qux',
    });
  });
  it('A.12 refuses adding to a nonexistent target', () => {
    expect(failure({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }])).toEqual({
      index: 0,
      path: '/baz/bat',
      message: '/baz does not exist',
    });
  });
  // A.13 (an operation with two "op" members) cannot be written as a JavaScript object; an
  // operation without a valid "op" is the closest case and is refused below.
  it('A.14 decodes ~01 as ~1, not /', () => {
    expect(applied({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }])).toEqual({
      '/': 9,
      '~1': 10,
    });
  });
  it('A.15 does not equate strings and numbers', () => {
    expect(failure({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }]).message).toBe(
      'test failed: /~01 is 10, expected "10"',
    );
  });
  it('A.16 appends an array value with -', () => {
    expect(applied({ foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }])).toEqual({
      foo: ['bar', ['abc', 'def']],
    });
  });
});

describe('operations that cannot apply fail cleanly', () => {
  const doc = { list: ['a', 'b'], obj: { x: 1 }, text: 'hi' };
  it.each([
    ['remove a missing member', [{ op: 'remove', path: '/obj/y' }], '/obj/y does not exist'],
    ['replace a missing member', [{ op: 'replace', path: '/nope', value: 1 }], '/nope does not exist'],
    [
      'remove past the end',
      [{ op: 'remove', path: '/list/2' }],
      '/list/2 does not exist: the array has 2 item(s)',
    ],
    [
      'add past the end',
      [{ op: 'add', path: '/list/3', value: 'x' }],
      '/list/3 does not exist: the array has 2 item(s)',
    ],
    [
      'an index with a leading zero',
      [{ op: 'replace', path: '/list/01', value: 'x' }],
      '/list/01: "01" is not an array index',
    ],
    [
      'replace "-"',
      [{ op: 'replace', path: '/list/-', value: 'x' }],
      expect.stringContaining('can only be the target'),
    ],
    [
      'walk into a string',
      [{ op: 'add', path: '/text/0/x', value: 1 }],
      expect.stringContaining('/text is "hi"'),
    ],
    [
      'remove the whole document',
      [{ op: 'remove', path: '' }],
      'cannot remove the whole document (replace it instead)',
    ],
    ['copy from nowhere', [{ op: 'copy', from: '/missing', path: '/x' }], '/missing does not exist'],
    [
      'move into its own child',
      [{ op: 'move', from: '/obj', path: '/obj/inner' }],
      'cannot move /obj into its own child /obj/inner',
    ],
    [
      'move the root into a child',
      [{ op: 'move', from: '', path: '/obj/x' }],
      expect.stringContaining('into its own child'),
    ],
  ])('%s', (_name, ops, message) => {
    expect(failure(doc, ops).message).toEqual(message);
  });

  it('reports the index of the failing operation and applies nothing', () => {
    const ops = [
      { op: 'add', path: '/obj/y', value: 2 },
      { op: 'test', path: '/obj/x', value: 2 },
    ];
    expect(failure(doc, ops)).toEqual({
      index: 1,
      path: '/obj/x',
      message: 'test failed: /obj/x is 1, expected 2',
    });
  });

  it.each([
    ['ops that are not an array', { op: 'add' }, -1],
    ['an unknown op', [{ op: 'merge', path: '/a', value: 1 }], 0],
    ['add without a value', [{ op: 'add', path: '/a' }], 0],
    ['a value that is not JSON', [{ op: 'add', path: '/a', value: () => 1 }], 0],
    ['a NaN value', [{ op: 'test', path: '/a', value: Number.NaN }], 0],
    ['move without from', [{ op: 'move', path: '/a' }], 0],
  ])('refuses %s before applying anything', (_name, ops, index) => {
    expect(failure(doc, ops).index).toBe(index);
  });

  it('names the member of a bad operation', () => {
    expect(failure(doc, [{ op: 'add', path: '/a' }]).message).toBe('value is required');
    expect(failure(doc, [{ op: 'add', path: '/a', value: [{ n: Number.NaN }] }]).message).toBe(
      'value at /0/n is NaN, not a JSON number',
    );
    expect(failure(doc, { op: 'add' }).message).toBe('the patch must be an array of operations');
    expect(failure(doc, [{ op: 'merge', path: '/a' }]).message).toBe(
      'op must be one of add, remove, replace, move, copy, test',
    );
  });

  it(`allows ${MAX_PATCH_OPERATIONS} operations and refuses one more`, () => {
    const ops = Array.from({ length: MAX_PATCH_OPERATIONS }, () => ({
      op: 'add',
      path: '/list/-',
      value: 1,
    }));
    expect((applied(doc, ops) as { list: unknown[] }).list).toHaveLength(2 + MAX_PATCH_OPERATIONS);
    const error = failure(doc, [...ops, ops[0]]);
    expect(error).toEqual({
      index: -1,
      path: '',
      message: `the patch must have at most ${MAX_PATCH_OPERATIONS} operations`,
    });
  });

  it('refuses a document that is not JSON', () => {
    expect(failure({ when: new Date(0) }, []).message).toBe(
      'the document at /when is a non-plain object, not a JSON value',
    );
  });
});

describe('inputs are never changed', () => {
  it('applies every kind of operation to a frozen document and frozen operations', () => {
    const doc = deepFreeze({ a: { b: [1, 2, { c: 3 }] }, d: 'x', e: { f: true } });
    const before = structuredClone(doc);
    const ops = deepFreeze([
      { op: 'add', path: '/a/b/1', value: { n: 1 } },
      { op: 'replace', path: '/a/b/3/c', value: 4 },
      { op: 'move', from: '/e', path: '/a/e' },
      { op: 'copy', from: '/a/b', path: '/copied' },
      { op: 'remove', path: '/d' },
      { op: 'test', path: '/a/e/f', value: true },
    ]);
    expect(applied(doc, ops)).toEqual({
      a: { b: [1, { n: 1 }, 2, { c: 4 }], e: { f: true } },
      copied: [1, { n: 1 }, 2, { c: 4 }],
    });
    expect(doc).toEqual(before);
  });

  it('gives values that share nothing with the operations or each other', () => {
    const value = { list: [1] };
    const ops = [
      { op: 'add', path: '/v', value },
      { op: 'copy', from: '/v', path: '/w' },
      { op: 'add', path: '/w/list/-', value: 2 },
    ];
    const result = applied({}, ops) as { v: { list: number[] }; w: { list: number[] } };
    expect(result).toEqual({ v: { list: [1] }, w: { list: [1, 2] } });
    result.v.list.push(9);
    expect(value.list).toEqual([1]);
  });

  it('shares the branches a patch does not touch', () => {
    const doc = { touched: { x: 1 }, untouched: { y: [1, 2] } };
    const result = applied(doc, [{ op: 'replace', path: '/touched/x', value: 2 }]) as typeof doc;
    expect(result.untouched).toBe(doc.untouched);
    expect(result.touched).not.toBe(doc.touched);
  });

  it('replaces and tests the whole document with ""', () => {
    expect(applied({ a: 1 }, [{ op: 'replace', path: '', value: [1] }])).toEqual([1]);
    expect(applied('text', [{ op: 'test', path: '', value: 'text' }])).toBe('text');
  });

  it('moves a value onto itself as a no-op', () => {
    expect(applied({ a: [1, 2] }, [{ op: 'move', from: '/a/0', path: '/a/0' }])).toEqual({ a: [1, 2] });
  });

  it('infers the operation type from the schema', () => {
    const parsed = JsonPatch.parse([{ op: 'copy', from: '/a', path: '/b', extra: 1 }]);
    expect(parsed).toEqual([{ op: 'copy', from: '/a', path: '/b' }]);
  });
});
