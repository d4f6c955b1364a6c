import type { FakeReply, RecordedRequest } from './script.ts';

// The script the fake answers with when started by hand (demos, the studio without a real key):
// a forced or required tool call gets an input made up from the tool's JSON Schema, so it passes
// the schema; anything else gets a short text. The values are placeholders, not answers: the
// first enum value, the smallest allowed number, "sample" strings.

type JsonSchema = Record<string, unknown>;

const MAX_DEPTH = 12;

function resolveRef(root: JsonSchema, ref: string): JsonSchema {
  // Only local references (`#/$defs/X`, `#/definitions/X`), which is what z.toJSONSchema emits.
  let node: unknown = root;
  for (const segment of ref.replace(/^#\/?/, '').split('/')) {
    if (!segment) continue;
    node = (node as Record<string, unknown> | undefined)?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return (node as JsonSchema | undefined) ?? {};
}

function sampleString(schema: JsonSchema): string {
  const format = schema.format;
  let text =
    format === 'date'
      ? '2026-01-15'
      : format === 'date-time'
        ? '2026-01-15T09:00:00Z'
        : format === 'email'
          ? 'sample@example.com'
          : format === 'uri' || format === 'url'
            ? 'https://example.com'
            : format === 'uuid'
              ? '00000000-0000-4000-8000-000000000000'
              : 'sample';
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  while (text.length < min) text += 'x';
  return text.slice(0, max);
}

function sampleNumber(schema: JsonSchema, integer: boolean): number {
  const min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const exclusiveMin = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
  const max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  let value = min ?? (exclusiveMin !== undefined ? exclusiveMin + (integer ? 1 : 0.5) : 0);
  if (max !== undefined && value > max) value = max;
  if (integer) value = Math.ceil(value);
  return value;
}

export function sampleFromSchema(schema: JsonSchema, root: JsonSchema = schema, depth = 0): unknown {
  if (depth > MAX_DEPTH) return null;
  if (typeof schema.$ref === 'string')
    return sampleFromSchema(resolveRef(root, schema.$ref), root, depth + 1);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = schema[keyword];
    if (Array.isArray(options) && options.length > 0) {
      // The first option that is not `null` reads better in a demo than `null`.
      const chosen = (options as JsonSchema[]).find((option) => option.type !== 'null') ?? options[0];
      return sampleFromSchema(chosen as JsonSchema, root, depth + 1);
    }
  }
  const type = Array.isArray(schema.type) ? (schema.type.find((t) => t !== 'null') ?? 'null') : schema.type;
  switch (type) {
    case 'string':
      return sampleString(schema);
    case 'integer':
      return sampleNumber(schema, true);
    case 'number':
      return sampleNumber(schema, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const count = typeof schema.minItems === 'number' ? schema.minItems : 1;
      const items = (schema.items as JsonSchema | undefined) ?? {};
      return Array.from({ length: Math.min(count, 50) }, () => sampleFromSchema(items, root, depth + 1));
    }
    default: {
      if (type !== 'object' && !schema.properties) return 'sample';
      const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
      const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
      const value: Record<string, unknown> = {};
      // Required properties always; optional ones too at shallow depth, so demos look filled in.
      for (const [name, property] of Object.entries(properties)) {
        if (required.has(name) || depth < 2) value[name] = sampleFromSchema(property, root, depth + 1);
      }
      return value;
    }
  }
}

export function demoReply(request: RecordedRequest): FakeReply {
  const body = request.body;
  const choice = body?.tool_choice;
  const tools = body?.tools ?? [];
  const tool =
    choice?.type === 'tool'
      ? tools.find((candidate) => candidate.name === choice.name)
      : choice?.type === 'any'
        ? tools[0]
        : undefined;
  if (tool) return { toolUse: { name: tool.name, input: sampleFromSchema(tool.input_schema) } };
  return { text: 'This is the local fake Anthropic server: a scripted demo answer, not a model.' };
}
