import { describe, expect, it } from 'vitest';
import { validateApp } from '../../../../../../runtime/definitions/index.ts';
import type { AppDefinition } from '../../../../../../schemas/definitions.ts';
import { expressionSpec, placeholderProblem } from '../../../expression/expression-check.ts';
import { recipes } from '../../../model/examples.fixture.ts';
import { updateAutomation } from '../../../model/index.ts';
import { ACTION_KINDS, newAction } from './default.ts';

describe('a new action of an automation', () => {
  it('of every kind keeps the app valid when added', () => {
    for (const kind of ACTION_KINDS) {
      const app = recipes();
      const automation = app.automations[0]!;
      const table = app.tables.find((t) => t.id === automation.tableId)!;
      const action = newAction(app, table, kind, 'weekly_digest');
      if ('reason' in action) throw new Error(action.reason);
      const result = updateAutomation(app, {
        automationId: automation.id,
        patch: { actions: [...automation.actions, action] },
      });
      expect(result.ok && validateApp(result.definition).ok, kind).toBe(true);
    }
  });

  it('asks for the workflow to start, and for a field to set when a table has none', () => {
    const app = recipes();
    const table = app.tables[0]!;
    expect(newAction(app, table, 'start_workflow', '  ')).toEqual({
      reason: 'Enter the id of the workflow to start.',
    });
    const bare: AppDefinition['tables'][number] = {
      ...table,
      fields: [{ id: 'when', label: 'When', type: 'created_at' }],
    };
    expect(newAction(app, bare, 'update_record')).toMatchObject({
      reason: expect.stringContaining('no text, number'),
    });
  });
});

describe('placeholders of a notification', () => {
  const spec = expressionSpec(recipes(), { kind: 'value', tableId: 'recipes', trigger: 'create' });

  it('names the first placeholder that does not check, with the checker’s message', () => {
    expect(placeholderProblem('{{record.title}} by {{record.titel}}', spec)).toMatch(
      /^\{\{record\.titel\}\}: unknown field "titel"/,
    );
  });

  it('finds nothing wrong in plain text or good placeholders', () => {
    expect(placeholderProblem('New: {{record.title}} ({{string(record.servings)}})', spec)).toBeUndefined();
  });
});
