import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppDefinition, CodeBundle, WorkflowDefinition } from './definitions.ts';
import { type DefinitionKind, definitionJsonSchema } from './json-schema.ts';

// Agents answer through forced tool calls whose input schema is this JSON Schema, and Zod checks
// the answer. So the JSON Schema must accept every definition Zod accepts, and reject the
// mistakes it can express (wrong types, unknown or missing fields, unknown enum values).

const ZOD = { app: AppDefinition, workflow: WorkflowDefinition, code: CodeBundle } as const;
const ajv = new Ajv2020({ strict: false, allErrors: false });
const validators = {
  app: ajv.compile(definitionJsonSchema('app')),
  workflow: ajv.compile(definitionJsonSchema('workflow')),
  code: ajv.compile(definitionJsonSchema('code')),
};

const dir = new URL('./examples/', import.meta.url);
const examples = readdirSync(dir)
  .filter((file) => /\.(app|workflow|code)\.json$/.test(file))
  .map((file) => ({
    file,
    kind: file.split('.').at(-2) as DefinitionKind,
    value: JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as unknown,
  }));

const verdicts = (kind: DefinitionKind, value: unknown) => ({
  zod: ZOD[kind].safeParse(value).success,
  json: validators[kind](value) as boolean,
});

/** Sets `value` at a random place of a copy of `doc` (or deletes what is there). */
function mutate(doc: unknown, picks: number[], replacement: unknown): unknown {
  const copy = structuredClone(doc);
  let node = copy as Record<string, unknown> | unknown[];
  for (let depth = 0; depth < picks.length; depth++) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[picks[depth]! % keys.length]!;
    const child = (node as Record<string, unknown>)[key];
    const last = depth === picks.length - 1 || typeof child !== 'object' || child === null;
    if (last) {
      if (replacement === undefined && !Array.isArray(node)) delete (node as Record<string, unknown>)[key];
      else (node as Record<string, unknown>)[key] = replacement;
      break;
    }
    node = child as Record<string, unknown>;
  }
  return copy;
}

describe('JSON Schema export', () => {
  it('has examples to check against', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(examples.map((e) => [e.file, e] as const))('accepts %s, as Zod does', (_file, example) => {
    expect(verdicts(example.kind, example.value)).toEqual({ zod: true, json: true });
  });

  it('rejects what both can tell is wrong', () => {
    const app = examples.find((e) => e.kind === 'app')!.value as Record<string, unknown>;
    const wrong = [
      { ...app, themeColor: 42 },
      { ...app, unknownKey: true },
      { ...app, kind: 'apps' },
      { ...app, tables: [] },
      Object.fromEntries(Object.entries(app).filter(([key]) => key !== 'access')),
    ];
    for (const value of wrong) expect(verdicts('app', value)).toEqual({ zod: false, json: false });
  });

  it('never refuses a definition Zod accepts, under random mutations of every example', () => {
    const replacement = fc.oneof(
      fc.constant(undefined),
      fc.string({ maxLength: 12 }),
      fc.integer({ min: -5, max: 500 }),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom('text', 'number', 'list', 'kanban', 'webhook', 'call_api', 'and', 'eq', 'all', 'a_b'),
    );
    fc.assert(
      fc.property(
        fc.nat(examples.length - 1),
        fc.array(fc.nat(50), { minLength: 1, maxLength: 6 }),
        replacement,
        (which, picks, value) => {
          const example = examples[which]!;
          const verdict = verdicts(example.kind, mutate(example.value, picks, value));
          return !verdict.zod || verdict.json;
        },
      ),
      { numRuns: 400 },
    );
  });
});
