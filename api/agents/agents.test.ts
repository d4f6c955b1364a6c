import { describe, expect, it } from 'vitest';
import type { FeatureMode, FeaturePlan, FeatureSpec } from '../../schemas/index.ts';
import { definitionJsonSchema } from '../../schemas/json-schema.ts';
import { fakeAnthropicForFile } from '../testing/fake-anthropic/lifecycle.ts';
import { fakeReply } from '../testing/fake-anthropic/script.ts';
import { callAgent } from './call.ts';
import { contractTestsAgent, contractTestsInput } from './contract-tests.ts';
import { AGENT_TOOLS, type AgentCallContext, AgentError, type AgentSpec } from './contracts.ts';
import { copilotAgent, copilotInput } from './copilot.ts';
import { CodeFiles, IMPLEMENTER_EXAMPLES, implementerAgent, implementerInput } from './implementer.ts';
import { planInput, plannerAgent } from './planner.ts';
import { agentSystem, toolSchemaFor } from './prompt.ts';
import { codeReviewerAgent, reviewInput, securityReviewerAgent } from './reviewers.ts';
import { specAgent, specInput } from './spec.ts';

// Each agent module: its rules, its worked example (valid against its own schema), its input
// renderer (only what the role may see), and a scripted answer through the real call layer.

const KEY = 'sk-ant-agents-test-key';
const fake = fakeAnthropicForFile([KEY]);
const MODES: FeatureMode[] = ['components', 'workflows', 'code'];

const context = (): AgentCallContext => ({
  stage: 'spec',
  baseURL: fake.server.url,
  openKey: async () => KEY,
  remainingTokens: async () => 1_000_000,
  recordRun: async () => undefined,
});

/** The worked example at the end of an agent's reference (every reference ends with one). */
function exampleOf(spec: AgentSpec<unknown>): unknown {
  const reference = spec.reference ?? '';
  return JSON.parse(reference.slice(reference.lastIndexOf('\n{') + 1));
}

const everyAgent: Array<[string, AgentSpec<unknown>, string]> = [
  ['spec', specAgent, AGENT_TOOLS.spec],
  ...MODES.map((mode): [string, AgentSpec<unknown>, string] => [
    `planner (${mode})`,
    plannerAgent(mode),
    AGENT_TOOLS.planner,
  ]),
  ...MODES.map((mode): [string, AgentSpec<unknown>, string] => [
    `contract tests (${mode})`,
    contractTestsAgent(mode) as AgentSpec<unknown>,
    AGENT_TOOLS['contract-tests'],
  ]),
  ...MODES.map((mode): [string, AgentSpec<unknown>, string] => [
    `implementer (${mode})`,
    implementerAgent(mode) as AgentSpec<unknown>,
    AGENT_TOOLS.implementer[mode],
  ]),
  ['security reviewer', securityReviewerAgent, AGENT_TOOLS['security-reviewer']],
  ['code reviewer', codeReviewerAgent, AGENT_TOOLS['code-reviewer']],
  ['co-pilot (app)', copilotAgent('app'), AGENT_TOOLS.copilot],
  ['co-pilot (workflow)', copilotAgent('workflow'), AGENT_TOOLS.copilot],
];

describe.each(everyAgent)('the %s agent', (_name, agent, toolName) => {
  it('forces its contract tool, states its rules, and its worked example is a valid answer', () => {
    expect(agent.tool.name).toBe(toolName);
    expect(agent.may.length).toBeGreaterThan(0);
    expect(agent.mayNot.length).toBeGreaterThan(0);
    const parsed = agent.output.safeParse(exampleOf(agent));
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(toolSchemaFor(agent.output)).toMatchObject({ type: 'object' });
  });

  it('a scripted answer comes back parsed through the call layer, the prefix cached', async () => {
    const example = exampleOf(agent);
    fake.server.script([fakeReply.tool(toolName, example)]);
    const answer = await callAgent(context(), agent, 'the input');
    expect(answer).toEqual({ output: agent.output.parse(example), repairs: 0 });
    const system = fake.server.requests[0]?.body?.system as Array<{ cache_control?: unknown }>;
    expect(system.at(-1)?.cache_control).toEqual({ type: 'ephemeral' });
  });
});

const SPEC: FeatureSpec = exampleOf(specAgent) as FeatureSpec;
const PLAN = exampleOf(plannerAgent('components')) as FeaturePlan;

describe('what each role is shown', () => {
  it('the spec agent reads the conversation with who said what, and the mode', () => {
    const text = specInput({
      title: 'Recipes',
      mode: null,
      conversation: [
        { id: crypto.randomUUID(), role: 'user', content: 'I cook a lot', createdAt: '2026-01-01T00:00:00Z' },
        {
          id: crypto.randomUUID(),
          role: 'assistant',
          content: 'Who uses it?',
          createdAt: '2026-01-01T00:00:01Z',
        },
      ],
    });
    expect(text).toContain('Builder: I cook a lot\n\nBusiness analyst: Who uses it?');
    expect(text).toContain('<mode>\nnot chosen yet\n</mode>');
  });

  it('the planner is told what the interface holds in each mode', () => {
    expect(plannerAgent('components').reference).toContain('field id with its type');
    expect(plannerAgent('components').reference).toContain('single_select');
    expect(plannerAgent('workflows').reference).toContain('step id');
    expect(plannerAgent('workflows').reference).toContain('for_each');
    expect(plannerAgent('code').reference).toContain('signature');
    expect(planInput({ spec: SPEC, mode: 'code' })).toContain(SPEC.acceptance[0]);
  });

  it('the contract-test writer never sees an implementation: its renderer has no place for one', () => {
    const app = IMPLEMENTER_EXAMPLES.components;
    const text = contractTestsInput({ spec: SPEC, plan: PLAN, mode: 'components' });
    expect(text).toContain(SPEC.acceptance[0]);
    expect(text).toContain(PLAN.interface[0]!.detail);
    expect(text).not.toContain('schemaVersion');
    // Even handed one behind the type checker's back, the renderer leaves it out.
    const sneaked = contractTestsInput({
      spec: SPEC,
      plan: PLAN,
      mode: 'components',
      // @ts-expect-error the renderer takes no implementation
      implementation: app,
    });
    expect(sneaked).toBe(text);
  });

  it('each mode’s contract tests are only that mode’s kind', () => {
    const components = contractTestsAgent('components');
    expect(components.output.safeParse(exampleOf(contractTestsAgent('workflows'))).success).toBe(false);
    expect(components.output.safeParse({ kind: 'components', cases: [] }).success).toBe(false);
  });

  it('the implementer reads spec, plan, tests and the feedback of a failed round', () => {
    const tests = exampleOf(contractTestsAgent('components')) as never;
    const first = implementerInput({ spec: SPEC, plan: PLAN, tests, mode: 'components' });
    expect(first).toContain('a recipe without a title is refused');
    expect(first).not.toContain('previous_result');
    const again = implementerInput({
      spec: SPEC,
      plan: PLAN,
      tests,
      mode: 'components',
      feedback: {
        failedCases: [{ name: 'a recipe without a title is refused', reason: 'it was accepted' }],
        rejectionComment: 'Please add a photo field',
        previous: { slug: 'previous-candidate' },
      },
    });
    expect(again).toContain('- a recipe without a title is refused: it was accepted');
    expect(again).toContain('Please add a photo field');
    expect(again).toContain('previous-candidate');
  });

  it('the reviewers read the result and what the rules found', () => {
    const text = reviewInput({
      spec: SPEC,
      mode: 'components',
      result: IMPLEMENTER_EXAMPLES.components,
      ruleFindings: [
        { ruleId: 'app.public-write', severity: 'blocker', path: '/access', message: 'public write' },
      ],
    });
    expect(text).toContain('recipe-tracker');
    expect(text).toContain('app.public-write');
  });

  it('the co-pilot reads the current definition and the builder’s request', () => {
    const text = copilotInput({ kind: 'app', definition: { slug: 'tasks-app' }, message: 'add a due date' });
    expect(text).toContain('tasks-app');
    expect(text).toContain('add a due date');
  });
});

describe('what each role may answer', () => {
  it('the implementer’s definitions use the tool schemas schemas/json-schema.ts publishes', () => {
    const { $schema: _app, ...app } = definitionJsonSchema('app');
    const { $schema: _wf, ...workflow } = definitionJsonSchema('workflow');
    expect(toolSchemaFor(implementerAgent('components').output)).toEqual(app);
    expect(toolSchemaFor(implementerAgent('workflows').output)).toEqual(workflow);
  });

  it('the code implementer cannot hand in tests: a tests key or a .test.ts file is refused', async () => {
    const files = IMPLEMENTER_EXAMPLES.code.files;
    const withTests = { files, tests: [{ path: 'src/slugify.test.ts', content: 'it.skip()' }] };
    expect(CodeFiles.safeParse(withTests).error?.issues[0]).toMatchObject({
      code: 'unrecognized_keys',
      keys: ['tests'],
    });
    const asFile = { files: [...files, { path: 'src/slugify.test.ts', content: 'it.skip()' }] };
    expect(CodeFiles.safeParse(asFile).error?.issues[0]?.path).toEqual(['files', 1, 'path']);

    fake.server.script(
      [withTests, withTests, withTests].map((input) => fakeReply.tool(AGENT_TOOLS.implementer.code, input)),
    );
    const error = await callAgent(context(), implementerAgent('code'), 'build').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentError);
    expect((error as AgentError).code).toBe('invalid_output');
    expect((error as AgentError).message).toContain('tests');
    expect(toolSchemaFor(CodeFiles)).toMatchObject({ additionalProperties: false, required: ['files'] });
  });

  it('the reviewers only report: a changed result in their answer is refused', () => {
    const report = exampleOf(securityReviewerAgent) as object;
    expect(securityReviewerAgent.output.safeParse({ ...report, fixedDefinition: {} }).success).toBe(false);
    expect(codeReviewerAgent.output.safeParse({ summary: 'ok', findings: [] }).success).toBe(true);
    expect(
      codeReviewerAgent.output.safeParse({
        summary: 'x',
        findings: [{ ruleId: 'llm.x', severity: 'fatal', path: '', message: 'm' }],
      }).success,
    ).toBe(false);
  });

  it('the co-pilot answers JSON Patch operations, checked as RFC 6902 operations', () => {
    const copilot = copilotAgent('app');
    expect(
      copilot.output.safeParse({ summary: 'x', operations: [{ op: 'add', path: 'tables', value: 1 }] })
        .success,
    ).toBe(false);
    expect(
      copilot.output.safeParse({ summary: 'x', operations: [{ op: 'rename', path: '/a' }] }).success,
    ).toBe(false);
    expect(
      copilot.output.safeParse({ summary: 'x', operations: [{ op: 'remove', path: '/views/0' }] }).success,
    ).toBe(true);
  });

  it('one spec object per agent and mode, so its prefix is built once', () => {
    expect(plannerAgent('code')).toBe(plannerAgent('code'));
    expect(implementerAgent('components')).toBe(implementerAgent('components'));
    expect(agentSystem(plannerAgent('code'))).toBe(agentSystem(plannerAgent('code')));
    expect(JSON.stringify(agentSystem(plannerAgent('code')))).not.toBe(
      JSON.stringify(agentSystem(plannerAgent('workflows'))),
    );
  });
});
