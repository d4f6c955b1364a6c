import type { FeatureDetail, PipelineStage } from '../../../../schemas/index.ts';

export type StepKey = PipelineStage | 'approval';
export type StepState = 'pending' | 'running' | 'done' | 'failed' | 'waiting';

export interface BuildStep {
  key: StepKey;
  label: string;
  state: StepState;
  /** What is happening (running), why it failed (failed), or what the builder should do (waiting). */
  detail: string | null;
}

export const STEP_LABELS: Record<StepKey, string> = {
  spec: 'Spec',
  planning: 'Plan',
  testing: 'Tests',
  implementing: 'Implement',
  reviewing: 'Review',
  approval: 'Awaiting approval',
};

const ORDER: readonly StepKey[] = ['spec', 'planning', 'testing', 'implementing', 'reviewing', 'approval'];

type StepInput = Pick<FeatureDetail, 'status' | 'activity' | 'failedStage' | 'failureReason' | 'job'>;

/**
 * The stepper's rows for a feature's state: stages before the current one are done, the current
 * one runs (with what the agent is doing) or failed (with why), later ones wait.
 */
export function buildSteps(feature: StepInput): BuildStep[] {
  const { status } = feature;
  let current: number;
  let currentState: StepState;
  let detail: string | null = null;
  if (status === 'drafting') return ORDER.map((key) => step(key, 'pending', null));
  if (status === 'done') return ORDER.map((key) => step(key, 'done', null));
  if (status === 'awaiting_approval') {
    current = ORDER.indexOf('approval');
    currentState = 'waiting';
    detail = 'Look at the result below, then approve or reject it.';
  } else if (status === 'failed') {
    current = feature.failedStage ? ORDER.indexOf(feature.failedStage) : 0;
    currentState = 'failed';
    detail = feature.failureReason ?? 'The stage failed without a reason.';
  } else {
    current = ORDER.indexOf(status);
    currentState = 'running';
    detail = feature.activity ?? (feature.job?.status === 'queued' ? 'Waiting for a worker…' : 'Working…');
  }
  return ORDER.map((key, index) => {
    if (index < current) return step(key, 'done', null);
    if (index === current) return step(key, currentState, detail);
    return step(key, 'pending', null);
  });
}

function step(key: StepKey, state: StepState, detail: string | null): BuildStep {
  return { key, label: STEP_LABELS[key], state, detail };
}

/** The stages a build is running in (the events stream is only worth opening then). */
export function isBuilding(status: FeatureDetail['status']): boolean {
  return (
    status === 'spec' ||
    status === 'planning' ||
    status === 'testing' ||
    status === 'implementing' ||
    status === 'reviewing'
  );
}
