import type { Context } from 'hono';
import { type Actor, roleOf } from '../../../runtime/components/access.ts';
import { type ViewerDefinition, viewerDefinition } from '../../../runtime/components/viewer-definition.ts';
import type { ViewerCaller } from '../../../schemas/api/viewer.ts';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import type { AppEnv } from '../../kernel/context.ts';
import { HttpError } from '../../kernel/errors.ts';
import type { PublishedApp } from '../../store/published-apps.ts';
import { type Caller, limitAppRate, resolveCaller } from '../data-api/actor.ts';

export interface ViewerRequest {
  app: PublishedApp;
  /** The app's address as the caller used it. */
  slug: string;
  caller: Caller;
  /** The published definition as this caller may see it. */
  cut: ViewerDefinition;
}

// A published definition is immutable and the resolver hands out the same object while it is
// cached, so each role's cut is made once per definition (end users of one role share it).
const cuts = new WeakMap<AppDefinition, Map<string, ViewerDefinition>>();

function cutFor(definition: AppDefinition, actor: Actor): ViewerDefinition {
  let byRole = cuts.get(definition);
  if (!byRole) {
    byRole = new Map();
    cuts.set(definition, byRole);
  }
  const key = actor.kind === 'owner' ? 'owner' : `${actor.kind}:${actor.roleId}`;
  let cut = byRole.get(key);
  if (!cut) {
    cut = viewerDefinition(definition, actor);
    byRole.set(key, cut);
  }
  return cut;
}

/**
 * The app at `/u/{username}/{slug}` and who is calling it, resolved exactly as the data API does
 * (same rate limit, same sessions), with errors in the platform's shape. A sign-in refusal says
 * which `level` the app has, so the viewer can offer the builder's sign-in (private) or an
 * invitation link (invite-only).
 */
export async function viewerRequest(c: Context<AppEnv>): Promise<ViewerRequest> {
  const { username, slug } = c.req.param() as { username: string; slug: string };
  c.header('cache-control', 'no-store');
  const app = await c.var.platform.apps.find(username, slug);
  if (!app) throw new HttpError(404, 'not_found', `There is no published app at /u/${username}/${slug}`);
  await limitAppRate(c, app);
  let caller: Caller;
  try {
    caller = await resolveCaller(c, app);
  } catch (error) {
    if (error instanceof HttpError && error.code === 'app_sign_in_required')
      throw new SignInRequired(error, app);
    throw error;
  }
  return { app, slug, caller, cut: cutFor(app.definition, caller.actor) };
}

/** A 401 `app_sign_in_required` that carries the app's access level. */
export class SignInRequired extends Error {
  constructor(
    readonly refusal: HttpError,
    readonly app: PublishedApp,
  ) {
    super(refusal.message);
    this.name = 'SignInRequired';
  }

  response(c: Context<AppEnv>): Response {
    const { code, message } = this.refusal;
    return c.json({ error: { code, message, level: this.app.level, requestId: c.get('requestId') } }, 401);
  }
}

/** Who the viewer says is signed in. */
export function viewerCaller(definition: AppDefinition, actor: Actor): ViewerCaller {
  if (actor.kind === 'owner') return { kind: 'owner', roleId: null, roleLabel: null, email: null };
  return {
    kind: actor.kind,
    roleId: actor.roleId,
    roleLabel: roleOf(definition, actor)?.label ?? null,
    email: actor.kind === 'end_user' ? (actor.email ?? null) : null,
  };
}
