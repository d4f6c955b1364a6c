import { z } from 'zod';
import { Expression, Id, Label } from '../common.ts';

export const ValidationRule = z.strictObject({
  id: Id,
  /** True when the row is valid, e.g. `record.end >= record.start`. */
  expression: Expression,
  /** Shown to the end user when the rule fails. */
  message: z.string().trim().min(1).max(300),
});
export type ValidationRule = z.infer<typeof ValidationRule>;

export const StateTransition = z.strictObject({
  id: Id,
  label: Label.optional(),
  /** Option ids of the state field the row may be in; `*` for any. */
  from: z.union([z.literal('*'), z.array(Id).min(1)]),
  to: Id,
  /** Must be true for the move to be allowed. */
  guard: Expression.optional(),
  /** Role ids allowed to make the move; absent means every role that may update the row. */
  roles: z.array(Id).min(1).optional(),
});
export type StateTransition = z.infer<typeof StateTransition>;

/** A simple state machine over one single-select field of a table. */
export const StateMachine = z.strictObject({
  fieldId: Id,
  initial: Id,
  transitions: z.array(StateTransition).min(1).max(100),
});
export type StateMachine = z.infer<typeof StateMachine>;
