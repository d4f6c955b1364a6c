import type { ViewerApp } from '../../../../schemas/api/viewer.ts';
import type { ViewerClient } from '../api/client.ts';
import type { ValueContext } from './FieldValue.tsx';

/**
 * What FieldValue needs to show a value inside an input (no links to other pages there): the
 * definition, and stored files fetched with the app session when the caller has one (an `<img>`
 * cannot send it), as the list view does.
 */
export function inputValueContext(app: ViewerApp, client: ViewerClient): ValueContext {
  return {
    definition: app.definition,
    fileUrl: client.fileUrl,
    // Any app session (an end user's, or the builder's own) must go along: an `<img>` cannot send it.
    loadFile: app.caller.kind === 'end_user' || client.signedIn() ? client.file : undefined,
  };
}
