import { describe, expect, it } from 'vitest';
import type { Step, WorkflowDefinition } from '../../../../../../schemas/definitions.ts';
import { applied, deepFreeze, exampleWorkflows, issuesOf } from '../../../model/examples.fixture.ts';
import type { WorkflowApp } from '../shared/record-targets.ts';
import { moveBranch, retargetRecordStep, setAiTask, setBranchCondition } from './step-edits.ts';

const mail = () => deepFreeze(structuredClone(exampleWorkflows.emailAutoResponder));
const stepOf = (def: WorkflowDefinition, id: string) => def.steps.find((step) => step.id === id)!;
const branchIds = (step: Step) => (step.kind === 'condition' ? step.branches.map((b) => b.id) : []);

describe('condition branches in the panel', () => {
  it('moves a branch up so it is checked first, and refuses moving the first one further', () => {
    const next = applied(
      moveBranch(mail(), { stepId: 'route_by_category', branchId: 'customer', offset: -1 }),
    ).definition;
    expect(branchIds(stepOf(next, 'route_by_category'))).toEqual([
      'customer',
      'unsure',
      'billing',
      'sales',
      'other',
    ]);
    expect(issuesOf(next)).toEqual([]);
    expect(moveBranch(mail(), { stepId: 'route_by_category', branchId: 'unsure', offset: -1 }).ok).toBe(
      false,
    );
    expect(moveBranch(mail(), { stepId: 'route_by_category', branchId: 'other', offset: 1 }).ok).toBe(false);
  });

  it('sets the expression of one branch only', () => {
    const next = applied(
      setBranchCondition(mail(), { stepId: 'route_reply', branchId: 'refunds', when: 'false' }),
    ).definition;
    const step = stepOf(next, 'route_reply');
    expect(step.kind === 'condition' && step.branches.map((b) => b.when)[2]).toBe('false');
    expect(step.kind === 'condition' && step.branches[0]!.when).toContain('shipping_times');
  });

  it('refuses an empty branch condition with the schema reason, and a branch that is not there', () => {
    const empty = setBranchCondition(mail(), { stepId: 'route_reply', branchId: 'refunds', when: ' ' });
    expect(empty.ok).toBe(false);
    expect(setBranchCondition(mail(), { stepId: 'route_reply', branchId: 'nope', when: 'true' }).ok).toBe(
      false,
    );
    expect(setBranchCondition(mail(), { stepId: 'classify_email', branchId: 'x', when: 'true' }).ok).toBe(
      false,
    );
  });
});

describe('AI task switch', () => {
  it('starts the new task from its defaults and keeps input and instructions', () => {
    const before = stepOf(mail(), 'classify_email');
    const next = applied(setAiTask(mail(), { stepId: 'classify_email', task: 'summarise' })).definition;
    const step = stepOf(next, 'classify_email');
    if (step.kind !== 'ai' || before.kind !== 'ai') throw new Error('classify_email is an AI step');
    expect(step.ai).toEqual({ task: 'summarise', maxWords: 100 });
    expect(step.input).toBe(before.input);
    expect(step.instructions).toBe(before.instructions);
  });

  it('changes nothing when the task stays the same', () => {
    const def = mail();
    expect(applied(setAiTask(def, { stepId: 'classify_email', task: 'classify' })).definition).toBe(def);
  });
});

describe('record step target', () => {
  const crm: WorkflowApp = {
    id: 'crm',
    label: 'CRM',
    tables: [
      {
        id: 'contacts',
        fields: [
          { id: 'number', type: 'autonumber' },
          { id: 'name', type: 'text' },
          { id: 'email', type: 'email' },
        ],
      },
      {
        id: 'deals',
        fields: [
          { id: 'name', type: 'text' },
          { id: 'amount', type: 'number' },
        ],
      },
    ],
  };
  const withRecordStep = (): WorkflowDefinition => {
    const def = structuredClone(exampleWorkflows.dailyDigestBot);
    def.steps.push({
      id: 'save',
      label: 'Save',
      kind: 'create_record',
      appId: 'crm',
      tableId: 'contacts',
      values: [
        { fieldId: 'name', value: '"Ada"' },
        { fieldId: 'email', value: '"ada@example.com"' },
      ],
    });
    return deepFreeze(def);
  };

  it('keeps the values of fields the new table also has, and drops the rest', () => {
    const next = applied(
      retargetRecordStep(withRecordStep(), { stepId: 'save', app: crm, tableId: 'deals' }),
    );
    const step = stepOf(next.definition, 'save');
    expect(step.kind === 'create_record' && step.tableId).toBe('deals');
    expect(step.kind === 'create_record' && step.values).toEqual([{ fieldId: 'name', value: '"Ada"' }]);
  });

  it('starts with the first writable field when no value fits (never one the app fills in itself)', () => {
    const other: WorkflowApp = {
      id: 'other',
      tables: [
        {
          id: 't',
          fields: [
            { id: 'n', type: 'autonumber' },
            { id: 'title', type: 'text' },
          ],
        },
      ],
    };
    const next = applied(retargetRecordStep(withRecordStep(), { stepId: 'save', app: other }));
    const step = stepOf(next.definition, 'save');
    expect(step.kind === 'create_record' && [step.appId, step.tableId, step.values]).toEqual([
      'other',
      't',
      [{ fieldId: 'title', value: '""' }],
    ]);
  });

  it('refuses a table with nothing a workflow may write, and an app without tables', () => {
    const readOnly: WorkflowApp = {
      id: 'ro',
      tables: [{ id: 't', fields: [{ id: 'n', type: 'autonumber' }] }],
    };
    expect(retargetRecordStep(withRecordStep(), { stepId: 'save', app: readOnly }).ok).toBe(false);
    expect(
      retargetRecordStep(withRecordStep(), { stepId: 'save', app: { id: 'empty', tables: [] } }).ok,
    ).toBe(false);
  });
});
