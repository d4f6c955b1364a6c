import type { FeatureMode, FeatureStatus } from '../../../schemas/index.ts';

export const modeLabels: Record<FeatureMode, string> = {
  components: 'Components',
  workflows: 'Workflows',
  code: 'Code',
};

export const modeDescriptions: Record<FeatureMode, string> = {
  components: 'A data app with tables, views and forms, published at /u/{username}/{app}.',
  workflows: 'Automations: when something happens, do something — webhooks, schedules, syncing.',
  code: 'TypeScript source with tests, downloaded as a zip.',
};

export function modeLabel(mode: FeatureMode | null): string {
  return mode ? modeLabels[mode] : 'Not chosen yet';
}

export const statusLabels: Record<FeatureStatus, string> = {
  drafting: 'Drafting',
  spec: 'Writing spec',
  planning: 'Planning',
  testing: 'Writing tests',
  implementing: 'Implementing',
  reviewing: 'In review',
  awaiting_approval: 'Awaiting approval',
  done: 'Done',
  failed: 'Failed',
};

/** The pipeline's stages in order, as the feature page explains them. */
export const pipelineStages: readonly { status: FeatureStatus; what: string }[] = [
  { status: 'drafting', what: 'You describe what you need to the BA agent in chat; it asks questions.' },
  { status: 'spec', what: 'The BA agent writes a spec and recommends a mode (you can override it).' },
  { status: 'planning', what: 'The planner breaks the spec into tables, views, steps or files.' },
  { status: 'testing', what: 'A separate agent writes contract tests without seeing the implementation.' },
  { status: 'implementing', what: 'The implementer builds it until the tests pass; it may not edit them.' },
  { status: 'reviewing', what: 'Security rules and a reviewer check it; blocking findings stop it.' },
  { status: 'awaiting_approval', what: 'You look at the result and approve it before it is published.' },
  {
    status: 'done',
    what: 'Apps go live at /u/{username}/…, workflows start running, code is ready to download.',
  },
];

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}
