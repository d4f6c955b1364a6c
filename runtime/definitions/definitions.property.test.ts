import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Definition, diffDefinitions, patchDefinition, validateDefinition } from './index.ts';
import { applyJsonPatch } from './json-patch.ts';
import { type JsonValue, jsonEqual } from './json-patch-value.ts';

// Property tests over the shipped examples: whatever a person, an agent or a bad import does to a
// definition, validation answers (ok, or issues with paths) and never throws; and diff + patch
// agree for any pair of definitions of one kind.

const dir = new URL('../../schemas/examples/', import.meta.url);
const examples = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Definition);

const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 10 }),
  fc.constantFrom(
    '',
    'record.',
    'record.nope > 1',
    '(((',
    'steps.x.y',
    'title',
    'todo',
    '*',
    '__proto__',
    'a'.repeat(3000),
  ),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
);

/** Replaces or deletes the value at a random path of a copy. */
function mutate(doc: unknown, picks: number[], value: unknown): unknown {
  const copy = structuredClone(doc) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (let depth = 0; depth < picks.length; depth++) {
    const keys = Object.keys(node);
    if (keys.length === 0) return copy;
    const key = keys[picks[depth]! % keys.length]!;
    const child = node[key];
    if (depth === picks.length - 1 || typeof child !== 'object' || child === null) {
      if (value === undefined && !Array.isArray(node)) delete node[key];
      else node[key] = value;
      return copy;
    }
    node = child as Record<string, unknown>;
  }
  return copy;
}

const mutation = fc.tuple(
  fc.nat(examples.length - 1),
  fc.array(fc.nat(40), { minLength: 1, maxLength: 8 }),
  anyValue,
);

describe('definitions under random mutation', () => {
  it('every example is valid as shipped', () => {
    for (const example of examples) {
      const result = validateDefinition(example);
      expect(
        result.ok ? [] : result.errors,
        example.kind === 'code' ? example.spec.title : example.name,
      ).toEqual([]);
    }
  });

  it('validation never throws and every issue has a path and a message', () => {
    fc.assert(
      fc.property(mutation, fc.nat(3), ([which, picks, value], rounds) => {
        let doc: unknown = examples[which]!;
        for (let i = 0; i <= rounds; i++) doc = mutate(doc, picks.slice(i), value);
        const result = validateDefinition(doc);
        if (result.ok) return true;
        return (
          result.errors.length > 0 && result.errors.every((e) => e.path.length > 0 && e.message.length > 0)
        );
      }),
      { numRuns: 500 },
    );
  });

  it('patch(a, diff(a, b)) equals b for pairs of examples of one kind, mutated or not', () => {
    const byKind = (kind: string) => examples.filter((e) => e.kind === kind);
    const pair = fc
      .constantFrom('app', 'workflow', 'code')
      .chain((kind) => fc.tuple(fc.constantFrom(...byKind(kind)), fc.constantFrom(...byKind(kind))));
    fc.assert(
      fc.property(
        pair,
        fc.array(fc.nat(40), { minLength: 1, maxLength: 6 }),
        anyValue,
        ([a, b], picks, value) => {
          const mutated = mutate(b, picks, value) as Definition;
          const target = JSON.parse(JSON.stringify(mutated)) as Definition;
          const { patch } = diffDefinitions(a, target);
          const applied = applyJsonPatch(a, patch);
          return applied.ok && jsonEqual(applied.value, target as unknown as JsonValue);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a patch that breaks a definition is refused with the reason, and the input is unchanged', () => {
    const app = examples.find((e) => e.kind === 'app')!;
    const before = JSON.stringify(app);
    const result = patchDefinition(app, [{ op: 'replace', path: '/views/0/tableId', value: 'nowhere' }]);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toContainEqual({
        path: 'views[0].tableId',
        message: 'there is no table "nowhere"',
      });
    const bad = patchDefinition(app, [{ op: 'remove', path: '/tables/99' }]);
    expect(bad.ok ? null : bad.errors[0]!.path).toBe('patch[0]');
    expect(JSON.stringify(app)).toBe(before);
  });
});
