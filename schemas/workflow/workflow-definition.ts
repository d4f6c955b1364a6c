import { z } from 'zod';
import { Description, Id, Label, SCHEMA_VERSION } from '../common.ts';
import { Connection, SecretDeclaration } from './connections.ts';
import { Step } from './steps.ts';
import { Trigger } from './triggers.ts';

/** Workflows mode: a trigger and a graph of steps, run by the workflow runtime. */
export const WorkflowDefinition = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  kind: z.literal('workflow'),
  name: Label,
  description: Description.optional(),
  trigger: Trigger,
  /** The first step after the trigger. */
  start: Id,
  steps: z.array(Step).min(1, 'needs at least one step').max(200),
  connections: z.array(Connection).max(20),
  secrets: z.array(SecretDeclaration).max(20).optional(),
});
export type WorkflowDefinition = z.infer<typeof WorkflowDefinition>;
