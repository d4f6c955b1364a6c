import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import {
  patchDefinition,
  validateApp,
  validateCode,
  validateWorkflow,
} from '../../../runtime/definitions/index.ts';
import type { AppDefinition, WorkflowDefinition } from '../../../schemas/definitions.ts';
import type { FeatureMode, RecordCase, WorkflowCase } from '../../../schemas/index.ts';
import {
  AGENT_TOOLS,
  type AgentCallContext,
  type AgentRunRecord,
  callAgent,
  codeReviewerAgent,
  contractTestsAgent,
  copilotAgent,
  copilotInput,
  implementerAgent,
  plannerAgent,
  securityReviewerAgent,
  specAgent,
  streamBaReply,
} from '../../agents/index.ts';
import { dryRunComponents } from '../../agents/pipeline/dry-run-components.ts';
import { dryRunWorkflows } from '../../agents/pipeline/dry-run-workflows.ts';
import { blocks, reviewDefinition } from '../../review/index.ts';
import { fakeAnthropicForFile } from './lifecycle.ts';
import { codeAnswers } from './pipeline-code.ts';
import { dueDatePatch, recipeAnswers, recipeApp } from './pipeline-recipe.ts';
import {
  builderSaidEnough,
  codePipelineScript,
  malformedAnswer,
  type PipelineAnswers,
  recipePipelineScript,
  requestMode,
  studioDemoScript,
} from './pipeline-script.ts';
import { suggestionWorkflow, workflowAnswers } from './pipeline-workflow.ts';
import type { RecordedRequest } from './script.ts';

const KEY = 'sk-ant-fake-pipeline-key';
const MODEL = 'claude-test-model';
const fakeAnthropic = fakeAnthropicForFile([KEY]);

/** Every agent that answers through a forced tool, for a mode: the real specs, schemas and tool names. */
function forcedAgents(mode: FeatureMode) {
  return [
    specAgent,
    plannerAgent(mode),
    contractTestsAgent(mode),
    implementerAgent(mode),
    securityReviewerAgent,
    codeReviewerAgent,
    ...(mode === 'code' ? [] : [copilotAgent(mode === 'components' ? 'app' : 'workflow')]),
  ];
}

const appOf = (answers: PipelineAnswers) =>
  answers.tools[AGENT_TOOLS.implementer.components] as AppDefinition;
const casesOf = (answers: PipelineAnswers) =>
  (answers.tools[AGENT_TOOLS['contract-tests']] as { cases: RecordCase[] }).cases;

describe.each([
  ['recipe tracker', recipeAnswers()],
  ['unit converter', codeAnswers()],
  ['suggestion inbox', workflowAnswers()],
])('the canned %s answers', (_name, answers) => {
  it('answer every forced tool of the mode, each passing that agent’s real output schema', () => {
    const agents = forcedAgents(answers.mode);
    expect(Object.keys(answers.tools).sort()).toEqual(agents.map((agent) => agent.tool.name).sort());
    for (const agent of agents) {
      const parsed = agent.output.safeParse(answers.tools[agent.tool.name]);
      expect(parsed.error?.issues ?? [], agent.tool.name).toEqual([]);
    }
    expect(answers.ba.recommendation.mode).toBe(answers.mode);
  });

  it('turn malformed on demand: without its first property no answer passes its schema', () => {
    for (const agent of forcedAgents(answers.mode)) {
      expect(agent.output.safeParse(malformedAnswer(answers.tools[agent.tool.name])).success).toBe(false);
    }
  });

  it('report a warning or an info from each LLM reviewer, never a blocker', () => {
    for (const tool of [AGENT_TOOLS['security-reviewer'], AGENT_TOOLS['code-reviewer']]) {
      const { findings } = answers.tools[tool] as { findings: { severity: string }[] };
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((f) => f.severity === 'warning' || f.severity === 'info')).toBe(true);
    }
  });
});

describe('the recipe tracker definition', () => {
  const answers = recipeAnswers();

  it('validates and passes the deterministic security review without a blocker', () => {
    const result = validateApp(appOf(answers));
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (!result.ok) return;
    const findings = reviewDefinition(result.value);
    expect(findings.filter((f) => f.severity === 'blocker')).toEqual([]);
    expect(blocks(findings)).toBe(false);
  });

  it('uses the table and field ids the plan names as its interface', () => {
    const plan = answers.tools[AGENT_TOOLS.planner] as { interface: { name: string; detail: string }[] };
    for (const table of appOf(answers).tables) {
      const entry = plan.interface.find((item) => item.name === `table ${table.id}`);
      expect(entry, table.id).toBeDefined();
      for (const field of table.fields) expect(entry?.detail, `${table.id}.${field.id}`).toContain(field.id);
    }
  });

  it('satisfies every contract case in the dry run, and the dry run would catch a broken rule', () => {
    const cases = casesOf(answers);
    expect(cases.length).toBeGreaterThanOrEqual(6);
    expect(cases.some((c) => c.expect.outcome === 'refused' && c.expect.status === 403)).toBe(true);
    const run = dryRunComponents(appOf(answers), cases);
    expect(run.failed).toEqual([]);
    expect(run.passed).toBe(cases.length);

    // The same cases against a definition that forgot the rating's bound: the case says so.
    const lax = recipeApp();
    const rating = lax.tables[0]?.fields.find((field) => field.id === 'rating') as { max: number };
    rating.max = 10;
    const laxRun = dryRunComponents(lax as AppDefinition, cases);
    expect(laxRun.failed.map((f) => f.name)).toEqual(['A rating above 5 stars is refused']);
  });

  it('takes the co-pilot’s patch: a valid definition with a due date and a calendar on it', () => {
    const proposal = answers.tools[AGENT_TOOLS.copilot] as { operations: unknown[] };
    const patched = patchDefinition(appOf(answers), proposal.operations);
    expect(patched.ok ? [] : patched.errors).toEqual([]);
    if (!patched.ok || patched.value.kind !== 'app') throw new Error('expected a patched app');
    const shopping = patched.value.tables.find((table) => table.id === 'shopping_list');
    expect(shopping?.fields.find((field) => field.id === 'due')).toMatchObject({ type: 'date' });
    expect(patched.value.views.find((view) => view.kind === 'calendar')).toMatchObject({
      tableId: 'shopping_list',
      startFieldId: 'due',
    });
    expect(blocks(reviewDefinition(patched.value))).toBe(false);
  });
});

describe('the co-pilot’s due-date patch', () => {
  it('is made from whatever app it is shown, and leaves every example app valid', async () => {
    const folder = new URL('../../../schemas/examples/', import.meta.url);
    const names = (await readdir(folder)).filter((name) => name.endsWith('.app.json'));
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const name of names) {
      const app = JSON.parse(await readFile(new URL(name, folder), 'utf8')) as AppDefinition;
      const patch = dueDatePatch(app);
      expect(patch, name).not.toBeNull();
      const patched = patchDefinition(app, patch?.operations);
      expect(patched.ok ? [] : patched.errors, name).toEqual([]);
    }
    expect(dueDatePatch({ kind: 'workflow', steps: [] })).toBeNull();
  });
});

describe('the suggestion inbox workflow', () => {
  const answers = workflowAnswers();
  const cases = (answers.tools[AGENT_TOOLS['contract-tests']] as { cases: WorkflowCase[] }).cases;

  it('validates and passes the deterministic security review without a blocker', () => {
    const result = validateWorkflow(suggestionWorkflow());
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (result.ok) expect(blocks(reviewDefinition(result.value))).toBe(false);
  });

  it('satisfies every contract case in the dry run, and the dry run would catch a missed step', async () => {
    const definition = suggestionWorkflow() as WorkflowDefinition;
    const run = await dryRunWorkflows(definition, cases);
    expect(run.failed).toEqual([]);
    expect(run.passed).toBe(cases.length);

    // Without the link from Slack to the thank-you, the recipe case says what is missing.
    const broken = structuredClone(definition);
    delete (broken.steps.find((step) => step.id === 'post') as { next?: string }).next;
    const brokenRun = await dryRunWorkflows(broken, cases);
    expect(brokenRun.failed.map((f) => f.name)).toEqual(['A recipe is posted and thanked']);
  });

  it('takes the co-pilot’s patch: a valid workflow with a dessert branch', () => {
    const proposal = answers.tools[AGENT_TOOLS.copilot] as { operations: unknown[] };
    const patched = patchDefinition(suggestionWorkflow() as WorkflowDefinition, proposal.operations);
    expect(patched.ok ? [] : patched.errors).toEqual([]);
    if (!patched.ok || patched.value.kind !== 'workflow') throw new Error('expected a patched workflow');
    const condition = patched.value.steps.find((step) => step.id === 'is_recipe');
    expect(condition).toMatchObject({ branches: [{ id: 'recipe' }, { id: 'dessert' }] });
  });
});

describe('the unit converter bundle', () => {
  it('validates as the code bundle the platform builds from it and passes the code rules', () => {
    const answers = codeAnswers();
    const spec = answers.tools[AGENT_TOOLS.spec] as {
      title: string;
      summary: string;
      requirements: string[];
    };
    const { files } = answers.tools[AGENT_TOOLS.implementer.code] as { files: unknown[] };
    const { tests } = answers.tools[AGENT_TOOLS['contract-tests']] as { tests: unknown[] };
    const bundle = {
      schemaVersion: 1,
      kind: 'code',
      language: 'typescript',
      spec: {
        title: spec.title,
        summary: spec.summary,
        sections: { goals: spec.summary, requirements: spec.requirements, architecture: 'x', testing: 'x' },
      },
      files,
      tests,
    };
    const result = validateCode(bundle);
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (result.ok) expect(reviewDefinition(result.value)).toEqual([]);
  });
});

const request = (messages: { role: 'user' | 'assistant'; content: string }[]) =>
  ({ body: { model: MODEL, max_tokens: 100, messages } }) as unknown as RecordedRequest;

describe('the BA decides when the builder said enough', () => {
  it('after a dozen words, or a second message', () => {
    expect(builderSaidEnough(request([{ role: 'user', content: 'A recipe tracker' }]))).toBe(false);
    expect(
      builderSaidEnough(
        request([
          { role: 'user', content: 'A recipe tracker for my family, with ratings and a shopping list' },
        ]),
      ),
    ).toBe(true);
    expect(
      builderSaidEnough(
        request([
          { role: 'user', content: 'Recipes' },
          { role: 'assistant', content: 'Who uses it?' },
          { role: 'user', content: 'Family' },
        ]),
      ),
    ).toBe(true);
  });
});

describe('the pipeline script through the real agents and SDK', () => {
  const runs: AgentRunRecord[] = [];
  const context = (): AgentCallContext => ({
    openKey: async () => KEY,
    baseURL: fakeAnthropic.server.url,
    stage: 'spec',
    remainingTokens: async () => 1_000_000,
    recordRun: async (run) => {
      runs.push(run);
    },
  });

  it('streams the BA’s question, then its reply with a recommendation once the builder said enough', async () => {
    fakeAnthropic.server.script(recipePipelineScript());
    const conversation = (content: string) => ({
      title: 'Recipes',
      mode: null,
      history: [
        { id: crypto.randomUUID(), role: 'user' as const, content, createdAt: new Date().toISOString() },
      ],
    });
    const deltas: string[] = [];
    const short = await streamBaReply(context(), conversation('Recipes'), (text) => deltas.push(text));
    expect(short.recommendation).toBeNull();
    expect(short.text).toBe(recipeAnswers().ba.question);
    expect(deltas.join('')).toBe(short.text);

    const full = await streamBaReply(
      context(),
      conversation('I want to keep the family recipes with ratings, timings and a shared shopping list'),
      () => {},
    );
    expect(full.recommendation).toEqual(recipeAnswers().ba.recommendation);
  });

  it('answers a forced agent call with the canned answer, after the repairs a malformed fault asks for', async () => {
    fakeAnthropic.server.script(recipePipelineScript({ malformed: { [AGENT_TOOLS.spec]: 1 } }));
    const first = await callAgent(context(), specAgent, 'Title: Recipes');
    expect(first.repairs).toBe(1);
    expect(first.output).toEqual(recipeAnswers().tools[AGENT_TOOLS.spec]);
    // The fault is spent: the next call is answered right away.
    expect((await callAgent(context(), specAgent, 'Title: Recipes')).repairs).toBe(0);
  });

  it('answers the co-pilot with a patch for the app in its input, which applies', async () => {
    fakeAnthropic.server.script(studioDemoScript());
    const crm = JSON.parse(
      await readFile(new URL('../../../schemas/examples/crm-lite.app.json', import.meta.url), 'utf8'),
    ) as AppDefinition;
    const { output, repairs } = await callAgent(
      context(),
      copilotAgent('app'),
      copilotInput({ kind: 'app', definition: crm, message: 'add a due date and a calendar' }),
      (proposal) => {
        const patched = patchDefinition(crm, proposal.operations);
        return patched.ok ? [] : patched.errors.map((e) => `${e.path}: ${e.message}`);
      },
    );
    expect(repairs).toBe(0);
    expect(output).toEqual(dueDatePatch(crm));

    // Outside the demo, the canned answer stays what the test scripted (the recipe app's patch).
    fakeAnthropic.server.script(recipePipelineScript());
    const canned = await callAgent(
      context(),
      copilotAgent('app'),
      copilotInput({ kind: 'app', definition: crm, message: 'add a due date' }),
    );
    expect(canned.output).toEqual(recipeAnswers().tools[AGENT_TOOLS.copilot]);
  });

  it('overloads once with a 529 when told, then answers', async () => {
    fakeAnthropic.server.script(codePipelineScript({ overloaded: { [AGENT_TOOLS.planner]: 1 } }));
    await expect(callAgent(context(), plannerAgent('code'), 'plan it')).rejects.toMatchObject({
      code: 'overloaded',
    });
    const answer = await callAgent(context(), plannerAgent('code'), 'plan it');
    expect(answer.output).toEqual(codeAnswers().tools[AGENT_TOOLS.planner]);
  });

  it('delays a tool by the time asked, so a test can kill the server mid-stage', async () => {
    fakeAnthropic.server.script(recipePipelineScript({ delayMs: { [AGENT_TOOLS['code-reviewer']]: 300 } }));
    const started = performance.now();
    await callAgent(context(), codeReviewerAgent, 'review it');
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
    const quick = performance.now();
    await callAgent(context(), securityReviewerAgent, 'review it');
    expect(performance.now() - quick).toBeLessThan(280);
  });

  it('refuses a tool it has nothing canned for with a 400 naming it', async () => {
    fakeAnthropic.server.script(codePipelineScript());
    await expect(callAgent(context(), copilotAgent('app'), 'add a field')).rejects.toMatchObject({
      code: 'request_refused',
      message: expect.stringContaining('propose_patch'),
    });
  });
});

describe('the studio demo script', () => {
  const forcing = (tool: string, userText: string) =>
    ({
      body: {
        model: MODEL,
        max_tokens: 100,
        tool_choice: { type: 'tool', name: tool },
        messages: [{ role: 'user', content: [{ type: 'text', text: userText }] }],
      },
    }) as unknown as RecordedRequest;

  it('tells the feature’s mode from the agent input, the implementer tool or the builder’s words', () => {
    expect(requestMode(forcing(AGENT_TOOLS.spec, '<mode>\ncode\n</mode>\n<conversation>…'))).toBe('code');
    expect(requestMode(forcing(AGENT_TOOLS.implementer.code, 'no mode section'))).toBe('code');
    expect(requestMode(request([{ role: 'user', content: 'A TypeScript library to convert units' }]))).toBe(
      'code',
    );
    expect(requestMode(request([{ role: 'user', content: 'Keep our family recipes' }]))).toBe('components');
  });

  it('answers each mode with its own canned feature', async () => {
    const script = studioDemoScript();
    const spec = (mode: FeatureMode) => script(forcing(AGENT_TOOLS.spec, `<mode>\n${mode}\n</mode>`));
    expect(spec('code')).toMatchObject({ toolUse: { input: codeAnswers().tools[AGENT_TOOLS.spec] } });
    expect(spec('components')).toMatchObject({ toolUse: { input: recipeAnswers().tools[AGENT_TOOLS.spec] } });
    expect(spec('workflows')).toMatchObject({
      toolUse: { input: workflowAnswers().tools[AGENT_TOOLS.spec] },
    });
  });

  it('is what `npm run fake-anthropic -- --pipeline` serves', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'api/testing/fake-anthropic/main.ts', '--pipeline', '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /ANTHROPIC_BASE_URL=(\S+)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`main.ts exited with ${code}: ${out}`)));
      });
      const client = new Anthropic({ apiKey: KEY, baseURL: url, maxRetries: 0 });
      const message = await client.messages.create({
        model: MODEL,
        max_tokens: 100,
        tools: [{ name: AGENT_TOOLS.implementer.components, input_schema: { type: 'object' } }],
        tool_choice: { type: 'tool', name: AGENT_TOOLS.implementer.components },
        messages: [{ role: 'user', content: '<mode>\ncomponents\n</mode>' }],
      });
      expect(message.content[0]).toMatchObject({ type: 'tool_use', input: { slug: 'family-recipes' } });
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);
});
