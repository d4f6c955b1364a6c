/**
 * What a form does once a row is saved (`submit.after`): show its message, start over empty, or
 * open another view — with the saved row when that view shows or edits one row.
 */
import type { AppDefinition } from '../../../../../schemas/app/app-definition.ts';
import { viewPath } from '../../routing.ts';
import type { FormViewDefinition } from './form-state.ts';

/**
 * `confirm`: the form gives way to the message (and a way to add another); `reset`: the message
 * above a fresh form; `stay`: the message above the form, which keeps the saved values.
 */
export type AfterSubmit =
  | { kind: 'message'; text: string; next: 'confirm' | 'reset' | 'stay' }
  | { kind: 'navigate'; path: string };

const DEFAULT_MESSAGE = 'Saved.';

export function afterSubmit(
  definition: AppDefinition,
  view: FormViewDefinition,
  savedId: string,
  mode: 'create' | 'update',
): AfterSubmit {
  const { submit } = view;
  const text = submit.message ?? DEFAULT_MESSAGE;
  if (submit.after === 'open_view' && submit.viewId) {
    const target = definition.views.find((candidate) => candidate.id === submit.viewId);
    // A view the caller cannot see was cut from the definition: stay and say it was saved.
    if (!target) return { kind: 'message', text, next: mode === 'create' ? 'confirm' : 'stay' };
    const oneRow = (target.kind === 'detail' || target.kind === 'form') && target.tableId === view.tableId;
    return { kind: 'navigate', path: viewPath(target.id, oneRow ? savedId : null) };
  }
  // An edited row stays on the page with its saved values; only a new-row form starts over.
  if (mode === 'update') return { kind: 'message', text, next: 'stay' };
  return { kind: 'message', text, next: submit.after === 'reset' ? 'reset' : 'confirm' };
}
