import type { Connection, Step, WorkflowDefinition } from '../../schemas/definitions.ts';
import type { ChangeEntity } from './diff-change.ts';
import {
  type DiffContext,
  diffEntityList,
  diffProps,
  type EntityListSpec,
  keyBy,
  ROOT,
  renameProperty,
  replacedWhole,
} from './diff-entities.ts';
import { Labels, quoted } from './diff-summary.ts';

type Secret = NonNullable<WorkflowDefinition['secrets']>[number];

/** How a new step joined the graph, told from the step that leads to it. */
interface Insertions {
  summaries: Map<string, string>;
  /** Links of kept steps that now lead to an inserted step (`next`, `onError`): already told by its summary. */
  quietLinks: Map<string, string>;
  /** The start moved to an inserted first step: already told by "inserted at the start". */
  quietStart: boolean;
}

function asList<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}

/** Changes between two workflows: the trigger, the step graph, connections and secrets. */
export function diffWorkflow(ctx: DiffContext, a: WorkflowDefinition, b: WorkflowDefinition): void {
  const steps = new Labels(a.steps, b.steps);
  const connections = new Labels(a.connections, b.connections);
  const insertions = findInsertions(a, b);
  const labelled = {
    key: keyBy('id'),
    title: (item: { label: string }) => quoted(item.label),
    renameKey: 'label',
  };
  const simpleList = <T extends { id: string; label: string }>(
    entity: ChangeEntity,
    plural: string,
  ): EntityListSpec<T> => ({
    ...labelled,
    entity,
    noun: entity,
    plural,
    diffItem: (before, after, at, subject) =>
      diffProps(ctx, before, after, at, { entity, id: after.id, subject, quiet: ['label'] }),
  });

  const stepList: EntityListSpec<Step> = {
    ...labelled,
    entity: 'step',
    noun: 'step',
    plural: 'steps',
    describeAdded: (step) => insertions.summaries.get(step.id),
    diffItem: (before, after, at, subject) => {
      const spec = { entity: 'step', id: after.id, subject } as const;
      if (replacedWhole(ctx, before, after, at, 'kind', spec)) return;
      diffProps(ctx, before, after, at, {
        ...spec,
        quiet: ['label', insertions.quietLinks.get(after.id) ?? 'label'],
        show: (key, value, side) => {
          if (key === 'connectionId') return connections.name(value, side);
          const isLink = key === 'next' || key === 'onError' || key === 'otherwise';
          if (isLink || (key === 'body' && after.kind === 'for_each')) return steps.name(value, side);
          return undefined;
        },
      });
    },
  };

  diffProps(ctx, a, b, ROOT, {
    entity: 'workflow',
    subject: 'workflow',
    propertyPaths: true,
    quiet: insertions.quietStart ? ['start'] : [],
    show: (key, value, side) => (key === 'start' ? steps.name(value, side) : undefined),
    handlers: {
      name: renameProperty(ctx, 'workflow', 'workflow'),
      trigger: (before, after, at) => {
        const spec = { entity: 'trigger', subject: 'trigger' } as const;
        if (replacedWhole(ctx, before, after, at, 'kind', spec)) return;
        diffProps(ctx, before, after, at, {
          ...spec,
          propertyPaths: true,
          show: (key, value, side) => (key === 'connectionId' ? connections.name(value, side) : undefined),
        });
      },
      steps: (before, after, at) => diffEntityList(ctx, before, after, at, stepList),
      connections: (before, after, at) =>
        diffEntityList(ctx, before, after, at, simpleList<Connection>('connection', 'connections')),
      secrets: (before, after, at) =>
        diffEntityList(ctx, before, after, at, simpleList<Secret>('secret', 'secrets')),
    },
  });
}

/** `step "Classify" inserted after "Receive"`: a new step named by the step that leads to it. */
function findInsertions(a: WorkflowDefinition, b: WorkflowDefinition): Insertions {
  const existed = new Set(asList(a.steps).map((step) => step.id));
  const found: Insertions = { summaries: new Map(), quietLinks: new Map(), quietStart: false };
  const steps = asList(b.steps);
  for (const step of steps) {
    if (existed.has(step.id)) continue;
    const title = `step ${quoted(step.label)}`;
    const previous = steps.find((other) => other.next === step.id);
    const joined = previous
      ? { from: previous, link: 'next', text: `inserted after ${quoted(previous.label)}` }
      : steps.map((other) => joinedVia(other, step.id)).find((way) => way !== undefined);
    if (joined) {
      found.summaries.set(step.id, `${title} ${joined.text}`);
      if (existed.has(joined.from.id) && joined.link) found.quietLinks.set(joined.from.id, joined.link);
    } else if (b.start === step.id) {
      found.summaries.set(step.id, `${title} inserted at the start`);
      found.quietStart = true;
    }
  }
  return found;
}

/** How `from` leads to `id` other than through `next`, in words, and the link that does it. */
function joinedVia(from: Step, id: string): { from: Step; link?: string; text: string } | undefined {
  const name = quoted(from.label);
  if (from.onError === id) return { from, link: 'onError', text: `added as the error step of ${name}` };
  if (from.kind === 'condition') {
    const branch = from.branches.find((candidate) => candidate.next === id);
    if (branch) return { from, text: `added to branch ${quoted(branch.label)} of ${name}` };
    if (from.otherwise === id) return { from, link: 'otherwise', text: `added as the fallback of ${name}` };
  }
  if (from.kind === 'for_each' && from.body === id)
    return { from, link: 'body', text: `added as the loop body of ${name}` };
  return undefined;
}
