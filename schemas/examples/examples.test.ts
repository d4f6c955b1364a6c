import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  AppDefinition,
  AutomationAction,
  ChartView,
  CodeBundle,
  Field,
  Trigger,
  View,
  WorkflowDefinition,
} from '../definitions.ts';

// The examples are the studio's templates and the agents' references, so each one must parse with
// the same schema a definition written by hand or by an agent goes through, and together the apps
// must show every field type and view kind the schemas offer (a new one fails here until an
// example uses it).

const folder = fileURLToPath(new URL('.', import.meta.url));

function load(suffix: string) {
  return readdirSync(folder)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => ({ name, json: JSON.parse(readFileSync(join(folder, name), 'utf8')) as unknown }));
}

const appFiles = load('.app.json');
const workflowFiles = load('.workflow.json');
const codeFiles = load('.code.json');

/** The literal values a discriminated union's members carry in `key` (e.g. every field `type`). */
function discriminators(union: { options: readonly { shape: Record<string, unknown> }[] }, key: string) {
  return union.options.map((option) => {
    const values = (option.shape[key] as { values: Set<string> }).values;
    return [...values][0]!;
  });
}

function issuesOf(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) {
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const apps = appFiles.map(({ name, json }) => {
  const parsed = AppDefinition.safeParse(json);
  return { name, parsed, app: parsed.success ? parsed.data : undefined };
});
const parsedApps = apps.flatMap(({ app }) => (app ? [app] : []));
const allTables = parsedApps.flatMap((app) => app.tables);
const allFields = allTables.flatMap((table) => table.fields);
const allViews = parsedApps.flatMap((app) => app.views);

describe('example app definitions', () => {
  it('has at least six apps', () => {
    expect(appFiles.length).toBeGreaterThanOrEqual(6);
  });

  it.each(appFiles.map(({ name }) => name))('%s parses with AppDefinition', (name) => {
    const { parsed } = apps.find((entry) => entry.name === name)!;
    expect(issuesOf(parsed)).toEqual([]);
  });

  it('each slug matches its file name', () => {
    for (const { name, app } of apps) if (app) expect(`${app.slug}.app.json`).toBe(name);
  });

  it('uses every field type across the apps', () => {
    const used = new Set(allFields.map((field) => field.type));
    const missing = discriminators(Field, 'type').filter((type) => !used.has(type as never));
    expect(missing).toEqual([]);
  });

  it('uses every relation cardinality, each with an inverse field', () => {
    const withInverse = new Set(
      allFields.flatMap((field) =>
        field.type === 'relation' && field.inverseFieldId ? [field.cardinality] : [],
      ),
    );
    expect([...withInverse].sort()).toEqual(['many_to_many', 'many_to_one', 'one_to_many']);
  });

  it('uses every view kind and every chart type across the apps', () => {
    const kinds = new Set(allViews.map((view) => view.kind));
    expect(discriminators(View, 'kind').filter((kind) => !kinds.has(kind as never))).toEqual([]);
    const chartTypes = new Set(allViews.flatMap((view) => (view.kind === 'chart' ? [view.chartType] : [])));
    expect(ChartView.shape.chartType.options.filter((type) => !chartTypes.has(type))).toEqual([]);
  });

  it('shows the richer view features: filter + sort + group, related lists, conditional fields', () => {
    expect(allViews.some((v) => v.kind === 'list' && v.filter && v.sort?.length && v.groupByFieldId)).toBe(
      true,
    );
    expect(allViews.some((v) => v.kind === 'detail' && (v.relatedLists?.length ?? 0) > 0)).toBe(true);
    expect(allViews.some((v) => v.kind === 'form' && (v.visibility?.length ?? 0) > 0)).toBe(true);
  });

  it('has a kanban over a state machine with guarded, role-restricted transitions', () => {
    const kanbanOnStateField = parsedApps.some((app) =>
      app.views.some(
        (view) =>
          view.kind === 'kanban' &&
          app.tables.find((table) => table.id === view.tableId)?.stateMachine?.fieldId ===
            view.groupByFieldId,
      ),
    );
    expect(kanbanOnStateField).toBe(true);
    const transitions = allTables.flatMap((table) => table.stateMachine?.transitions ?? []);
    expect(transitions.some((t) => t.guard && t.roles?.length)).toBe(true);
    expect(allTables.some((table) => (table.validationRules?.length ?? 0) > 0)).toBe(true);
  });

  it('uses every access level, own-row scope and hidden fields', () => {
    const levels = new Set(parsedApps.map((app) => app.access.level));
    expect([...levels].sort()).toEqual(['invite_only', 'private', 'public']);
    const roles = parsedApps.flatMap((app) => app.access.roles);
    expect(roles.some((role) => role.tables.some((permission) => permission.rowScope === 'own'))).toBe(true);
    expect(roles.some((role) => (role.hiddenFields?.length ?? 0) > 0)).toBe(true);
  });

  it('uses every automation action, notify channel and recipient kind', () => {
    const actions = parsedApps.flatMap((app) => app.automations.flatMap((automation) => automation.actions));
    expect(new Set(actions.map((a) => a.kind))).toEqual(new Set(discriminators(AutomationAction, 'kind')));
    const notifications = actions.flatMap((a) => (a.kind === 'notify' ? [a] : []));
    expect(new Set(notifications.map((n) => n.channel))).toEqual(new Set(['email', 'in_app']));
    expect(new Set(notifications.map((n) => n.to.kind))).toEqual(new Set(['address', 'field', 'role']));
    expect(new Set(parsedApps.flatMap((app) => app.automations.map((a) => a.trigger.on)))).toEqual(
      new Set(['create', 'update']),
    );
  });
});

describe('example workflow definitions', () => {
  const workflows = workflowFiles.map(({ name, json }) => ({
    name,
    parsed: WorkflowDefinition.safeParse(json),
  }));

  it('has at least four workflows', () => {
    expect(workflowFiles.length).toBeGreaterThanOrEqual(4);
  });

  it.each(workflowFiles.map(({ name }) => name))('%s parses with WorkflowDefinition', (name) => {
    const { parsed } = workflows.find((entry) => entry.name === name)!;
    expect(issuesOf(parsed)).toEqual([]);
  });

  it('uses every trigger kind and every AI task', () => {
    const defs = workflows.flatMap(({ parsed }) => (parsed.success ? [parsed.data] : []));
    expect(new Set(defs.map((def) => def.trigger.kind))).toEqual(new Set(discriminators(Trigger, 'kind')));
    const tasks = new Set(
      defs.flatMap((def) => def.steps.flatMap((step) => (step.kind === 'ai' ? [step.ai.task] : []))),
    );
    expect([...tasks].sort()).toEqual(['classify', 'decide', 'extract', 'summarise']);
  });

  it('names only steps that exist and reaches every step from start', () => {
    for (const { name, parsed } of workflows) {
      if (!parsed.success) continue;
      const def = parsed.data;
      const ids = new Set(def.steps.map((step) => step.id));
      const targets = (step: (typeof def.steps)[number]) => [
        ...(step.next ? [step.next] : []),
        ...(step.onError ? [step.onError] : []),
        ...(step.kind === 'condition'
          ? [...step.branches.map((b) => b.next), ...(step.otherwise ? [step.otherwise] : [])]
          : []),
        ...(step.kind === 'for_each' ? [step.body] : []),
      ];
      const dangling = def.steps.flatMap((step) => targets(step).filter((id) => !ids.has(id)));
      expect(dangling, name).toEqual([]);
      const reached = new Set<string>();
      const queue = [def.start];
      while (queue.length > 0) {
        const id = queue.pop()!;
        const step = def.steps.find((candidate) => candidate.id === id);
        if (!step || reached.has(id)) continue;
        reached.add(id);
        queue.push(...targets(step));
      }
      expect(
        def.steps.map((step) => step.id).filter((id) => !reached.has(id)),
        name,
      ).toEqual([]);
    }
  });
});

describe('example code bundles', () => {
  it('has at least two code bundles', () => {
    expect(codeFiles.length).toBeGreaterThanOrEqual(2);
  });

  it.each(codeFiles.map(({ name }) => name))('%s parses with CodeBundle and tests with Vitest', (name) => {
    const parsed = CodeBundle.safeParse(codeFiles.find((entry) => entry.name === name)!.json);
    expect(issuesOf(parsed)).toEqual([]);
    if (!parsed.success) return;
    expect(parsed.data.files.filter((file) => file.path.endsWith('.ts')).length).toBeGreaterThanOrEqual(2);
    for (const test of parsed.data.tests) expect(test.content, test.path).toMatch(/from 'vitest'/);
  });
});
