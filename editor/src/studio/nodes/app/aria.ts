import type { AppNode, DiffMark } from '../../graph/graph-types.ts';
import { VIEW_KIND_INFO } from './shared/kinds.ts';

/** A node of an app's graph, or just its type and data (distributed, so `type` narrows `data`). */
export type AppNodeLike = AppNode extends infer N
  ? N extends AppNode
    ? Pick<N, 'type' | 'data'>
    : never
  : never;

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** "When Status changes", "When a row is created". */
export function triggerWords(data: { trigger: 'create' | 'update'; watches?: string[] }): string {
  if (data.trigger === 'create') return 'When a row is created';
  return data.watches?.length ? `When ${data.watches.join(', ')} changes` : 'When a row changes';
}

function diffWords(diff: DiffMark | undefined): string {
  return diff && diff !== 'unchanged' ? `, ${diff} in this version` : '';
}

/**
 * What a screen reader says for a node of an app's canvas: what it is, its name, what matters
 * at a glance (fields, kind, trigger), how it differs in a diff, and how many problems it has —
 * colour and badges say nothing to a screen reader.
 */
export function appNodeAriaLabel(node: AppNodeLike, problems = 0): string {
  const trouble = problems > 0 ? `, ${plural(problems, 'problem')}` : '';
  switch (node.type) {
    case 'table':
      return `Table ${node.data.label}, ${plural(node.data.fields.length, 'field')}${diffWords(node.data.diff)}${trouble}`;
    case 'view': {
      const kind = VIEW_KIND_INFO[node.data.viewKind]?.name ?? node.data.viewKind;
      const nav = node.data.inNavigation ? ', in the navigation' : '';
      return `${kind} view ${node.data.label}${nav}${diffWords(node.data.diff)}${trouble}`;
    }
    case 'automation': {
      const when = triggerWords(node.data).toLowerCase();
      const condition = node.data.conditional ? ', if its condition holds' : '';
      const off = node.data.enabled ? '' : ', turned off';
      return `Automation ${node.data.label}: ${when}${condition}, ${plural(node.data.actions.length, 'action')}${off}${diffWords(node.data.diff)}${trouble}`;
    }
    case 'workflowRef':
      return `Workflow ${node.data.workflowId}, started by automations${diffWords(node.data.diff)}`;
    case 'recipient':
      return `${node.data.recipient === 'role' ? 'Everyone with the role' : 'The address'} ${node.data.label}, notified by automations${diffWords(node.data.diff)}`;
  }
}
