import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppDefinition, type FilterGroup, WorkflowDefinition } from '../../schemas/definitions.ts';
import { intakeWorkflow, recipesApp } from './diff.fixtures.ts';
import { type Definition, diffDefinitions } from './diff.ts';
import { applyJsonPatch } from './json-patch.ts';
import { jsonEqual } from './json-patch-value.ts';

type Edit<T> = (draft: T) => void;

/** An edit that fast-check prints by what it does when it reports a counterexample. */
function named<T>(description: string, edit: Edit<T>): Edit<T> {
  return Object.assign(edit, { [fc.toStringMethod]: () => description });
}

/** Reorders `items` by the random `keys` (stable, so equal keys keep their order). */
function reorder<T>(items: T[], keys: number[]): T[] {
  const sorted = items.map((item, index) => ({ item, key: keys[index % keys.length] ?? 0 }));
  return sorted.sort((x, y) => x.key - y.key).map(({ item }) => item);
}

const label = fc.constantFrom('Name', 'Dish', 'Serves', 'Notes', 'Kind of course', 'Quick ones');
const order = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 6 });

const appEdit: fc.Arbitrary<Edit<AppDefinition>> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat(), label).map(([t, f, text]) =>
    named<AppDefinition>(`rename field ${t}/${f} to ${text}`, (app) => {
      const table = app.tables[t % app.tables.length]!;
      table.fields[f % table.fields.length]!.label = text;
    }),
  ),
  fc.tuple(fc.nat(), order).map(([t, keys]) =>
    named<AppDefinition>(`reorder fields of table ${t} by ${keys}`, (app) => {
      const table = app.tables[t % app.tables.length]!;
      table.fields = reorder(table.fields, keys);
    }),
  ),
  fc.tuple(fc.integer({ min: 0, max: 20 }), label).map(([n, text]) =>
    named<AppDefinition>(`add view v${n}`, (app) => {
      if (app.views.some((view) => view.id === `v${n}`)) return;
      app.views.splice(n % (app.views.length + 1), 0, {
        id: `v${n}`,
        label: text,
        kind: 'list',
        tableId: 'recipes',
        columns: ['title'],
        pageSize: 10,
      });
    }),
  ),
  fc.nat().map((v) =>
    named<AppDefinition>(`remove view ${v}`, (app) => {
      if (!app.views.length) return;
      const [gone] = app.views.splice(v % app.views.length, 1);
      app.navigation = app.navigation.filter((item) => item.viewId !== gone!.id);
    }),
  ),
  fc
    .tuple(
      fc.nat(),
      fc.option(fc.tuple(fc.constantFrom('and', 'or'), fc.integer({ min: 1, max: 8 }), fc.boolean())),
    )
    .map(([v, shape]) =>
      named<AppDefinition>(`set filter of view ${v} to ${JSON.stringify(shape)}`, (app) => {
        const view = app.views[v % Math.max(app.views.length, 1)];
        if (view?.kind !== 'list') return;
        if (!shape) {
          delete view.filter;
          return;
        }
        const filter: FilterGroup = {
          combinator: shape[0],
          conditions: [
            { fieldId: 'servings', op: 'gte', value: shape[1] },
            ...(shape[2] ? [{ fieldId: 'course', op: 'in' as const, value: ['main', 'starter'] }] : []),
          ],
        };
        view.filter = filter;
      }),
    ),
  fc.constantFrom('public', 'private', 'invite_only').map((level) =>
    named<AppDefinition>(`set access level ${level}`, (app) => {
      app.access.level = level;
    }),
  ),
  order.map((keys) =>
    named<AppDefinition>(`reorder views by ${keys}`, (app) => {
      app.views = reorder(app.views, keys);
    }),
  ),
  fc.tuple(fc.nat(), label).map(([t, text]) =>
    named<AppDefinition>(`rename table ${t} to ${text}`, (app) => {
      app.tables[t % app.tables.length]!.label = text;
    }),
  ),
);

const workflowEdit: fc.Arbitrary<Edit<WorkflowDefinition>> = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 20 }), fc.nat(), label).map(([n, at, text]) =>
    named<WorkflowDefinition>(`insert step s${n} after step ${at}`, (flow) => {
      const id = `s${n}`;
      if (flow.steps.some((step) => step.id === id)) return;
      const previous = flow.steps[at % flow.steps.length]!;
      const step = {
        id,
        label: text,
        kind: 'ai' as const,
        input: 'trigger.body',
        ai: { task: 'summarise' as const, maxWords: 50 },
      };
      flow.steps.splice(
        flow.steps.indexOf(previous) + 1,
        0,
        previous.next ? { ...step, next: previous.next } : step,
      );
      previous.next = id;
    }),
  ),
  fc
    .tuple(fc.nat(), fc.constantFrom('slack.com', 'hooks.slack.com', 'api.example.com'), label)
    .map(([c, host, text]) =>
      named<WorkflowDefinition>(`change connection ${c}: ${host}, ${text}`, (flow) => {
        const connection = flow.connections[c % Math.max(flow.connections.length, 1)];
        if (!connection) return;
        connection.allowedHosts = [...new Set([...connection.allowedHosts, host])];
        connection.label = text;
      }),
    ),
  fc.integer({ min: 0, max: 5 }).map((n) =>
    named<WorkflowDefinition>(`add connection c${n}`, (flow) => {
      if (flow.connections.some((connection) => connection.id === `c${n}`)) return;
      flow.connections.push({
        id: `c${n}`,
        label: `Service ${n}`,
        provider: 'http',
        auth: { kind: 'none' },
        allowedHosts: ['api.example.com'],
      });
    }),
  ),
  order.map((keys) =>
    named<WorkflowDefinition>(`reorder steps by ${keys}`, (flow) => {
      flow.steps = reorder(flow.steps, keys);
    }),
  ),
  fc.constantFrom('0 8 * * *', '*/5 * * * *').map((cron) =>
    named<WorkflowDefinition>(`cron trigger ${cron}`, (flow) => {
      flow.trigger = { kind: 'cron', cron, timezone: 'UTC' };
    }),
  ),
);

function edited<T>(base: () => T, edits: Edit<T>[]): T {
  const draft = base();
  for (const edit of edits) edit(draft);
  return draft;
}

function checkPair<T extends Definition>(a: T, b: T, schema: { parse: (value: unknown) => unknown }) {
  expect(schema.parse(a)).toEqual(a);
  expect(schema.parse(b)).toEqual(b);
  const { changes, patch } = diffDefinitions(a, b);
  const result = applyJsonPatch(a, patch);
  expect(result).toEqual({ ok: true, value: b });
  expect(changes.length > 0).toBe(!jsonEqual(a, b));
  expect(diffDefinitions(a, structuredClone(a)).changes).toEqual([]);
}

const RUNS = { numRuns: 200 };

describe('diffDefinitions on edited apps', () => {
  it('gives a patch that turns a into b exactly, and no changes between a and itself', () => {
    const edits = fc.array(appEdit, { maxLength: 4 });
    fc.assert(
      fc.property(edits, edits, (first, second) => {
        checkPair(edited(recipesApp, first), edited(recipesApp, second), AppDefinition);
      }),
      RUNS,
    );
  });

  it('tells a reorder of fields as moves only, never as removals and additions', () => {
    fc.assert(
      fc.property(order, (keys) => {
        const a = recipesApp();
        const b = recipesApp();
        b.tables[0]!.fields = reorder(b.tables[0]!.fields, keys);
        const kinds = new Set(diffDefinitions(a, b).changes.map((change) => change.kind));
        expect([...kinds].filter((kind) => kind !== 'moved')).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('diffDefinitions on edited workflows', () => {
  it('gives a patch that turns a into b exactly, and no changes between a and itself', () => {
    const edits = fc.array(workflowEdit, { maxLength: 4 });
    fc.assert(
      fc.property(edits, edits, (first, second) => {
        checkPair(edited(intakeWorkflow, first), edited(intakeWorkflow, second), WorkflowDefinition);
      }),
      RUNS,
    );
  });

  it('tells one inserted step as one added step', () => {
    fc.assert(
      fc.property(workflowEdit, (edit) => {
        const a = intakeWorkflow();
        const b = edited(intakeWorkflow, [edit]);
        const added = diffDefinitions(a, b).changes.filter(
          (change) => change.kind === 'added' && change.entity === 'step',
        );
        expect(added.length).toBe(b.steps.length - a.steps.length);
      }),
      RUNS,
    );
  });
});
