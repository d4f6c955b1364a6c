import type { StepNode, TriggerNode } from '../../../graph/graph-types.ts';
import { STEP_KIND_LABELS } from '../../../model/workflow-defaults.ts';
import { TRIGGER_KIND_LABELS } from '../trigger/default.ts';

const DIFF_WORDS = { added: 'added', removed: 'removed', changed: 'changed', unchanged: '' } as const;

/**
 * What a screen reader says for a workflow node: kind, name, summary, marks. The nodes put it on
 * their own content; the canvas can also pass it as React Flow's `ariaLabel`, so it is read when
 * the node itself takes keyboard focus.
 */
export function workflowNodeAriaLabel(
  node: Pick<TriggerNode, 'type' | 'data'> | Pick<StepNode, 'type' | 'data'>,
  problemCount = 0,
): string {
  const parts: string[] = [];
  if (node.type === 'trigger') {
    parts.push(`Trigger: ${TRIGGER_KIND_LABELS[node.data.triggerKind] ?? node.data.triggerKind}`);
    parts.push(node.data.summary);
  } else {
    const data = node.data;
    parts.push(`${STEP_KIND_LABELS[data.stepKind] ?? data.stepKind} step "${data.label}"`);
    if (data.isStart) parts.push('start step');
    parts.push(data.summary);
    const linked = data.outputs.filter((output) => output.target !== undefined).length;
    if (data.outputs.length) parts.push(`${linked} of ${data.outputs.length} outputs connected`);
  }
  if (node.data.connections.length)
    parts.push(`through ${node.data.connections.map((connection) => connection.label).join(', ')}`);
  if (problemCount) parts.push(`${problemCount} problem${problemCount === 1 ? '' : 's'}`);
  const diff = node.data.diff ? DIFF_WORDS[node.data.diff] : '';
  if (diff) parts.push(diff);
  return parts.join('. ');
}
