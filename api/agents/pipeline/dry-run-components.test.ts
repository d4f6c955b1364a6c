import { describe, expect, it } from 'vitest';
import { validateApp } from '../../../runtime/definitions/index.ts';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import type { RecordCase } from '../../../schemas/index.ts';
import { recipeAnswers } from '../../testing/fake-anthropic/pipeline-recipe.ts';
import { AGENT_TOOLS } from '../contracts.ts';
import { dryRunComponents } from './dry-run-components.ts';

// Issue #8: "contract tests are declarative cases that the platform runs against the candidate
// definition in a dry-run runtime … failing cases go back to the implementer". Each failing case
// must carry a reason the implementer can act on.

const answers = recipeAnswers();
const cases = (answers.tools[AGENT_TOOLS['contract-tests']] as { cases: RecordCase[] }).cases;

function app(change?: (app: AppDefinition) => void): AppDefinition {
  const copy = structuredClone(answers.tools[AGENT_TOOLS.implementer.components]) as AppDefinition;
  change?.(copy);
  const checked = validateApp(copy);
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.value;
}

const named = (name: string) => cases.find((c) => c.name === name)!;

describe('dry run of components cases', () => {
  it('passes every case of a definition that meets them', () => {
    expect(dryRunComponents(app(), cases)).toEqual({ passed: cases.length, failed: [] });
  });

  it('fails a refusal case the definition accepts, saying what was expected', () => {
    const lax = app((a) => {
      for (const table of a.access.roles.find((r) => r.id === 'viewer')!.tables) table.create = true;
    });
    const run = dryRunComponents(lax, cases);
    expect(run.failed.map((f) => f.name)).toEqual(['A viewer cannot add a recipe']);
    expect(run.failed[0]!.reason).toContain('to be refused (status 403), but it was accepted');
    expect(run.passed).toBe(cases.length - 1);
  });

  it('fails an accepted case whose stored fields differ, naming the field', () => {
    const run = dryRunComponents(app(), [
      {
        name: 'Eggs default to not bought',
        table: 'shopping_list',
        action: 'create',
        role: 'editor',
        values: { item: 'Eggs' },
        expect: { outcome: 'accepted', fields: { bought: true } },
      },
    ]);
    expect(run.failed).toEqual([
      {
        name: 'Eggs default to not bought',
        reason: expect.stringContaining('field "bought" is false, expected true'),
      },
    ]);
  });

  it('fails a refusal with the wrong status or field, and an unknown role', () => {
    const run = dryRunComponents(app(), [
      {
        ...named('A viewer cannot add a recipe'),
        name: 'wrong status',
        expect: { outcome: 'refused', status: 400 },
      },
      {
        name: 'wrong field',
        table: 'shopping_list',
        action: 'create',
        values: {},
        expect: { outcome: 'refused', status: 400, field: 'quantity' },
      },
      { ...named('A viewer cannot add a recipe'), name: 'unknown role', role: 'chef' },
    ]);
    expect(run.passed).toBe(0);
    expect(run.failed[0]!.reason).toMatch(/refused with 403, expected 400/);
    expect(run.failed[1]!.reason).toMatch(/not for field "quantity": item/);
    expect(run.failed[2]!.reason).toMatch(/role "chef", which the app does not define/);
  });

  it('refuses an update the state of the stored row does not allow, as the live runtime does', () => {
    const run = dryRunComponents(app(), [
      {
        name: 'a viewer cannot tick an item',
        table: 'shopping_list',
        action: 'update',
        role: 'viewer',
        existing: { item: 'Eggs', bought: false },
        values: { bought: true },
        expect: { outcome: 'refused', status: 403 },
      },
    ]);
    expect(run).toEqual({ passed: 1, failed: [] });
  });
});
