import type { FeatureMode, ModeRecommendation } from '../../../schemas/index.ts';
import { AGENT_TOOLS } from '../../agents/contracts.ts';
import { codeAnswers } from './pipeline-code.ts';
import { recipeAnswers } from './pipeline-recipe.ts';
import { workflowAnswers } from './pipeline-workflow.ts';
import { type FakeReply, fakeReply, type RecordedRequest } from './script.ts';

// A whole feature's worth of canned model answers, so the pipeline (chat → spec → plan → tests →
// implementation → reviews, and the co-pilot) runs end to end against the fake without a real model:
// in tests, in the pipeline benchmark and in hand demos of the studio. Each forced tool call is
// answered by its tool name (AGENT_TOOLS); the BA's unforced, streamed turn gets text and — once the
// builder has said enough — a `recommend_mode` call. Every canned answer is checked against the real
// Zod schemas in pipeline-script.test.ts, so a schema change that breaks one fails a test here.

/** The canned answers of one feature, by forced tool name. */
export interface PipelineAnswers {
  mode: FeatureMode;
  ba: {
    /** The BA's reply while the builder has not said enough yet (no recommendation). */
    question: string;
    /** The BA's reply once they have, sent with the recommendation. */
    reply: string;
    recommendation: ModeRecommendation;
  };
  /** Tool input by tool name: write_spec, write_plan, …, propose_patch. */
  tools: Record<string, unknown>;
  /**
   * Answers made from the definition the request shows (the co-pilot's `<current_definition>`),
   * by tool name, used instead of `tools` with the `fromDefinition` option (null falls back to
   * `tools`). So a co-pilot demo works on any app, not only ours.
   */
  answerFromDefinition?: Record<string, (definition: unknown) => unknown>;
}

/** Faults to inject, by tool name (`recommend_mode` for the BA). Counted per script instance. */
export interface PipelineFaults {
  /** This many malformed answers (the valid one minus its first property) before the valid one. */
  malformed?: Record<string, number>;
  /** This many 529 `overloaded_error`s before answering. */
  overloaded?: Record<string, number>;
  /** Waits this long before every answer to the tool (a slow model: kill and abort tests). */
  delayMs?: Record<string, number>;
  /** Waits this long between streamed chunks (the BA's text appears gradually in a demo). */
  chunkDelayMs?: number;
}

export interface PipelineScriptOptions extends PipelineFaults {
  /** Use `answerFromDefinition` where the request shows a definition (the studio demo does). */
  fromDefinition?: boolean;
  /** Answers requests the script has nothing for; default: a 400 naming the tool. */
  otherwise?: (request: RecordedRequest) => FakeReply;
}

/** The builder has said enough for a recommendation after this many words (or a second message). */
export const WORDS_BEFORE_RECOMMENDING = 12;

type MessageContent = NonNullable<RecordedRequest['body']>['messages'][number]['content'];

function textOf(content: MessageContent): string {
  if (typeof content === 'string') return content;
  return content
    .map((block) => (block.type === 'text' && typeof block.text === 'string' ? block.text : ''))
    .join(' ');
}

/** Whether the builder's messages so far give the BA enough to recommend a mode. */
export function builderSaidEnough(request: RecordedRequest): boolean {
  const said = (request.body?.messages ?? [])
    .filter((message) => message.role === 'user')
    .map((message) => textOf(message.content).trim())
    .filter((text) => text.length > 0);
  const words = said.join(' ').split(/\s+/).filter(Boolean).length;
  return said.length >= 2 || words >= WORDS_BEFORE_RECOMMENDING;
}

function forcedTool(request: RecordedRequest): string | undefined {
  const choice = request.body?.tool_choice;
  return choice?.type === 'tool' ? choice.name : undefined;
}

/**
 * The answer with its first property left out: every agent output is an object whose first
 * property is required, so this fails the agent's Zod schema the way a sloppy model answer does,
 * and the repair loop has something to repair.
 */
export function malformedAnswer(answer: unknown): unknown {
  if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return {};
  const [, ...rest] = Object.entries(answer);
  return Object.fromEntries(rest);
}

const CURRENT_DEFINITION = /<current_definition>\s*([\s\S]*?)\s*<\/current_definition>/;

/** The definition a request shows the agent (the co-pilot's input), if it is there and parses. */
export function shownDefinition(request: RecordedRequest): unknown {
  const turns = (request.body?.messages ?? []).filter((message) => message.role === 'user');
  const shown = CURRENT_DEFINITION.exec(turns.map((message) => textOf(message.content)).join('\n'))?.[1];
  if (shown === undefined) return undefined;
  try {
    return JSON.parse(shown);
  } catch {
    return undefined;
  }
}

function answerFor(
  answers: PipelineAnswers,
  tool: string,
  request: RecordedRequest,
  fromDefinition: boolean,
): unknown {
  const make = fromDefinition ? answers.answerFromDefinition?.[tool] : undefined;
  const definition = make ? shownDefinition(request) : undefined;
  return (definition === undefined ? undefined : make?.(definition)) ?? answers.tools[tool];
}

/** A script function for the fake (`server.script(...)`, or `startFakeAnthropic({ script })`). */
export function pipelineScript(
  answers: PipelineAnswers,
  options: PipelineScriptOptions = {},
): (request: RecordedRequest) => FakeReply {
  const used = new Map<string, number>();
  const take = (counts: Record<string, number> | undefined, key: string, tool: string) => {
    const budget = counts?.[tool] ?? 0;
    const seen = used.get(`${key}:${tool}`) ?? 0;
    if (seen >= budget) return false;
    used.set(`${key}:${tool}`, seen + 1);
    return true;
  };

  return (request) => {
    const forced = forcedTool(request);
    const offersBa = request.body?.tools?.some((tool) => tool.name === AGENT_TOOLS.ba) ?? false;
    const tool = forced ?? (offersBa || !request.body?.tools?.length ? AGENT_TOOLS.ba : undefined);
    const answer =
      forced === undefined ? undefined : answerFor(answers, forced, request, options.fromDefinition ?? false);
    if (tool === undefined || (forced !== undefined && answer === undefined)) {
      return (
        options.otherwise?.(request) ??
        fakeReply.invalidRequest(
          `fake Anthropic (${answers.mode} pipeline script): nothing canned for tool_choice ${forced ?? '(none)'}`,
        )
      );
    }
    const delayMs = options.delayMs?.[tool];
    if (take(options.overloaded, 'overloaded', tool)) return { ...fakeReply.overloaded(), delayMs };
    const extra = { delayMs, chunkDelayMs: options.chunkDelayMs };
    if (forced === undefined) {
      // The BA's turn: streamed text; the recommendation comes as a tool call after it.
      if (!builderSaidEnough(request)) return fakeReply.text(answers.ba.question, extra);
      const recommendation = take(options.malformed, 'malformed', tool)
        ? malformedAnswer(answers.ba.recommendation)
        : answers.ba.recommendation;
      return {
        text: answers.ba.reply,
        toolUse: offersBa ? { name: AGENT_TOOLS.ba, input: recommendation } : undefined,
        ...extra,
      };
    }
    const input = take(options.malformed, 'malformed', tool) ? malformedAnswer(answer) : answer;
    return fakeReply.tool(forced, input, extra);
  };
}

/** The recipe tracker (components mode): chat, build, reviews, and a co-pilot patch adding a due date. */
export function recipePipelineScript(options: PipelineScriptOptions = {}) {
  return pipelineScript(recipeAnswers(), options);
}

/** A small TypeScript unit-converter library (code mode). */
export function codePipelineScript(options: PipelineScriptOptions = {}) {
  return pipelineScript(codeAnswers(), options);
}

/** A recipe-suggestion inbox: signed webhook → AI classify → Slack (workflows mode). */
export function workflowPipelineScript(options: PipelineScriptOptions = {}) {
  return pipelineScript(workflowAnswers(), options);
}

const MODE_SECTION = /<mode>\s*(components|workflows|code)\s*<\/mode>/;
const IMPLEMENTER_MODES = new Map<string, FeatureMode>(
  Object.entries(AGENT_TOOLS.implementer).map(([mode, tool]) => [tool, mode as FeatureMode]),
);
const SOUNDS_LIKE: [FeatureMode, RegExp][] = [
  ['code', /\b(library|typescript|function|cli|command[- ]line|converter|package|script)\b/i],
  ['workflows', /\b(when(ever)?|every (day|morning|hour|week)|webhook|schedule|sync|remind|notify me)\b/i],
];

/**
 * Which canned feature a request belongs to: the mode its agent input names (`<mode>code</mode>`)
 * or the kind of the definition it shows the co-pilot, else the implementer tool it forces, else —
 * for the BA, before any mode is chosen — what the builder's words sound like. A guess for demos,
 * not something a test should lean on.
 */
export function requestMode(request: RecordedRequest): FeatureMode {
  const turns = (request.body?.messages ?? []).filter((message) => message.role === 'user');
  const text = turns.map((message) => textOf(message.content)).join('\n');
  const shown = (shownDefinition(request) as { kind?: unknown } | undefined)?.kind;
  const named =
    (MODE_SECTION.exec(text)?.[1] as FeatureMode | undefined) ??
    (shown === 'app' ? 'components' : shown === 'workflow' ? 'workflows' : undefined);
  const forced = forcedTool(request);
  const implemented = forced === undefined ? undefined : IMPLEMENTER_MODES.get(forced);
  return named ?? implemented ?? SOUNDS_LIKE.find(([, words]) => words.test(text))?.[0] ?? 'components';
}

/**
 * For demos of the studio (`npm run fake-anthropic -- --pipeline`): the recipe tracker for
 * components, the suggestion inbox for workflows, the unit converter for code; the co-pilot's
 * patch is made for the app it is shown.
 */
export function studioDemoScript(
  options: PipelineScriptOptions = {},
): (request: RecordedRequest) => FakeReply {
  const demo = { fromDefinition: true, ...options };
  const scripts: Record<FeatureMode, (request: RecordedRequest) => FakeReply> = {
    components: recipePipelineScript(demo),
    workflows: workflowPipelineScript(demo),
    code: codePipelineScript(demo),
  };
  return (request) => scripts[requestMode(request)](request);
}
