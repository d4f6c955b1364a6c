import { describe, expect, it } from 'vitest';
import { tasksApp } from '../../runtime/definitions/app.fixture.ts';
import { supportTriageWorkflow } from '../../runtime/definitions/workflow-examples.ts';
import type { AppDefinition } from '../../schemas/definitions.ts';
import { applyCopilotPatch } from './copilot-apply.ts';

// Issue #8: "Patches that fail validation are repaired by the agent (bounded) or refused with the
// reason." These are the checks both the agent's answer and the builder's accept go through.

const dueDate = { id: 'due_on', label: 'Due on', type: 'date' };

describe('applyCopilotPatch', () => {
  it('applies a valid patch to a copy of the base and returns the validated definition', () => {
    const base = tasksApp();
    const before = JSON.stringify(base);
    const result = applyCopilotPatch('app', base, [
      { op: 'add', path: '/tables/1/fields/-', value: dueDate },
      { op: 'replace', path: '/name', value: 'Team tasks with dates' },
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const app = result.definition as AppDefinition;
    expect(app.name).toBe('Team tasks with dates');
    expect(app.tables[1]!.fields.at(-1)).toMatchObject(dueDate);
    expect(result.operations).toHaveLength(2);
    expect(JSON.stringify(base)).toBe(before);
  });

  it('names the field when the patched definition does not validate', () => {
    const result = applyCopilotPatch('app', tasksApp(), [
      { op: 'add', path: '/tables/1/fields/-', value: { id: 'due', label: 'Due', type: 'calendar' } },
    ]);
    expect(result).toMatchObject({ ok: false, stage: 'validate' });
    if (result.ok) return;
    expect(result.problems.join('\n')).toMatch(/^definition\.tables\[1\]\.fields\[\d+\]/m);
  });

  it('names the operation when it cannot apply (a path that does not exist)', () => {
    const result = applyCopilotPatch('app', tasksApp(), [
      { op: 'replace', path: '/name', value: 'Fine' },
      { op: 'replace', path: '/tables/9/label', value: 'Nope' },
    ]);
    expect(result).toMatchObject({ ok: false, stage: 'apply' });
    if (result.ok) return;
    expect(result.problems[0]).toMatch(/^operations\[1\]: \/tables\/9/);
  });

  it('refuses __proto__ in a pointer or in a value before applying anything', () => {
    const viaPath = applyCopilotPatch('app', tasksApp(), [
      { op: 'add', path: '/__proto__/polluted', value: true },
    ]);
    expect(viaPath).toMatchObject({ ok: false, stage: 'parse' });
    if (!viaPath.ok) expect(viaPath.problems[0]).toMatch(/^operations\[0\]\.path: .*__proto__/);

    const value = JSON.parse('{"id":"x","label":"X","type":"text","__proto__":{"polluted":true}}');
    const viaValue = applyCopilotPatch('app', tasksApp(), [{ op: 'add', path: '/tables/0/fields/-', value }]);
    expect(viaValue).toMatchObject({ ok: false, stage: 'parse' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const viaFrom = applyCopilotPatch('app', tasksApp(), [
      { op: 'move', from: '/constructor/prototype', path: '/x' },
    ]);
    expect(viaFrom).toMatchObject({ ok: false, stage: 'parse' });
  });

  it('refuses operations on the whole document, the kind or the schema version', () => {
    const replaceRoot = applyCopilotPatch('app', tasksApp(), [
      { op: 'replace', path: '', value: supportTriageWorkflow() },
    ]);
    expect(replaceRoot).toMatchObject({ ok: false, stage: 'apply' });
    if (!replaceRoot.ok) expect(replaceRoot.problems[0]).toMatch(/whole definition/);

    const removeRoot = applyCopilotPatch('app', tasksApp(), [{ op: 'remove', path: '' }]);
    expect(removeRoot.ok).toBe(false);

    const kind = applyCopilotPatch('app', tasksApp(), [{ op: 'replace', path: '/kind', value: 'workflow' }]);
    expect(kind).toMatchObject({ ok: false, stage: 'apply' });
    if (!kind.ok) expect(kind.problems[0]).toMatch(/operations\[0\]\.path: \/kind may not be changed/);

    const moveInto = applyCopilotPatch('app', tasksApp(), [
      { op: 'move', from: '/schemaVersion', path: '/description' },
    ]);
    expect(moveInto.ok).toBe(false);

    // Reading them is fine: a test of the kind, a copy from the root's member.
    const reads = applyCopilotPatch('app', tasksApp(), [
      { op: 'test', path: '/kind', value: 'app' },
      { op: 'copy', from: '/name', path: '/description' },
    ]);
    expect(reads.ok).toBe(true);
  });

  it('keeps unknown top-level members out (they fail the strict schema)', () => {
    const result = applyCopilotPatch('app', tasksApp(), [{ op: 'add', path: '/..', value: 'outside' }]);
    expect(result).toMatchObject({ ok: false, stage: 'validate' });
    if (!result.ok) expect(result.problems[0]).toMatch(/^definition: unknown field\(s\): \.\./);
  });

  it('refuses a workflow patch that leaves a step pointing nowhere, and accepts a valid one', () => {
    const flow = supportTriageWorkflow();
    const bad = applyCopilotPatch('workflow', flow, [
      { op: 'replace', path: '/start', value: 'missing_step' },
    ]);
    expect(bad).toMatchObject({ ok: false, stage: 'validate' });
    const good = applyCopilotPatch('workflow', flow, [{ op: 'replace', path: '/name', value: 'Triage v2' }]);
    expect(good.ok).toBe(true);
  });

  it('refuses a patch applied to the wrong kind of definition', () => {
    const result = applyCopilotPatch('workflow', tasksApp(), [{ op: 'replace', path: '/name', value: 'X' }]);
    expect(result).toMatchObject({ ok: false, stage: 'validate' });
  });

  it('refuses malformed operations and too many of them, naming where', () => {
    const notArray = applyCopilotPatch('app', tasksApp(), { op: 'add' });
    expect(notArray).toMatchObject({ ok: false, stage: 'parse' });
    const noValue = applyCopilotPatch('app', tasksApp(), [{ op: 'add', path: '/name' }]);
    expect(noValue).toMatchObject({ ok: false, stage: 'parse' });
    if (!noValue.ok) expect(noValue.problems[0]).toMatch(/^operations\[0\]\.value/);
    const many = Array.from({ length: 201 }, () => ({ op: 'test', path: '/kind', value: 'app' }));
    const tooMany = applyCopilotPatch('app', tasksApp(), many);
    expect(tooMany).toMatchObject({ ok: false, stage: 'parse' });
    if (!tooMany.ok) expect(tooMany.problems[0]).toMatch(/at most 200/);
  });

  it('lists at most 20 problems, then says how many more', () => {
    const ops = Array.from({ length: 30 }, (_, i) => ({
      op: 'add',
      path: '/tables/0/fields/-',
      value: { id: `f${i}`, label: `F${i}`, type: 'no_such_type' },
    }));
    const result = applyCopilotPatch('app', tasksApp(), ops);
    expect(result).toMatchObject({ ok: false, stage: 'validate' });
    if (!result.ok) {
      expect(result.problems).toHaveLength(21);
      expect(result.problems[20]).toMatch(/^… and \d+ more$/);
    }
  });
});
