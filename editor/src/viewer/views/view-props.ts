import type { ViewerApp } from '../../../../schemas/api/viewer.ts';
import type { View } from '../../../../schemas/app/views.ts';
import type { ViewerClient } from '../api/client.ts';

/**
 * What every view of the viewer gets: the app as the caller may see it, its own definition, the
 * client for the app's data, and the way to another page of the app (`/v/{viewId}` or
 * `/v/{viewId}/{rowId}`, relative to the app's address).
 */
export interface ViewProps<K extends View['kind'] = View['kind']> {
  app: ViewerApp;
  view: Extract<View, { kind: K }>;
  client: ViewerClient;
  /** A row the address names (`/v/{viewId}/{rowId}`): the detail shown, the row a form edits. */
  rowId: string | null;
  navigate: (path: string) => void;
}
