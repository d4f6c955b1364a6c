import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateApp } from '../../../../runtime/definitions/index.ts';
import { AppDefinition, type FieldType, WorkflowDefinition } from '../../../../schemas/definitions.ts';
import type { EditResult } from './edit-result.ts';
import { allExampleApps, allExampleWorkflows, deepFreeze } from './examples.fixture.ts';
import { isPlainFieldType } from './field-defaults.ts';
import {
  addField,
  addStep,
  addTable,
  addView,
  changeFieldType,
  connectRelation,
  connectSteps,
  copyFromApp,
  copyFromWorkflow,
  deleteField,
  deleteStep,
  deleteTable,
  deleteView,
  fieldTypes,
  linksOf,
  moveField,
  pasteIntoApp,
  pasteIntoWorkflow,
  renameField,
  STEP_KINDS,
  setStart,
  setTrigger,
  TRIGGER_KINDS,
  VIEW_KINDS,
} from './index.ts';

// Random sequences of edits over the shipped examples. Whatever a builder does, every edit
// returns a definition with the schema's shape (or a refusal with a reason), never mutates its
// input; and for apps, a valid app stays valid: edits clean up after themselves or refuse.

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;
const plainTypes = fieldTypes().filter(isPlainFieldType) as FieldType[];
const cardinalities = ['many_to_one', 'one_to_many', 'many_to_many'] as const;

type AppEdit = (app: AppDefinition, a: number, b: number, c: number) => EditResult<AppDefinition>;

const appEdits: Record<string, AppEdit> = {
  addTable: (app) => addTable(app),
  addField: (app, a, b) =>
    addField(app, { tableId: pick(app.tables, a).id, spec: { type: pick(plainTypes, b) as never } }),
  renameField: (app, a, b) => {
    const table = pick(app.tables, a);
    return renameField(app, { tableId: table.id, fieldId: pick(table.fields, b).id, label: `Field ${b}` });
  },
  changeFieldType: (app, a, b, c) => {
    const table = pick(app.tables, a);
    return changeFieldType(app, {
      tableId: table.id,
      fieldId: pick(table.fields, b).id,
      spec: { type: pick(plainTypes, c) as never },
    });
  },
  makeRelation: (app, a, b, c) => {
    const table = pick(app.tables, a);
    return changeFieldType(app, {
      tableId: table.id,
      fieldId: pick(table.fields, b).id,
      spec: {
        type: 'relation',
        targetTableId: pick(app.tables, c).id,
        cardinality: pick(cardinalities, b + c),
      },
    });
  },
  moveField: (app, a, b, c) => {
    const table = pick(app.tables, a);
    return moveField(app, { tableId: table.id, fieldId: pick(table.fields, b).id, toIndex: c });
  },
  deleteField: (app, a, b) => {
    const table = pick(app.tables, a);
    return deleteField(app, { tableId: table.id, fieldId: pick(table.fields, b).id });
  },
  deleteTable: (app, a) => deleteTable(app, { tableId: pick(app.tables, a).id }),
  addView: (app, a, b) => addView(app, { tableId: pick(app.tables, a).id, kind: pick(VIEW_KINDS, b) }),
  deleteView: (app, a) =>
    app.views.length ? deleteView(app, { viewId: pick(app.views, a).id }) : addTable(app),
  connectRelation: (app, a, b, c) =>
    connectRelation(app, {
      source: { tableId: pick(app.tables, a).id },
      target: { tableId: pick(app.tables, b).id },
      cardinality: pick(cardinalities, c),
    }),
  copyPaste: (app, a, b) =>
    pasteIntoApp(
      app,
      copyFromApp(app, {
        tables: [pick(app.tables, a).id],
        views: app.views.length ? [pick(app.views, b).id] : [],
      }),
    ),
};

const editStep = fc.tuple(fc.constantFrom(...Object.keys(appEdits)), fc.nat(50), fc.nat(50), fc.nat(50));

describe('app edits over the examples', () => {
  it('keep a valid app valid and its shape intact, and never change their input', () => {
    fc.assert(
      fc.property(
        fc.nat(allExampleApps.length - 1),
        fc.array(editStep, { minLength: 1, maxLength: 6 }),
        (n, steps) => {
          let app = deepFreeze(structuredClone(allExampleApps[n]!));
          for (const [name, a, b, c] of steps) {
            const result = appEdits[name]!(app, a, b, c);
            if (!result.ok) {
              expect(result.reason.length, name).toBeGreaterThan(10);
              continue;
            }
            expect(AppDefinition.safeParse(result.definition).success, name).toBe(true);
            const checked = validateApp(result.definition);
            expect(checked.ok ? [] : checked.errors, `${name}(${a}, ${b}, ${c})`).toEqual([]);
            app = deepFreeze(result.definition);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});

type WorkflowEdit = (
  def: WorkflowDefinition,
  a: number,
  b: number,
  c: number,
) => EditResult<WorkflowDefinition>;

const workflowEdits: Record<string, WorkflowEdit> = {
  addStep: (def, a, b, c) => {
    const from = pick(def.steps, a);
    return addStep(def, {
      kind: pick(STEP_KINDS, b),
      at: { stepId: from.id, link: pick(linksOf(from), c) },
      choices: { record: { appId: 'app', tableId: 'table', fieldId: 'field' } },
    });
  },
  addLoose: (def, _a, b) => addStep(def, { kind: pick(STEP_KINDS, b), choices: { to: def.start } }),
  connect: (def, a, b, c) => {
    const from = pick(def.steps, a);
    return connectSteps(def, { from: from.id, link: pick(linksOf(from), c), to: pick(def.steps, b).id });
  },
  delete: (def, a) => deleteStep(def, { stepId: pick(def.steps, a).id }),
  setStart: (def, a) => setStart(def, { stepId: pick(def.steps, a).id }),
  setTrigger: (def, a) => setTrigger(def, { kind: pick(TRIGGER_KINDS, a) }),
  copyPaste: (def, a, b) =>
    pasteIntoWorkflow(def, copyFromWorkflow(def, [pick(def.steps, a).id, pick(def.steps, b).id])),
};

describe('workflow edits over the examples', () => {
  it('keep the schema’s shape and never change their input', () => {
    const step = fc.tuple(fc.constantFrom(...Object.keys(workflowEdits)), fc.nat(50), fc.nat(50), fc.nat(50));
    fc.assert(
      fc.property(
        fc.nat(allExampleWorkflows.length - 1),
        fc.array(step, { minLength: 1, maxLength: 8 }),
        (n, steps) => {
          let def = deepFreeze(structuredClone(allExampleWorkflows[n]!));
          for (const [name, a, b, c] of steps) {
            const result = workflowEdits[name]!(def, a, b, c);
            if (!result.ok) continue;
            const parsed = WorkflowDefinition.safeParse(result.definition);
            expect(parsed.success ? [] : parsed.error.issues, name).toEqual([]);
            def = deepFreeze(result.definition);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
