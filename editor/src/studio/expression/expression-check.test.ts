import { describe, expect, it } from 'vitest';
import { validateApp } from '../../../../runtime/definitions/index.ts';
import type { AppDefinition } from '../../../../schemas/definitions.ts';
import { exampleApps } from '../model/examples.fixture.ts';
import {
  checkSource,
  type ExpressionPlace,
  errorRange,
  expressionSpec,
  typeWords,
} from './expression-check.ts';

const crm = exampleApps.crmLite;
const recipes = exampleApps.recipeTracker;

/** The validator's messages at exactly `path` (the server's view of one expression). */
function serverMessages(app: AppDefinition, path: string): string[] {
  const result = validateApp(app);
  return result.ok ? [] : result.errors.filter((issue) => issue.path === path).map((issue) => issue.message);
}

function editorMessages(app: AppDefinition, place: ExpressionPlace, source: string): string[] {
  const spec = expressionSpec(app, place);
  if (!spec) throw new Error('no spec');
  const check = checkSource(source, spec);
  return check.ok ? [] : [check.message];
}

function withTable(
  app: AppDefinition,
  tableId: string,
  change: (table: AppDefinition['tables'][number]) => object,
) {
  return {
    ...app,
    tables: app.tables.map((table) => (table.id === tableId ? { ...table, ...change(table) } : table)),
  } as AppDefinition;
}

const WRONG = [
  'record.titel',
  'record.servings + "x"',
  'recrd.title',
  'record.servings >',
  'record.servings',
];

describe('the editor checks an expression exactly as the server validates it', () => {
  it('computed fields, against their result type', () => {
    for (const source of [...WRONG, 'record.prep_time + record.cook_time']) {
      for (const resultType of ['number', 'text'] as const) {
        const app = withTable(recipes, 'recipes', (table) => ({
          fields: table.fields.map((field) =>
            field.id === 'total_minutes' ? { ...field, expression: source, resultType } : field,
          ),
        }));
        const first = serverMessages(app, 'tables[0].fields[9].expression').slice(0, 1);
        expect(editorMessages(app, { kind: 'computed', tableId: 'recipes', resultType }, source)).toEqual(
          first,
        );
      }
    }
  });

  it('validation rules and form visibility, as booleans', () => {
    for (const source of [...WRONG, 'has(record.title)']) {
      const app = withTable(recipes, 'recipes', () => ({
        validationRules: [{ id: 'r', expression: source, message: 'No.' }],
      }));
      expect(editorMessages(app, { kind: 'rule', tableId: 'recipes' }, source)).toEqual(
        serverMessages(app, 'tables[0].validationRules[0].expression').slice(0, 1),
      );
      expect(editorMessages(app, { kind: 'visibility', tableId: 'recipes' }, source)).toEqual(
        editorMessages(app, { kind: 'rule', tableId: 'recipes' }, source),
      );
    }
  });

  it('state-machine guards', () => {
    const deals = crm.tables.findIndex((table) => table.id === 'deals');
    for (const source of ['size(record.contacts) > 0', 'record.amount', 'record.amont > 1']) {
      const app = withTable(crm, 'deals', (table) => ({
        stateMachine: {
          ...table.stateMachine!,
          transitions: table.stateMachine!.transitions.map((t, i) => (i === 0 ? { ...t, guard: source } : t)),
        },
      }));
      expect(editorMessages(app, { kind: 'guard', tableId: 'deals' }, source)).toEqual(
        serverMessages(app, `tables[${deals}].stateMachine.transitions[0].guard`).slice(0, 1),
      );
    }
  });

  it('automation conditions see `previous` only on update', () => {
    const source = 'record.stage == "won" && previous.stage != "won"';
    expect(editorMessages(crm, { kind: 'condition', tableId: 'deals', trigger: 'update' }, source)).toEqual(
      [],
    );
    const onCreate = {
      ...crm,
      automations: [{ ...crm.automations[0]!, trigger: { on: 'create' as const } }],
    };
    expect(
      editorMessages(onCreate, { kind: 'condition', tableId: 'deals', trigger: 'create' }, source),
    ).toEqual(serverMessages(onCreate, 'automations[0].condition').slice(0, 1));
    expect(serverMessages(onCreate, 'automations[0].condition')).not.toEqual([]);
  });

  it('update assignments, typed by the field they set (through a relation too)', () => {
    const place: ExpressionPlace = {
      kind: 'assignment',
      tableId: 'cook_log',
      trigger: 'create',
      target: { relationFieldId: 'recipe', fieldId: 'favorite' },
    };
    expect(editorMessages(recipes, place, 'true')).toEqual([]);
    const app = {
      ...recipes,
      automations: recipes.automations.map((a) =>
        a.id === 'five_stars_make_a_favourite'
          ? {
              ...a,
              actions: [
                {
                  kind: 'update_record' as const,
                  target: { relationFieldId: 'recipe' },
                  set: [{ fieldId: 'favorite', value: '"yes"' }],
                },
              ],
            }
          : a,
      ),
    };
    const at = app.automations.findIndex((a) => a.id === 'five_stars_make_a_favourite');
    const server = serverMessages(app, `automations[${at}].actions[0].set[0].value`);
    expect(server).toHaveLength(1);
    expect(editorMessages(app, place, '"yes"')).toEqual(server);
  });

  it('checks nothing for a place that no longer exists (a deleted table)', () => {
    expect(expressionSpec(recipes, { kind: 'rule', tableId: 'gone' })).toBeUndefined();
  });
});

describe('the span an error underlines', () => {
  const spec = expressionSpec(recipes, { kind: 'rule', tableId: 'recipes' })!;
  const underlined = (source: string) => {
    const check = checkSource(source, spec);
    if (check.ok) throw new Error(`${source} is valid`);
    return source.slice(check.range.start, check.range.end);
  };

  it('is the misspelt field name', () => {
    expect(underlined('record.favorite && record.titel == "x"')).toBe('titel');
  });

  it('is the unknown variable', () => {
    expect(underlined('recrd.title == "x"')).toBe('recrd');
  });

  it('is the whole operation a "cannot use" error names', () => {
    expect(underlined('record.favorite && record.servings + "x" == "y"')).toBe('record.servings + "x"');
  });

  it('is the whole expression when the result has the wrong type', () => {
    expect(underlined('  record.servings ')).toBe('record.servings');
  });

  it('is an empty span at the end when the expression stops too early', () => {
    const check = checkSource('record.servings >', spec);
    expect(check).toMatchObject({ ok: false, range: { start: 17, end: 17 } });
  });

  it('is the one character a syntax error points at', () => {
    expect(errorRange('a ||| b', { message: 'syntax error', offset: 4 })).toEqual({ start: 4, end: 5 });
  });
});

describe('what an expression gives, in words', () => {
  it('names the checker’s types as a builder would', () => {
    const spec = expressionSpec(recipes, { kind: 'value', tableId: 'recipes', trigger: 'create' })!;
    const gives = (source: string) => {
      const check = checkSource(source, spec);
      if (!check.ok) throw new Error(check.message);
      return typeWords(check.type);
    };
    expect(gives('record.servings * 2')).toBe('a number');
    expect(gives('record.title')).toBe('text');
    expect(gives('record.favorite')).toBe('yes or no');
    expect(gives('record.tags')).toBe('a list of text');
  });
});
