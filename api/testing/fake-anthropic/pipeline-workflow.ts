import type { z } from 'zod';
import type { WorkflowDefinition } from '../../../schemas/definitions.ts';
import type { ContractTests, FeaturePlan, FeatureSpec } from '../../../schemas/index.ts';
import { AGENT_TOOLS } from '../../agents/contracts.ts';
import type { PipelineAnswers } from './pipeline-script.ts';

// The canned workflows feature: recipe suggestions sent to a signed webhook are sorted by an AI
// step; real recipes are posted to the family's Slack channel and acknowledged, anything else is
// refused. The contract cases stub the AI and Slack steps, so the dry run calls nothing real.

const spec = {
  title: 'Recipe suggestion inbox',
  summary:
    'Friends send recipe suggestions from a web form to a signed webhook. An AI step tells real recipes from spam; recipes are posted to the family’s #recipes Slack channel and the form gets a thank-you, anything else is refused.',
  users: ['The family, who read suggestions in Slack', 'Friends who send suggestions through a form'],
  requirements: [
    'Only requests signed with the shared secret (HMAC-SHA256 in X-Signature-256) are accepted',
    'Each suggestion (title, text, from) is classified as recipe or spam',
    'A recipe is posted to #recipes with its title and sender, and answered with {accepted: true}',
    'Spam is not posted and is answered with status 422 and {accepted: false}',
  ],
  acceptance: [
    'A suggestion classified as a recipe is posted to Slack and answered with accepted true',
    'A suggestion classified as spam is not posted and is answered with accepted false',
    'When Slack fails, the run fails and the sender gets no thank-you',
  ],
  outOfScope: ['Storing suggestions', 'Replying to the sender by e-mail'],
} satisfies z.input<typeof FeatureSpec>;

const plan = {
  steps: [
    { title: 'Trigger', detail: 'A webhook verified with HMAC-SHA256, answered synchronously.' },
    { title: 'Sort', detail: 'An AI classify step (recipe, spam), then a condition on its label.' },
    { title: 'Act', detail: 'Post recipes to Slack and thank the sender; refuse the rest.' },
  ],
  interface: [
    {
      name: 'trigger',
      detail: 'webhook (hmac sha256, header X-Signature-256, secret `signing`), sync response',
    },
    {
      name: 'steps',
      detail:
        'classify: ai (classify: recipe, spam); is_recipe: condition (branch recipe → post); post: send_message (connection slack) → thank; thank: respond 200; refuse: respond 422',
    },
    { name: 'connections', detail: 'slack (oauth2, chat:write, slack.com)' },
  ],
} satisfies z.input<typeof FeaturePlan>;

const SUGGESTION = { title: 'Grandma’s lemon drizzle', text: 'Cream 225 g butter…', from: 'Ana' };

const tests = {
  kind: 'workflows',
  cases: [
    {
      name: 'A recipe is posted and thanked',
      trigger: SUGGESTION,
      stubs: { classify: { label: 'recipe', confidence: 0.94 }, post: { id: 'msg-1' } },
      expect: {
        status: 'succeeded',
        stepsRun: ['classify', 'is_recipe', 'post', 'thank'],
        stepsNotRun: ['refuse'],
        response: { accepted: true },
      },
    },
    {
      name: 'Spam is refused and never posted',
      trigger: { title: 'Cheap watches', text: 'Buy now', from: 'bot' },
      stubs: { classify: { label: 'spam', confidence: 0.99 } },
      expect: {
        status: 'succeeded',
        stepsRun: ['refuse'],
        stepsNotRun: ['post', 'thank'],
        response: { accepted: false },
      },
    },
    {
      name: 'A Slack failure fails the run without a thank-you',
      trigger: SUGGESTION,
      stubs: { classify: { label: 'recipe', confidence: 0.9 }, post: { $fail: 'Slack is down' } },
      expect: { status: 'failed', stepsNotRun: ['thank'] },
    },
  ],
} satisfies z.input<typeof ContractTests>;

/** The implementer's definition (a fresh copy per call). */
export function suggestionWorkflow() {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    name: 'Recipe suggestion inbox',
    description: 'Sorts recipe suggestions from the web form and posts the real ones to #recipes.',
    trigger: {
      kind: 'webhook',
      verification: {
        kind: 'hmac',
        header: 'X-Signature-256',
        algorithm: 'sha256',
        prefix: 'sha256=',
        secretId: 'signing',
      },
      response: { mode: 'sync', timeoutMs: 10_000 },
    },
    start: 'classify',
    steps: [
      {
        id: 'classify',
        label: 'Recipe or spam?',
        kind: 'ai',
        input: '"Title: " + trigger.body.title + "\\n\\n" + trigger.body.text',
        instructions: 'A recipe names a dish and says how to make it; anything else is spam.',
        ai: { task: 'classify', labels: ['recipe', 'spam'] },
        next: 'is_recipe',
      },
      {
        id: 'is_recipe',
        label: 'Is it a recipe?',
        kind: 'condition',
        branches: [
          { id: 'recipe', label: 'A recipe', when: 'steps.classify.label == "recipe"', next: 'post' },
        ],
        otherwise: 'refuse',
      },
      {
        id: 'post',
        label: 'Post to #recipes',
        kind: 'send_message',
        connectionId: 'slack',
        to: '"#recipes"',
        text: '"🍲 " + trigger.body.from + " suggests: " + trigger.body.title',
        retry: { attempts: 2, backoff: 'exponential', delayMs: 1000 },
        next: 'thank',
      },
      { id: 'thank', label: 'Thank the sender', kind: 'respond', status: 200, body: '{"accepted": true}' },
      {
        id: 'refuse',
        label: 'Refuse it',
        kind: 'respond',
        status: 422,
        body: '{"accepted": false, "reason": "this does not look like a recipe"}',
      },
    ],
    connections: [
      {
        id: 'slack',
        label: 'Family Slack',
        provider: 'slack',
        auth: { kind: 'oauth2', scopes: ['chat:write'] },
        allowedHosts: ['slack.com'],
        baseUrl: 'https://slack.com/api',
      },
    ],
    secrets: [{ id: 'signing', label: 'Form signing secret' }],
  } satisfies z.input<typeof WorkflowDefinition>;
}

export function workflowAnswers(): PipelineAnswers {
  return {
    mode: 'workflows',
    ba: {
      question: 'Sounds useful. Where do the suggestions come from, and where should the good ones end up?',
      reply:
        'So: when a friend sends a suggestion from your form, an AI step checks it is really a recipe; recipes go to #recipes in Slack and the sender gets a thank-you, the rest is refused. That is "when X happens, do Y", so I recommend a workflow.',
      recommendation: {
        mode: 'workflows',
        reason: 'It reacts to incoming messages and passes them on to Slack: a webhook-triggered workflow.',
      },
    },
    tools: {
      [AGENT_TOOLS.spec]: spec,
      [AGENT_TOOLS.planner]: plan,
      [AGENT_TOOLS['contract-tests']]: tests,
      [AGENT_TOOLS.implementer.workflows]: suggestionWorkflow(),
      [AGENT_TOOLS['security-reviewer']]: {
        summary: 'Signed webhook, one declared connection, no secrets in messages.',
        findings: [
          {
            ruleId: 'llm.prompt-injection',
            severity: 'warning',
            path: '/steps/0/input',
            message:
              'The AI step reads text from strangers; its label only chooses a branch, which is the right containment — keep it that way.',
          },
        ],
      },
      [AGENT_TOOLS['code-reviewer']]: {
        summary: 'Small and clear; matches the plan.',
        findings: [
          {
            ruleId: 'llm.no-idempotency',
            severity: 'info',
            path: '/trigger',
            message: 'A retried delivery posts twice; set idempotencyKey if the form sends a delivery id.',
          },
        ],
      },
      [AGENT_TOOLS.copilot]: {
        summary: 'Posts desserts to #desserts as well, by adding a label and a branch.',
        operations: [
          { op: 'add', path: '/steps/0/ai/labels/-', value: 'dessert' },
          {
            op: 'add',
            path: '/steps/1/branches/-',
            value: {
              id: 'dessert',
              label: 'A dessert',
              when: 'steps.classify.label == "dessert"',
              next: 'post',
            },
          },
        ],
      },
    },
  };
}
