import { Hono } from 'hono';
import type { AppEnv } from '../kernel/context.ts';
import { notFound } from '../kernel/errors.ts';
import { getMe } from '../store/profiles.ts';
import { isPlatformOwner } from './admin.ts';

export const meRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const { claims } = c.var;
  const me = await c.var.platform.db.withUser(claims, (tx) => getMe(tx, String(claims.email ?? '')));
  if (!me) throw notFound('your profile');
  return c.json({ ...me, isAdmin: isPlatformOwner(claims, c.var.platform.adminEmails) });
});
