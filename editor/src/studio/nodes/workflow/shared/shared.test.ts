import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../../../../../schemas/definitions.ts';
import { stepNodeId, TRIGGER_NODE_ID } from '../../../graph/node-ids.ts';
import { workflowGraph } from '../../../graph/workflow-graph.ts';
import { exampleWorkflows } from '../../../model/examples.fixture.ts';
import { problemFinder } from '../../../store/problems.ts';
import { workflowNodeAriaLabel } from './aria.ts';
import { loopOf } from './loops.ts';
import { isUnder, messagesAt, relativePath, stepPath } from './problems.ts';
import { firstRecordTarget, type WorkflowApp, writableFields } from './record-targets.ts';

describe('problems shown beside the input they are about', () => {
  it('matches a path and what lies inside it, not a sibling with a longer index', () => {
    expect(isUnder('steps[3].path', 'steps[3]')).toBe(true);
    expect(isUnder('steps[3]', 'steps[3]')).toBe(true);
    expect(isUnder('steps[30].path', 'steps[3]')).toBe(false);
    expect(isUnder('steps[3].branches[0].when', 'steps[3].branches[0]')).toBe(true);
    expect(isUnder('steps[3].branches[10].when', 'steps[3].branches[1]')).toBe(false);
    expect(relativePath('steps[3].values[0].fieldId', 'steps[3]')).toBe('values[0].fieldId');
    expect(relativePath('trigger.cron', 'trigger')).toBe('cron');
  });

  it('finds the validator’s message for a broken setting of a step', () => {
    const def = structuredClone(exampleWorkflows.dailyDigestBot) as WorkflowDefinition;
    const post = def.steps.find((step) => step.id === 'post_header')!;
    if (post.kind === 'send_message') post.text = 'steps.nope.body';
    const problems = problemFinder()(def).byNode.get(stepNodeId('post_header'));
    const prefix = stepPath(def.steps, 'post_header');
    expect(prefix).toBe('steps[1]');
    expect(messagesAt(problems, `${prefix}.text`).join(' ')).toMatch(/nope/);
    expect(messagesAt(problems, `${prefix}.to`)).toEqual([]);
    expect(stepPath(def.steps, 'gone')).toBeUndefined();
  });
});

describe('which fields a record step may write', () => {
  const app: WorkflowApp = {
    id: 'shop',
    tables: [
      { id: 'log', fields: [{ id: 'created', type: 'created_at' }] },
      {
        id: 'orders',
        fields: [
          { id: 'number', type: 'autonumber' },
          { id: 'total', type: 'rollup' },
          { id: 'customer', type: 'text' },
          { id: 'paid', type: 'checkbox' },
        ],
      },
    ],
  };

  it('leaves out the fields the app fills in itself, as the validator does', () => {
    expect(writableFields(app, 'orders').map((field) => field.id)).toEqual(['customer', 'paid']);
    expect(writableFields(app, 'missing')).toEqual([]);
  });

  it('picks the first table with a writable field for a new record step', () => {
    expect(firstRecordTarget([app])).toEqual({ appId: 'shop', tableId: 'orders', fieldId: 'customer' });
    expect(firstRecordTarget([])).toBeUndefined();
    expect(firstRecordTarget(undefined)).toBeUndefined();
  });
});

describe('loop bodies and screen-reader names', () => {
  it('knows which for-each a body step runs in', () => {
    const def = exampleWorkflows.dailyDigestBot;
    expect(loopOf(def, 'summarise_repo')).toBe('digest_each_repo');
    expect(loopOf(def, 'post_header')).toBeUndefined();
    expect(loopOf(def, 'digest_each_repo')).toBeUndefined();
    expect(loopOf(def, 'gone')).toBeUndefined();
  });

  it('names kind, label, start, connections, outputs and problems of a node', () => {
    const graph = workflowGraph(exampleWorkflows.dailyDigestBot);
    const start = graph.nodes.find((node) => node.id === stepNodeId('list_repos'))!;
    const trigger = graph.nodes.find((node) => node.id === TRIGGER_NODE_ID)!;
    if (start.type !== 'step' || trigger.type !== 'trigger') throw new Error('unexpected node types');
    expect(workflowNodeAriaLabel(start, 2)).toBe(
      'Call an API step "List recently pushed repositories". start step. GET /orgs/acme-labs/repos. 2 of 2 outputs connected. through GitHub (read-only token). 2 problems',
    );
    expect(workflowNodeAriaLabel({ ...trigger, data: { ...trigger.data, diff: 'changed' } })).toMatch(
      /^Trigger: Schedule\. .+\. changed$/,
    );
  });
});
