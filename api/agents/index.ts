// The agent pipeline's agents and the layer that calls them.
export * from './agent-context.ts';
export * from './ba.ts';
export * from './call.ts';
export * from './contract-tests.ts';
export * from './contracts.ts';
export * from './copilot.ts';
export * from './cost.ts';
export * from './errors.ts';
export * from './implementer.ts';
export * from './planner.ts';
export * from './prompt.ts';
export * from './reviewers.ts';
export * from './spec.ts';
