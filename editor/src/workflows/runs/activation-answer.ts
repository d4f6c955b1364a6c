import { z } from 'zod';
import { ActivationResult } from '../../../../schemas/index.ts';

/**
 * A 422 from activate: the review found blockers. Its body carries the findings (and the
 * unchanged status) beside the error, so it is told apart from a success by `error` alone.
 */
export const ActivationBlocked = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
  findings: ActivationResult.shape.findings,
});
export type ActivationBlocked = z.infer<typeof ActivationBlocked>;

/** Blocked first: a blocked body also has every field of a success, which would strip `error`. */
export const ActivationAnswer = z.union([ActivationBlocked, ActivationResult]);
export type ActivationAnswer = ActivationResult | ActivationBlocked;

export function isBlocked(answer: ActivationAnswer | undefined): answer is ActivationBlocked {
  return answer !== undefined && 'error' in answer;
}
