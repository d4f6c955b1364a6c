import { z } from 'zod';
import type { FakeErrorType, MessagesRequestBody } from './script.ts';

// The request checks the fake makes before answering, each with the real API's status and wording
// where it matters to a client: the JSON shape it reads, a forced tool that exists, at most four
// cache breakpoints, and tool_use / tool_result pairing across turns. A repair loop that sends a
// tool_result for the wrong id fails here as it would against the real API. The real API checks
// far more; this is the subset our agents and AI steps can get wrong.

export class RefusedRequest extends Error {
  constructor(
    readonly status: number,
    readonly type: FakeErrorType,
    message: string,
  ) {
    super(message);
  }
}

const MAX_CACHE_BREAKPOINTS = 4;

const ContentBlock = z.object({ type: z.string() }).loose();

const MessagesRequest = z.object({
  model: z.string().min(1),
  max_tokens: z.number().int().min(1),
  stream: z.boolean().optional(),
  system: z
    .union([z.string(), z.array(z.object({ type: z.literal('text'), text: z.string() }).loose())])
    .optional(),
  tools: z
    .array(
      z
        .object({ name: z.string().min(1), input_schema: z.object({ type: z.literal('object') }).loose() })
        .loose(),
    )
    .optional(),
  tool_choice: z
    .discriminatedUnion('type', [
      z.object({ type: z.enum(['auto', 'any', 'none']) }).loose(),
      z.object({ type: z.literal('tool'), name: z.string() }).loose(),
    ])
    .optional(),
  messages: z
    .array(
      z.object({
        role: z.enum(['user', 'assistant']),
        content: z.union([z.string(), z.array(ContentBlock)]),
      }),
    )
    .min(1),
});

function refuse(message: string): never {
  throw new RefusedRequest(400, 'invalid_request_error', message);
}

function blocksOf(
  content: MessagesRequestBody['messages'][number]['content'],
): Array<Record<string, unknown>> {
  return typeof content === 'string' ? [] : content;
}

function countBreakpoints(body: MessagesRequestBody): number {
  const marked = (block: unknown) => Boolean(block && typeof block === 'object' && 'cache_control' in block);
  let count = (body.tools ?? []).filter(marked).length;
  if (Array.isArray(body.system)) count += body.system.filter(marked).length;
  for (const message of body.messages) count += blocksOf(message.content).filter(marked).length;
  return count;
}

function checkToolPairing(messages: MessagesRequestBody['messages']): void {
  messages.forEach((message, index) => {
    const blocks = blocksOf(message.content);
    if (message.role === 'user') {
      const previous = messages[index - 1];
      const offered = new Set(
        previous?.role === 'assistant'
          ? blocksOf(previous.content)
              .filter((block) => block.type === 'tool_use')
              .map((block) => block.id)
          : [],
      );
      const unmatched = blocks.filter(
        (block) => block.type === 'tool_result' && !offered.has(block.tool_use_id),
      );
      if (unmatched.length > 0) {
        refuse(
          `messages.${index}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${unmatched.map((block) => String(block.tool_use_id)).join(', ')}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
        );
      }
      return;
    }
    const next = messages[index + 1];
    if (!next) return; // a trailing assistant turn is a prefill
    const answered = new Set(
      blocksOf(next.content)
        .filter((block) => block.type === 'tool_result')
        .map((block) => block.tool_use_id),
    );
    const unanswered = blocks.filter((block) => block.type === 'tool_use' && !answered.has(block.id));
    if (unanswered.length > 0) {
      refuse(
        `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.map((block) => String(block.id)).join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
      );
    }
  });
}

/** Parses and checks a Messages API request body; throws a `RefusedRequest` (400) naming the field. */
export function parseMessagesRequest(rawBody: string): MessagesRequestBody {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    refuse('The request body is not valid JSON');
  }
  const parsed = MessagesRequest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    refuse(`${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  const body = parsed.data as MessagesRequestBody;
  const choice = body.tool_choice;
  if (choice?.type === 'tool' && !body.tools?.some((tool) => tool.name === choice.name)) {
    refuse(`tool_choice.name: no tool named '${choice.name}'`);
  }
  const breakpoints = countBreakpoints(body);
  if (breakpoints > MAX_CACHE_BREAKPOINTS) {
    refuse(
      `A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints}.`,
    );
  }
  if (body.messages[0]?.role !== 'user')
    refuse('messages.0.role: the first message must use the "user" role');
  checkToolPairing(body.messages);
  return body;
}
