/**
 * The workflow executor: runs a workflow definition given its ports (HTTP through connections,
 * messages, records, state, AI, clock), and evaluates the triggers' own expressions. Pure: the
 * platform (api/) brings the ports, stores the run and decides when runs start.
 */
export { backoffDelay } from './attempts.ts';
export { RUN_LIMITS, type TruncatedValue } from './limits.ts';
export { type StepsBefore, stepsBefore } from './plan.ts';
export * from './ports.ts';
export { runWorkflow } from './run-workflow.ts';
export {
  dedupeKeyOf,
  evaluateIdempotencyKey,
  messageMatches,
  pollItems,
  pollRequest,
  type TriggerResult,
} from './trigger-expressions.ts';
