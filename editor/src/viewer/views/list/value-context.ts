import { useMemo } from 'react';
import type { ViewerApp } from '../../../../../schemas/api/viewer.ts';
import type { ViewerClient } from '../../api/client.ts';
import type { ValueContext } from '../../fields/FieldValue.tsx';
import { detailViewFor } from '../../layout/navigation.ts';
import { viewPath } from '../../routing.ts';

/** Where one row of a table opens: its table's detail view, as a path and a full href. */
export function rowTarget(app: ViewerApp, base: string, tableId: string, rowId: string) {
  const detail = detailViewFor(app.definition, tableId);
  if (!detail) return null;
  const path = viewPath(detail.id, rowId);
  return { path, href: `${base}${path}` };
}

/** What FieldValue needs on a page of rows: files through the session when there is one, rows linked to their detail. */
export function useValueContext(
  app: ViewerApp,
  client: ViewerClient,
  navigate: (path: string) => void,
): ValueContext {
  return useMemo(
    () => ({
      definition: app.definition,
      fileUrl: client.fileUrl,
      loadFile: app.caller.kind === 'end_user' ? client.file : undefined,
      rowLink: (tableId: string, rowId: string) => {
        const target = rowTarget(app, client.base, tableId, rowId);
        return target ? { href: target.href, onNavigate: () => navigate(target.path) } : null;
      },
    }),
    [app, client, navigate],
  );
}
