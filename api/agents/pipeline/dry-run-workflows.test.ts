import { describe, expect, it } from 'vitest';
import { workflow } from '../../../runtime/workflows/fake-ports.ts';
import type { Step } from '../../../schemas/definitions.ts';
import type { WorkflowCase } from '../../../schemas/index.ts';
import { dryRunWorkflows } from './dry-run-workflows.ts';

// Issue #8: workflow contract cases ("webhook payload in, expected calls and outputs out") run
// against the candidate in a dry-run runtime: no real mail, HTTP or model call. Steps that reach
// outside answer from the case's stubs; each failing case says what differed.

const steps: Step[] = [
  {
    id: 'classify',
    label: 'Sort it',
    kind: 'ai',
    input: 'trigger.body.text',
    ai: { task: 'classify', labels: ['bug', 'question'] },
    next: 'route',
  } as Step,
  {
    id: 'route',
    label: 'Which kind?',
    kind: 'condition',
    branches: [{ id: 'bug', label: 'Bug', when: 'steps.classify.label == "bug"', next: 'page' }],
    otherwise: 'faq',
  } as Step,
  {
    id: 'page',
    label: 'Page the team',
    kind: 'send_message',
    connectionId: 'slack',
    to: '"#ops"',
    text: '"Bug: " + trigger.body.text',
    next: 'answer',
  } as Step,
  {
    id: 'faq',
    label: 'Look up the FAQ',
    kind: 'call_api',
    connectionId: 'api',
    method: 'GET',
    path: '/faq',
    next: 'answer',
  } as Step,
  {
    id: 'answer',
    label: 'Answer',
    kind: 'respond',
    status: 200,
    body: '{"kind": steps.classify.label}',
  } as Step,
];

const definition = workflow(steps, {
  trigger: { kind: 'webhook', verification: { kind: 'none' }, response: { mode: 'sync', timeoutMs: 5000 } },
});

const bugCase: WorkflowCase = {
  name: 'A bug report pages the team',
  trigger: { text: 'The export button crashes' },
  stubs: { classify: { label: 'bug', confidence: 0.9 }, page: { id: 'm1' } },
  expect: {
    status: 'succeeded',
    stepsRun: ['classify', 'page', 'answer'],
    stepsNotRun: ['faq'],
    response: { kind: 'bug' },
  },
};

describe('dry run of workflow cases', () => {
  it('passes cases the workflow meets, calling nothing real', async () => {
    const questionCase: WorkflowCase = {
      name: 'A question looks up the FAQ',
      trigger: { text: 'How do I export?' },
      stubs: {
        classify: { label: 'question', confidence: 0.8 },
        faq: { status: 200, body: { answer: 'Menu' } },
      },
      expect: {
        status: 'succeeded',
        stepsRun: ['faq'],
        stepsNotRun: ['page'],
        response: { kind: 'question' },
      },
    };
    expect(await dryRunWorkflows(definition, [bugCase, questionCase])).toEqual({ passed: 2, failed: [] });
  });

  it('names the steps that ran or did not, and the response field that differs', async () => {
    const run = await dryRunWorkflows(definition, [
      {
        ...bugCase,
        name: 'wrongly expects the FAQ',
        expect: {
          status: 'succeeded',
          stepsRun: ['faq'],
          stepsNotRun: ['page'],
          response: { kind: 'question' },
        },
      },
    ]);
    expect(run.passed).toBe(0);
    const { reason } = run.failed[0]!;
    expect(reason).toContain('step(s) "faq" did not run (steps run: classify, route, page, answer)');
    expect(reason).toContain('step(s) "page" ran but should not have');
    expect(reason).toContain('kind is "bug", expected "question"');
  });

  it('fails a case whose outside step has no stub, saying which stub is missing', async () => {
    const run = await dryRunWorkflows(definition, [{ ...bugCase, name: 'no AI stub', stubs: {} }]);
    expect(run.failed[0]!.reason).toMatch(/the run failed at step "classify": no stub for step "classify"/);
  });

  it('lets a case take an error path with a failing stub', async () => {
    const run = await dryRunWorkflows(definition, [
      {
        ...bugCase,
        name: 'Slack is down',
        stubs: { ...bugCase.stubs, page: { $fail: 'Slack answered 503' } },
        expect: { status: 'failed', stepsRun: ['classify', 'page'], stepsNotRun: ['answer'] },
      },
    ]);
    expect(run).toEqual({ passed: 1, failed: [] });
  });
});
