import { z } from 'zod';
import { Expression, Id, Label } from '../common.ts';

const common = {
  id: Id,
  label: Label,
  /** The step that runs after this one; absent ends the run (or the for-each body). */
  next: Id.optional(),
  retry: z
    .strictObject({
      attempts: z.number().int().min(1).max(5),
      backoff: z.enum(['fixed', 'exponential']),
      delayMs: z.number().int().min(100).max(60_000),
    })
    .optional(),
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
  /** Where to go when the step fails after its retries; absent fails the run. */
  onError: Id.optional(),
};

const NameValue = z.strictObject({ name: z.string().min(1).max(100), value: Expression });
const FieldValue = z.strictObject({ fieldId: Id, value: Expression });

export const CallApiStep = z.strictObject({
  ...common,
  kind: z.literal('call_api'),
  connectionId: Id,
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  /** Relative to the connection's base URL; `{{expr}}` placeholders are URL-encoded. */
  path: z.string().startsWith('/', 'must start with /').max(500),
  query: z.array(NameValue).max(30).optional(),
  headers: z.array(NameValue).max(30).optional(),
  /** The JSON body, built from the trigger and earlier steps. */
  body: Expression.optional(),
});

export const SendMessageStep = z.strictObject({
  ...common,
  kind: z.literal('send_message'),
  connectionId: Id,
  /** Channel, user or address, e.g. `"#ops"` or `trigger.body.email`. */
  to: Expression,
  subject: Expression.optional(),
  text: Expression,
});

export const CreateRecordStep = z.strictObject({
  ...common,
  kind: z.literal('create_record'),
  /** One of the builder's component apps (its id), and a table of it. */
  appId: z.string().min(1).max(64),
  tableId: Id,
  values: z.array(FieldValue).min(1).max(100),
});

export const UpdateRecordStep = z.strictObject({
  ...common,
  kind: z.literal('update_record'),
  appId: z.string().min(1).max(64),
  tableId: Id,
  recordId: Expression,
  values: z.array(FieldValue).min(1).max(100),
});

export const StateGetStep = z.strictObject({
  ...common,
  kind: z.literal('state_get'),
  key: Expression,
  /** The value when the key was never set. */
  default: Expression.optional(),
});
export const StateSetStep = z.strictObject({
  ...common,
  kind: z.literal('state_set'),
  key: Expression,
  value: Expression,
});

export const ExtractField = z.strictObject({
  name: Id,
  type: z.enum(['string', 'number', 'boolean', 'date', 'string_list']),
  description: z.string().max(300).optional(),
  required: z.boolean().optional(),
});

export const AiTask = z.discriminatedUnion('task', [
  z.strictObject({ task: z.literal('classify'), labels: z.array(z.string().min(1).max(60)).min(2).max(50) }),
  z.strictObject({ task: z.literal('extract'), fields: z.array(ExtractField).min(1).max(50) }),
  z.strictObject({ task: z.literal('summarise'), maxWords: z.number().int().min(10).max(1000) }),
  z.strictObject({
    task: z.literal('decide'),
    options: z
      .array(z.strictObject({ id: Id, description: z.string().min(1).max(300) }))
      .min(2)
      .max(20),
  }),
]);

export const AiStep = z.strictObject({
  ...common,
  kind: z.literal('ai'),
  /** What the model reads; built from the trigger and earlier steps (never from secrets). */
  input: Expression,
  instructions: z.string().max(4000).optional(),
  ai: AiTask,
});

/** Named values built from the trigger and earlier steps: `steps.<id>.<name>` for later steps. */
export const MapStep = z.strictObject({
  ...common,
  kind: z.literal('map'),
  values: z
    .array(z.strictObject({ name: Id, value: Expression }))
    .min(1, 'needs at least one value')
    .max(50)
    .refine((values) => new Set(values.map((v) => v.name)).size === values.length, 'names must differ'),
});

export const ConditionStep = z.strictObject({
  ...common,
  kind: z.literal('condition'),
  /** Checked in order; the first true branch runs. */
  branches: z
    .array(z.strictObject({ id: Id, label: Label, when: Expression, next: Id }))
    .min(1)
    .max(20),
  /** The step when no branch matched; absent ends the run. */
  otherwise: Id.optional(),
});

export const ForEachStep = z.strictObject({
  ...common,
  kind: z.literal('for_each'),
  items: Expression,
  /** Runs stop with an error past this many items. */
  maxItems: z.number().int().min(1).max(1000),
  /** The first step of the body; the body's last step has no `next`. */
  body: Id,
});

export const RespondStep = z.strictObject({
  ...common,
  kind: z.literal('respond'),
  status: z.number().int().min(200).max(599),
  body: Expression.optional(),
  headers: z.array(NameValue).max(20).optional(),
});

export const Step = z.discriminatedUnion('kind', [
  CallApiStep,
  SendMessageStep,
  CreateRecordStep,
  UpdateRecordStep,
  StateGetStep,
  StateSetStep,
  AiStep,
  MapStep,
  ConditionStep,
  ForEachStep,
  RespondStep,
]);
export type Step = z.infer<typeof Step>;
export type StepKind = Step['kind'];
