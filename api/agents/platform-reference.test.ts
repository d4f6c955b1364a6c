import { describe, expect, it } from 'vitest';
import { FeatureMode } from '../../schemas/index.ts';
import type { AgentSpec } from './contracts.ts';
import {
  codeReviewerAgent,
  contractTestsAgent,
  copilotAgent,
  implementerAgent,
  plannerAgent,
  securityReviewerAgent,
  specAgent,
} from './index.ts';
import { PLATFORM_REFERENCE } from './platform-reference.ts';
import { agentSystem, agentTool } from './prompt.ts';

// Anthropic caches a prefix only from 1,024 tokens on (Sonnet and Opus): a shorter stable prefix
// carries cache_control for nothing and every call pays for it in full. Estimated at 4 characters
// a token (the fake's measure; JSON and code tokenise denser, so the real count is higher).
const MIN_CACHEABLE_TOKENS = 1_024;
const estimate = (spec: AgentSpec<unknown>) =>
  Math.ceil((JSON.stringify(agentTool(spec)).length + JSON.stringify(agentSystem(spec)).length) / 4);

const agents: [string, AgentSpec<unknown>][] = [
  ['spec', specAgent],
  ['security reviewer', securityReviewerAgent],
  ['code reviewer', codeReviewerAgent],
  ['co-pilot (app)', copilotAgent('app')],
  ['co-pilot (workflow)', copilotAgent('workflow')],
  ...FeatureMode.options.flatMap((mode): [string, AgentSpec<unknown>][] => [
    [`planner (${mode})`, plannerAgent(mode)],
    [`contract tests (${mode})`, contractTestsAgent(mode)],
    [`implementer (${mode})`, implementerAgent(mode)],
  ]),
];

describe("the agents' stable prefixes", () => {
  it.each(agents)('%s: long enough for the API to cache it', (_name, spec) => {
    expect(estimate(spec)).toBeGreaterThanOrEqual(MIN_CACHEABLE_TOKENS);
  });

  it('tell the agents that decide what gets built about every field type, view, trigger and step', () => {
    for (const spec of [specAgent, plannerAgent('components'), contractTestsAgent('workflows')]) {
      const text = agentSystem(spec)
        .map((block) => block.text)
        .join('\n');
      expect(text).toContain(PLATFORM_REFERENCE);
    }
    for (const word of ['single_select', 'kanban', 'webhook', 'for_each', 'attachment', 'polling'])
      expect(PLATFORM_REFERENCE).toContain(`- ${word}:`);
  });
});
