import { z } from 'zod';
import { Expression, Id, Label } from '../common.ts';

export const AutomationTrigger = z.discriminatedUnion('on', [
  z.strictObject({ on: z.literal('create') }),
  z.strictObject({
    on: z.literal('update'),
    /** Runs only when one of these fields changed; absent means any field. */
    watchFields: z.array(Id).min(1).optional(),
  }),
]);

export const Recipient = z.discriminatedUnion('kind', [
  /** A fixed address the builder typed. */
  z.strictObject({ kind: z.literal('address'), email: z.email('must be an e-mail address') }),
  /** The e-mail in a field of the row. */
  z.strictObject({ kind: z.literal('field'), fieldId: Id }),
  /** Every end user with this role. */
  z.strictObject({ kind: z.literal('role'), roleId: Id }),
]);

export const FieldAssignment = z.strictObject({ fieldId: Id, value: Expression });

export const NotifyAction = z.strictObject({
  kind: z.literal('notify'),
  channel: z.enum(['email', 'in_app']),
  to: Recipient,
  subject: z.string().trim().min(1).max(200),
  /** Text with `{{expression}}` placeholders. */
  body: z.string().trim().min(1).max(5000),
});
export const UpdateRecordAction = z.strictObject({
  kind: z.literal('update_record'),
  /** `this`: the row that triggered it; otherwise the row(s) reached through a relation field. */
  target: z.union([z.literal('this'), z.strictObject({ relationFieldId: Id })]),
  set: z.array(FieldAssignment).min(1).max(50),
});
export const StartWorkflowAction = z.strictObject({
  kind: z.literal('start_workflow'),
  /** Id of one of the builder's workflows. */
  workflowId: z.string().min(1).max(64),
  input: z.array(z.strictObject({ key: Id, value: Expression })).max(50),
});

export const AutomationAction = z.discriminatedUnion('kind', [
  NotifyAction,
  UpdateRecordAction,
  StartWorkflowAction,
]);
export type AutomationAction = z.infer<typeof AutomationAction>;

export const Automation = z.strictObject({
  id: Id,
  label: Label,
  tableId: Id,
  trigger: AutomationTrigger,
  /** Runs only when true. */
  condition: Expression.optional(),
  actions: z.array(AutomationAction).min(1).max(10),
  enabled: z.boolean().optional(),
});
export type Automation = z.infer<typeof Automation>;
