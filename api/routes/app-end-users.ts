import { Hono } from 'hono';
import { AppIdParam, EndUserParams, InviteEndUserBody } from '../../schemas/index.ts';
import type { AppEnv } from '../kernel/context.ts';
import { HttpError, notFound } from '../kernel/errors.ts';
import { readJsonBody, readParams } from '../kernel/validate.ts';
import { inviteEndUser, listEndUsers, removeEndUser } from '../store/app-end-users.ts';
import { getApp, getVersion } from '../store/apps.ts';
import { DbError } from '../store/db.ts';

/** The roles of a saved definition (a draft may be invalid, so it is read defensively). */
function rolesOf(definition: unknown): { ids: string[]; defaultRoleId: string | undefined } {
  const access = (definition as { access?: { roles?: unknown; defaultRoleId?: unknown } } | undefined)
    ?.access;
  const roles = Array.isArray(access?.roles) ? (access.roles as { id?: unknown }[]) : [];
  return {
    ids: roles.map((role) => role.id).filter((id): id is string => typeof id === 'string'),
    defaultRoleId: typeof access?.defaultRoleId === 'string' ? access.defaultRoleId : undefined,
  };
}

/**
 * The end users a builder invites to an invite-only app (mounted at `/api/apps`). All of it runs
 * under the builder's claims, so RLS keeps it to their own apps. Removing an end user ends their
 * sessions at once: the data API checks on every request that they are still invited.
 */
export const appEndUserRoutes = new Hono<AppEnv>()
  .get('/:id/end-users', async (c) => {
    const { id } = readParams(c, AppIdParam);
    const endUsers = await c.var.platform.db.withUser(c.var.claims, async (tx) =>
      (await getApp(tx, id)) ? listEndUsers(tx, id) : null,
    );
    if (!endUsers) throw notFound('app');
    return c.json({ endUsers });
  })
  .post('/:id/end-users', async (c) => {
    const { id } = readParams(c, AppIdParam);
    const body = await readJsonBody(c, InviteEndUserBody);
    try {
      const invited = await c.var.platform.db.withUser(c.var.claims, async (tx) => {
        const app = await getApp(tx, id);
        if (!app) throw notFound('app');
        const roles = rolesOf(await getVersion(tx, id, app.current_version));
        const role = body.role ?? roles.defaultRoleId;
        if (!role || !roles.ids.includes(role)) {
          const known = roles.ids.length > 0 ? roles.ids.join(', ') : 'none yet: add a role first';
          throw new HttpError(
            400,
            'invalid_request',
            `role: "${role ?? ''}" is not a role of this app (roles: ${known})`,
            {
              issues: [{ path: 'role', message: `must be one of the app's roles: ${known}` }],
            },
          );
        }
        return inviteEndUser(tx, id, body.email, role);
      });
      return c.json(invited, 201);
    } catch (error) {
      if (error instanceof DbError && error.code === '23505')
        throw new HttpError(409, 'already_invited', `email: ${body.email} is already invited to this app`);
      throw error;
    }
  })
  .delete('/:id/end-users/:endUserId', async (c) => {
    const { id, endUserId } = readParams(c, EndUserParams);
    const removed = await c.var.platform.db.withUser(c.var.claims, (tx) => removeEndUser(tx, id, endUserId));
    if (!removed) throw notFound('end user');
    return c.body(null, 204);
  });
