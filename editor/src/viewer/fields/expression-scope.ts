/**
 * The scope the runtime's expressions read in the viewer (`record`, `user`, `now`), built the way
 * the server builds it for a write, so a visibility condition, a computed field or a rule gives
 * the same answer in the browser as on the server.
 */

import { expressionUser, OWNER_CREATOR } from '../../../../runtime/components/access.ts';
import { type ExpressionScope, tableContext } from '../../../../runtime/components/write-expressions.ts';
import type { ViewerCaller } from '../../../../schemas/api/viewer.ts';
import type { AppDefinition, Table } from '../../../../schemas/app/app-definition.ts';

/** `user` as expressions see it. The viewer is not told an end user's id, so `user.id` is absent for them. */
export function callerUser(caller: ViewerCaller): Record<string, unknown> {
  if (caller.kind === 'owner') return expressionUser({ kind: 'owner' });
  if (caller.kind === 'visitor') return expressionUser({ kind: 'visitor', roleId: caller.roleId ?? '' });
  return { role: caller.roleId ?? '', ...(caller.email ? { email: caller.email } : {}) };
}

/** The creator the server would stamp on a new row, as far as the viewer knows it. */
export const callerCreator = (caller: ViewerCaller): string | null =>
  caller.kind === 'owner' ? OWNER_CREATOR : null;

/** A fresh scope over a copy of `record` (computeFields writes into it). */
export function expressionScope(
  app: AppDefinition,
  table: Table,
  record: Record<string, unknown>,
  user: Record<string, unknown>,
  now: string,
  id: string,
): ExpressionScope {
  return {
    context: tableContext(app, table),
    values: { record: { ...record, id }, user, now },
  };
}
