import { Hono, type MiddlewareHandler } from 'hono';
import { type AdminBuilderList, BuilderIdParam, SetBuilderPlanBody } from '../../schemas/index.ts';
import type { AppEnv } from '../kernel/context.ts';
import { HttpError, notFound } from '../kernel/errors.ts';
import { readJsonBody, readParams } from '../kernel/validate.ts';
import { getBuilder, listBuilders, listPlans, setBuilderPlan } from '../store/admin.ts';
import type { JwtClaims } from '../store/db.ts';

/**
 * Whether the verified claims belong to the platform owner: their e-mail is one of
 * `ADMIN_EMAILS` (lower-cased by the config). An app-scoped end-user session never is, whatever
 * e-mail it carries, and a missing list lets nobody in.
 */
export function isPlatformOwner(claims: JwtClaims, adminEmails: readonly string[] | undefined): boolean {
  if (claims.role !== 'authenticated' || 'app_id' in claims) return false;
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  return email !== '' && (adminEmails ?? []).includes(email);
}

const requirePlatformOwner = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (!isPlatformOwner(c.var.claims, c.var.platform.adminEmails)) {
    throw new HttpError(
      403,
      'not_platform_owner',
      'Only the platform owner can open this: it is for the accounts listed in ADMIN_EMAILS.',
    );
  }
  await next();
};

/**
 * The platform owner's view of every builder (mounted at `/api/admin`). It reads across
 * tenants, so it runs as the 'platform-admin' service job, and only after the owner check.
 */
export const adminRoutes = new Hono<AppEnv>()
  .use('*', requirePlatformOwner())
  .get('/builders', async (c) => {
    const body: AdminBuilderList = await c.var.platform.db.asService('platform-admin', async (tx) => ({
      builders: await listBuilders(tx),
      plans: await listPlans(tx),
    }));
    return c.json(body);
  })
  .put('/builders/:id/plan', async (c) => {
    const { id } = readParams(c, BuilderIdParam);
    const { plan } = await readJsonBody(c, SetBuilderPlanBody);
    const { db, log } = c.var.platform;
    const result = await db.asService('platform-admin', async (tx) => {
      const changed = await setBuilderPlan(tx, id, plan);
      return changed && { previous: changed.previous, builder: await getBuilder(tx, id) };
    });
    if (!result?.builder) throw notFound('builder');
    // A plan decides what a builder may do and what they pay: keep who changed it and how.
    log.info('builder_plan_changed', {
      requestId: c.var.requestId,
      by: c.var.claims.sub,
      builderId: id,
      from: result.previous,
      to: plan,
    });
    return c.json(result.builder);
  });
