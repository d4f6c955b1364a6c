import { describe, expect, it } from 'vitest';
import { validateApp } from '../../../../../../runtime/definitions/index.ts';
import type { AppDefinition } from '../../../../../../schemas/definitions.ts';
import type { EditResult } from '../../../model/edit-result.ts';
import { exampleApps, recipes } from '../../../model/examples.fixture.ts';
import {
  addTransition,
  addValidationRule,
  removeStateMachine,
  removeTransition,
  removeValidationRule,
  startStateMachine,
  updateTable,
  updateTransition,
  updateValidationRule,
} from './table-edits.ts';

function ok(result: EditResult<AppDefinition>): AppDefinition {
  if (!result.ok) throw new Error(result.reason);
  return result.definition;
}

const table = (app: AppDefinition, id: string) => app.tables.find((t) => t.id === id)!;

describe('table details', () => {
  it('sets and clears a description and an icon without touching the input', () => {
    const app = recipes();
    const described = ok(
      updateTable(app, { tableId: 'recipes', patch: { description: 'Dishes', icon: '🍲' } }),
    );
    expect(table(described, 'recipes')).toMatchObject({ description: 'Dishes', icon: '🍲' });
    const cleared = ok(
      updateTable(described, { tableId: 'recipes', patch: { description: '', icon: undefined } }),
    );
    expect(table(cleared, 'recipes')).not.toHaveProperty('description');
    expect(table(cleared, 'recipes')).not.toHaveProperty('icon');
  });

  it('refuses what the schema refuses, with the reason', () => {
    const result = updateTable(recipes(), { tableId: 'recipes', patch: { icon: 'x'.repeat(41) } });
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.reason).toMatch(/^The icon /);
  });
});

describe('validation rules', () => {
  it('adds a rule that is valid at once, edits it and removes it', () => {
    const app = recipes();
    const added = ok(addValidationRule(app, { tableId: 'cook_log' }));
    const rules = table(added, 'cook_log').validationRules!;
    expect(rules).toHaveLength(2);
    expect(rules[1]).toMatchObject({ id: 'rule', expression: 'true' });
    expect(validateApp(added).ok).toBe(true);
    const edited = ok(
      updateValidationRule(added, {
        tableId: 'cook_log',
        ruleId: 'rule',
        patch: { expression: 'record.rating > 0' },
      }),
    );
    expect(table(edited, 'cook_log').validationRules![1]!.expression).toBe('record.rating > 0');
    const removed = ok(removeValidationRule(edited, { tableId: 'cook_log', ruleId: 'rule' }));
    expect(table(removed, 'cook_log').validationRules).toEqual(table(app, 'cook_log').validationRules);
  });

  it('drops the list when its last rule goes, and refuses an empty message', () => {
    const once = ok(removeValidationRule(recipes(), { tableId: 'cook_log', ruleId: 'not_in_future' }));
    expect(table(once, 'cook_log')).not.toHaveProperty('validationRules');
    const empty = updateValidationRule(recipes(), {
      tableId: 'cook_log',
      ruleId: 'not_in_future',
      patch: { message: '  ' },
    });
    expect(empty).toEqual({ ok: false, reason: 'The message must not be empty.' });
  });
});

describe('state machines', () => {
  it('starts on the first single-choice field with every state reachable, so the app stays valid', () => {
    const app = exampleApps.eventPlanner;
    const withSelect = app.tables.find(
      (t) => t.fields.some((f) => f.type === 'single_select') && !t.stateMachine,
    )!;
    const started = ok(startStateMachine(app, { tableId: withSelect.id }));
    const machine = table(started, withSelect.id).stateMachine!;
    const field = withSelect.fields.find((f) => f.id === machine.fieldId)!;
    expect(field.type).toBe('single_select');
    expect(validateApp(started)).toMatchObject({ ok: true });
  });

  it('refuses a table without a single-choice field, saying what to add', () => {
    const result = startStateMachine(recipes(), { tableId: 'cook_log' });
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.reason).toContain('single-choice field');
  });

  it('adds, edits and removes transitions; the last one cannot go', () => {
    const crm = exampleApps.crmLite;
    const deals = table(crm, 'deals').stateMachine!;
    const added = ok(addTransition(crm, { tableId: 'deals' }));
    const fresh = table(added, 'deals').stateMachine!.transitions.at(-1)!;
    expect(fresh).toMatchObject({ from: [deals.initial] });
    const guarded = ok(
      updateTransition(added, {
        tableId: 'deals',
        transitionId: fresh.id,
        patch: { guard: 'record.amount > 0', label: 'Go' },
      }),
    );
    expect(table(guarded, 'deals').stateMachine!.transitions.at(-1)).toMatchObject({
      guard: 'record.amount > 0',
    });
    const unguarded = ok(
      updateTransition(guarded, { tableId: 'deals', transitionId: fresh.id, patch: { guard: '' } }),
    );
    expect(table(unguarded, 'deals').stateMachine!.transitions.at(-1)).not.toHaveProperty('guard');
    const noFrom = updateTransition(added, { tableId: 'deals', transitionId: fresh.id, patch: { from: [] } });
    expect(noFrom.ok).toBe(false);

    let single = ok(startStateMachine(recipes(), { tableId: 'recipes', fieldId: 'course' }));
    for (const t of table(single, 'recipes').stateMachine!.transitions.slice(1))
      single = ok(removeTransition(single, { tableId: 'recipes', transitionId: t.id }));
    const last = table(single, 'recipes').stateMachine!.transitions[0]!;
    expect(removeTransition(single, { tableId: 'recipes', transitionId: last.id })).toMatchObject({
      ok: false,
    });
    expect(table(ok(removeStateMachine(single, { tableId: 'recipes' })), 'recipes')).not.toHaveProperty(
      'stateMachine',
    );
  });
});
