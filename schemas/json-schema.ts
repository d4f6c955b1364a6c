import { z } from 'zod';
import { AppDefinition } from './app/app-definition.ts';
import { CodeBundle } from './code/code-bundle.ts';
import { WorkflowDefinition } from './workflow/workflow-definition.ts';

const SCHEMAS = { app: AppDefinition, workflow: WorkflowDefinition, code: CodeBundle } as const;
export type DefinitionKind = keyof typeof SCHEMAS;

const cache = new Map<DefinitionKind, Record<string, unknown>>();

/**
 * The JSON Schema of a definition, for agents' forced tool calls. Derived from the Zod schema,
 * never written by hand. Checks Zod runs in code (a regular expression that must compile, a known
 * time zone, a cron expression, reserved ids) cannot be said in JSON Schema, so this schema is a
 * little looser than Zod; it never refuses what Zod accepts, and Zod re-checks every answer.
 */
export function definitionJsonSchema(kind: DefinitionKind): Record<string, unknown> {
  let schema = cache.get(kind);
  if (!schema) {
    schema = z.toJSONSchema(SCHEMAS[kind], {
      target: 'draft-2020-12',
      io: 'input',
      unrepresentable: 'any',
    }) as Record<string, unknown>;
    cache.set(kind, schema);
  }
  return schema;
}
