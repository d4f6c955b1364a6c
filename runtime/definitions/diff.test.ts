import { describe, expect, it } from 'vitest';
import { AppDefinition, CodeBundle, WorkflowDefinition } from '../../schemas/definitions.ts';
import { intakeWorkflow, recipesApp, unitsBundle } from './diff.fixtures.ts';
import { type Definition, diffDefinitions } from './diff.ts';
import { applyJsonPatch } from './json-patch.ts';

/** Diffs a against b, checking on the way that the patch turns a into b exactly. */
function diff<T extends Definition>(a: T, b: T) {
  const result = diffDefinitions(a, b);
  expect(applyJsonPatch(a, result.patch)).toEqual({ ok: true, value: b });
  return result;
}

function summaries<T extends Definition>(a: T, edit: (b: T) => void): string[] {
  const b = structuredClone(a);
  edit(b);
  return diff(a, b).changes.map((change) => change.summary);
}

describe('fixtures', () => {
  it('are valid definitions', () => {
    expect(AppDefinition.parse(recipesApp())).toEqual(recipesApp());
    expect(WorkflowDefinition.parse(intakeWorkflow())).toEqual(intakeWorkflow());
    expect(CodeBundle.parse(unitsBundle())).toEqual(unitsBundle());
  });
  it('have no changes and an empty patch against themselves', () => {
    for (const definition of [recipesApp(), intakeWorkflow(), unitsBundle()]) {
      expect(diffDefinitions(definition, structuredClone(definition))).toEqual({ changes: [], patch: [] });
    }
  });
});

describe('code bundle', () => {
  const bundle = unitsBundle();

  it('tells files and tests by path, and a moved file with the same content as renamed', () => {
    const result = diff(bundle, {
      ...bundle,
      files: [
        { path: 'src/index.ts', content: "export * from './cups.ts';\n" },
        { path: 'src/cups.ts', content: bundle.files[1]!.content },
        { path: 'src/grams.ts', content: 'export {};\n' },
      ],
      tests: [...bundle.tests, { path: 'src/grams.test.ts', content: 'export {};\n' }],
    });
    expect(result.changes.map(({ kind, entity, path, summary }) => [kind, entity, path, summary])).toEqual([
      ['renamed', 'file', 'files[1]', 'file src/volume.ts renamed to src/cups.ts'],
      ['added', 'file', 'files[2]', 'file src/grams.ts added'],
      ['changed', 'file', 'files[0]', 'file src/index.ts changed'],
      ['added', 'test', 'tests[1]', 'test src/grams.test.ts added'],
    ]);
    expect(summaries(bundle, (b) => b.files.pop())).toEqual(['file src/volume.ts removed']);
  });

  it('tells the spec section by section', () => {
    expect(
      summaries(bundle, (b) => {
        b.spec.title = 'Kitchen units';
        b.spec.sections.requirements.push('Converts grams');
        b.spec.sections.outOfScope = 'Temperatures.';
      }),
    ).toEqual([
      'spec title changed from "Unit converter" to "Kitchen units"',
      'spec requirements changed',
      'spec out of scope set to "Temperatures."',
    ]);
  });
});

describe('definitions of different kinds', () => {
  it('are one change, kind changed, and a patch that replaces the document', () => {
    const [a, b] = [recipesApp(), intakeWorkflow()];
    expect(diff<Definition>(a, b)).toEqual({
      changes: [
        {
          kind: 'changed',
          entity: 'workflow',
          path: '(root)',
          summary: 'kind changed from app to workflow',
          before: 'app',
          after: 'workflow',
        },
      ],
      patch: [{ op: 'replace', path: '', value: b }],
    });
  });
});

describe('inputs', () => {
  it('are never changed, and the patch shares nothing with them', () => {
    const [a, b] = [recipesApp(), recipesApp()];
    b.tables.push({
      id: 'menus',
      label: 'Menus',
      primaryFieldId: 'name',
      fields: [{ id: 'name', label: 'Name', type: 'text' }],
    });
    const result = diffDefinitions(Object.freeze(a), Object.freeze(b));
    expect([a, b]).toEqual([recipesApp(), { ...recipesApp(), tables: b.tables }]);
    const add = result.patch.find((op) => op.op === 'add');
    expect(add && 'value' in add && add.value).not.toBe(b.tables[2]);
  });

  it('give a coarse but exact patch when the fine one would pass the operation limit', () => {
    // 200 tables whose every field is renamed: more than 1,000 fine operations, still a valid shape.
    const a = recipesApp();
    const template = a.tables[0]!;
    a.tables = Array.from({ length: 200 }, (_, t) => ({
      ...structuredClone(template),
      id: `t${t}`,
      label: `Table ${t}`,
    }));
    const b = structuredClone(a);
    for (const table of b.tables) {
      table.label = `${table.label} (renamed)`;
      table.description = 'renamed everything';
      for (const field of table.fields) field.label = `${field.label} (renamed)`;
    }
    const renames = a.tables.length * (template.fields.length + 1);
    expect(renames + a.tables.length).toBeGreaterThan(1000);
    const result = diff(a, b);
    expect(result.patch).toEqual([{ op: 'replace', path: '/tables', value: b.tables }]);
    expect(result.changes.filter((change) => change.kind === 'renamed')).toHaveLength(renames);
  });
});
