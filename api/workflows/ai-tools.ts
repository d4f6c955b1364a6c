import { z } from 'zod';
import type { AiTaskRequest } from '../../runtime/workflows/ports.ts';

// An AI step's task as a forced tool: the model can only answer by calling it, the tool's input
// schema is the JSON Schema of the task's Zod output schema, and Zod re-checks the answer (it
// also checks what JSON Schema cannot say, such as a summary's word count).

export type AiTask = AiTaskRequest['ai'];
type ExtractField = Extract<AiTask, { task: 'extract' }>['fields'][number];

export interface AiTaskTool {
  name: string;
  description: string;
  /** The Zod schema the tool input is parsed with. */
  output: z.ZodType<Record<string, unknown>>;
  /** `input_schema` of the tool definition sent to the model. */
  inputSchema: { type: 'object'; [keyword: string]: unknown };
}

/** Words as a person counts them: runs of non-space characters. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function fieldSchema(field: ExtractField): z.ZodType {
  const described = <T extends z.ZodType>(schema: T) =>
    field.description ? schema.describe(field.description) : schema;
  switch (field.type) {
    case 'string':
      return described(z.string());
    case 'number':
      return described(z.number());
    case 'boolean':
      return described(z.boolean());
    case 'date':
      return described(z.iso.date()); // YYYY-MM-DD
    case 'string_list':
      return described(z.array(z.string()));
  }
}

function extractSchema(fields: ExtractField[]) {
  const shape: Record<string, z.ZodType> = {};
  // A field the text does not mention may be null (or left out); a required one must be there.
  for (const field of fields)
    shape[field.name] = field.required ? fieldSchema(field) : fieldSchema(field).nullish();
  return z.object(shape);
}

function outputSchema(ai: AiTask): z.ZodType<Record<string, unknown>> {
  switch (ai.task) {
    case 'classify':
      return z.object({
        label: z.enum(ai.labels as [string, ...string[]]),
        confidence: z.number().min(0).max(1).describe('How sure you are, from 0 to 1'),
      });
    case 'extract':
      return extractSchema(ai.fields);
    case 'summarise':
      return z.object({
        summary: z
          .string()
          .min(1)
          .describe(`At most ${ai.maxWords} words`)
          .refine((text) => countWords(text) <= ai.maxWords, {
            error: (issue) =>
              `must be at most ${ai.maxWords} words, it has ${countWords(String(issue.input))}`,
          }),
      });
    case 'decide':
      return z.object({
        optionId: z.enum(ai.options.map((option) => option.id) as [string, ...string[]]),
        reason: z.string().min(1).max(1000).describe('One or two sentences on why'),
      });
  }
}

function toolDescription(ai: AiTask): string {
  switch (ai.task) {
    case 'classify':
      return `Record the one label that fits the input best, out of: ${ai.labels.join(', ')}.`;
    case 'extract':
      return `Record the fields found in the input: ${ai.fields
        .map(
          (field) =>
            `${field.name} (${field.type}${field.required ? ', required' : ''})${field.description ? `: ${field.description}` : ''}`,
        )
        .join('; ')}. Use null for an optional field the input does not give.`;
    case 'summarise':
      return `Record a summary of the input in at most ${ai.maxWords} words.`;
    case 'decide':
      return `Record the option that fits the input best, with a short reason. Options: ${ai.options
        .map((option) => `${option.id}: ${option.description}`)
        .join('; ')}.`;
  }
}

const TOOL_NAMES = {
  classify: 'record_classification',
  extract: 'record_extracted_fields',
  summarise: 'record_summary',
  decide: 'record_decision',
} as const satisfies Record<AiTask['task'], string>;

/**
 * The JSON Schema of a tool's Zod output, with the options `schemas/json-schema.ts` uses for
 * definitions (input side, draft 2020-12, unrepresentable checks left to Zod). `$schema` is
 * dropped: a tool's `input_schema` is a bare object schema.
 */
function toolInputSchema(schema: z.ZodType): AiTaskTool['inputSchema'] {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return { ...jsonSchema, type: 'object' };
}

export function aiTaskTool(ai: AiTask): AiTaskTool {
  const output = outputSchema(ai);
  return {
    name: TOOL_NAMES[ai.task],
    description: toolDescription(ai),
    output,
    inputSchema: toolInputSchema(output),
  };
}

/** Parses a tool input; optional extract fields left out come back as null, so every field is there. */
export function parseTaskOutput(
  ai: AiTask,
  tool: AiTaskTool,
  input: unknown,
): { success: true; output: Record<string, unknown> } | { success: false; problems: string } {
  const parsed = tool.output.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`)
      .join('; ');
    return { success: false, problems };
  }
  const output = { ...parsed.data };
  if (ai.task === 'extract') for (const field of ai.fields) output[field.name] ??= null;
  return { success: true, output };
}
