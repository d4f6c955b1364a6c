import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonDiffPatch } from './diff-json.ts';
import { longestIncreasingRun } from './diff-list.ts';
import { applyJsonPatch } from './json-patch.ts';
import type { JsonValue } from './json-patch-value.ts';

function patched(a: unknown, b: unknown): unknown {
  const result = applyJsonPatch(a, jsonDiffPatch(a, b));
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe('jsonDiffPatch', () => {
  it('gives no operations for equal documents, whatever their key order', () => {
    expect(jsonDiffPatch({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toEqual([]);
  });

  it('patches object members one by one', () => {
    expect(jsonDiffPatch({ keep: 1, drop: 2, edit: 'x' }, { keep: 1, edit: 'y', fresh: [] })).toEqual([
      { op: 'remove', path: '/drop' },
      { op: 'replace', path: '/edit', value: 'y' },
      { op: 'add', path: '/fresh', value: [] },
    ]);
  });

  it('escapes ~ and / in member names', () => {
    expect(jsonDiffPatch({ 'a/b': 1, 'm~n': 1 }, { 'a/b': 2, 'm~n': 2 })).toEqual([
      { op: 'replace', path: '/a~1b', value: 2 },
      { op: 'replace', path: '/m~0n', value: 2 },
    ]);
  });

  it('treats an undefined member as absent, as JSON does', () => {
    expect(jsonDiffPatch({ a: 1, b: undefined }, { a: 1 })).toEqual([]);
    expect(jsonDiffPatch({ a: 1 }, { a: 1, b: undefined })).toEqual([]);
    expect(jsonDiffPatch({ a: undefined }, { a: 2 })).toEqual([{ op: 'add', path: '/a', value: 2 }]);
  });

  it('replaces the whole document when its type changes', () => {
    expect(jsonDiffPatch({ a: 1 }, [1])).toEqual([{ op: 'replace', path: '', value: [1] }]);
  });

  it('inserts into a plain array with one add, keeping the common items in place', () => {
    expect(jsonDiffPatch(['a', 'b', 'c'], ['a', 'x', 'b', 'c'])).toEqual([
      { op: 'add', path: '/1', value: 'x' },
    ]);
    expect(jsonDiffPatch(['a', 'b', 'c'], ['a', 'c'])).toEqual([{ op: 'remove', path: '/1' }]);
  });

  it('patches inside a plain array item that changed in place', () => {
    expect(jsonDiffPatch([{ n: 1 }, { n: 2 }, 'z'], [{ n: 1 }, { n: 3 }, 'z'])).toEqual([
      { op: 'replace', path: '/1/n', value: 3 },
    ]);
  });

  it('matches items by id: a reorder is one move, an edit is patched at the new index', () => {
    const a = [
      { id: 'p', v: 1 },
      { id: 'q', v: 1 },
      { id: 'r', v: 1 },
    ];
    const b = [
      { id: 'r', v: 2 },
      { id: 'p', v: 1 },
      { id: 'q', v: 1 },
    ];
    expect(jsonDiffPatch(a, b)).toEqual([
      { op: 'move', from: '/2', path: '/0' },
      { op: 'replace', path: '/0/v', value: 2 },
    ]);
  });

  it('falls back to positions when ids repeat', () => {
    const a = [{ id: 'p' }, { id: 'p', v: 1 }];
    const b = [{ id: 'p', v: 1 }];
    expect(patched(a, b)).toEqual(b);
  });
});

describe('longestIncreasingRun', () => {
  it('keeps the most items in place', () => {
    expect([...longestIncreasingRun([3, 0, 1, 2])].sort()).toEqual([0, 1, 2]);
    expect(longestIncreasingRun([]).size).toBe(0);
  });
});

// Small vocabularies make the two sides share structure, so the diff has real work to do.
const key = fc.constantFrom('a', 'b', 'c', 'id', 'x/y', 'm~n', '', '0', '-');
const { json } = fc.letrec<{
  json: JsonValue;
  scalar: JsonValue;
  array: JsonValue;
  object: JsonValue;
  keyed: JsonValue;
}>((tie) => ({
  json: fc.oneof({ depthSize: 'small' }, tie('scalar'), tie('array'), tie('object'), tie('keyed')),
  scalar: fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -2, max: 2 }),
    fc.constantFrom('p', 'q', ''),
  ),
  array: fc.array(tie('json'), { maxLength: 5 }),
  object: fc.dictionary(key, tie('json'), { maxKeys: 4, noNullPrototype: true }),
  keyed: fc.uniqueArray(fc.record({ id: fc.constantFrom('i1', 'i2', 'i3', 'i4', 'i5'), v: tie('json') }), {
    selector: (item) => item.id,
    maxLength: 5,
  }),
}));

/** `doc` with one part, chosen by `choices`, replaced by `fresh`, removed, or given a new sibling. */
function mutate(doc: JsonValue, choices: number[], fresh: JsonValue): JsonValue {
  const [choice = 0, ...rest] = choices;
  if (Array.isArray(doc) && doc.length && rest.length) {
    const index = choice % doc.length;
    const copy = doc.slice();
    if (choice % 5 === 0) copy.splice(index, 1);
    else if (choice % 5 === 1) copy.splice(index, 0, fresh);
    else if (choice % 5 === 2) copy.reverse();
    else copy[index] = mutate(doc[index]!, rest, fresh);
    return copy;
  }
  if (doc && typeof doc === 'object' && !Array.isArray(doc) && rest.length) {
    const keys = Object.keys(doc);
    if (!keys.length) return { a: fresh };
    const name = keys[choice % keys.length]!;
    const copy = { ...doc };
    if (choice % 4 === 0) delete copy[name];
    else copy[name] = mutate(doc[name]!, rest, fresh);
    return copy;
  }
  return fresh;
}

const pairs = fc.oneof(
  fc.tuple(json, json),
  fc
    .tuple(json, fc.array(fc.nat(20), { minLength: 1, maxLength: 6 }), json)
    .map(([a, choices, fresh]): [JsonValue, JsonValue] => [a, mutate(a, choices, fresh)]),
);

describe('jsonDiffPatch properties', () => {
  it('applyJsonPatch(a, jsonDiffPatch(a, b)) equals b, without touching a or b', () => {
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        const [aText, bText] = [JSON.stringify(a), JSON.stringify(b)];
        const ops = jsonDiffPatch(a, b);
        const result = applyJsonPatch(a, ops);
        expect(result).toEqual({ ok: true, value: b });
        expect([JSON.stringify(a), JSON.stringify(b)]).toEqual([aText, bText]);
      }),
      { numRuns: 300 },
    );
  });

  it('gives an empty patch for a document and its copy', () => {
    fc.assert(
      fc.property(json, (a) => {
        expect(jsonDiffPatch(a, structuredClone(a))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
