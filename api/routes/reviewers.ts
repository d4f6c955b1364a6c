import { Hono, type MiddlewareHandler } from 'hono';
import {
  AddReviewerBody,
  AppIdParam,
  type ReviewerList,
  ReviewerParams,
  WorkflowIdParam,
} from '../../schemas/index.ts';
import type { AppEnv } from '../kernel/context.ts';
import { HttpError, notFound } from '../kernel/errors.ts';
import { readJsonBody, readParams } from '../kernel/validate.ts';
import type { VersionedDefinitions } from '../store/definition-versions.ts';
import {
  addReviewer,
  definitionAccess,
  listReviewers,
  type Ownership,
  removeReviewer,
  reviewerRow,
} from '../store/reviewers.ts';

/** What a reviewer is told when they try anything but reading versions and diffs. */
export const reviewersOnlyRead = (of: VersionedDefinitions) =>
  new HttpError(
    403,
    'reviewer_read_only',
    `You review this ${of.noun}: reviewers can only read its versions and diffs. Ask its owner to change, publish or share it.`,
  );

/** What a reviewer may request under `/:id`: the summary, the versions, one version, a diff. */
const READABLE = [/^$/, /^\/versions$/, /^\/versions\/[^/]+$/, /^\/versions\/[^/]+\/diff\/[^/]+$/];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Mounted first on the apps (workflows) router for `/:id` and everything under it, so it also
 * runs before the routes other routers mount at the same prefix (CSV, end users): a reviewer
 * gets 403 for anything but reading versions and diffs, whoever wrote the route. Row-level
 * security refuses the same writes underneath; this keeps a read route that RLS would merely
 * answer empty (data rows, end users) from answering a reviewer at all. Owners and strangers
 * pass through to the routes (a stranger then gets their 404).
 */
export function readOnlyForReviewers(of: VersionedDefinitions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const id = c.req.param('id');
    if (!id || !UUID.test(id)) return next();
    const path = c.req.path.replace(/\/+$/, '');
    const rest = path.slice(path.indexOf(`/${id}`) + id.length + 1);
    const reading = c.req.method === 'GET' || c.req.method === 'HEAD';
    if (reading && READABLE.some((pattern) => pattern.test(rest))) return next();
    const [rows = []] = await c.var.platform.db.readAsUser(c.var.claims, [reviewerRow(of, id)]);
    if (rows.length > 0) throw reviewersOnlyRead(of);
    return next();
  };
}

/** Only the owner manages reviewers: a reviewer is refused, anyone else finds nothing. */
function requireOwner(access: Ownership | null, of: VersionedDefinitions) {
  if (!access) throw notFound(of.noun);
  if (access.access !== 'owner') throw reviewersOnlyRead(of);
}

/**
 * `/:id/reviewers` of apps or workflows: the owner lists, adds (by username) and removes the
 * builders who may read the definition's versions and diffs. A username nobody has is a 404
 * that says only that.
 */
export function reviewerRoutes(of: VersionedDefinitions) {
  const IdParam = of.noun === 'app' ? AppIdParam : WorkflowIdParam;
  return new Hono<AppEnv>()
    .get('/:id/reviewers', async (c) => {
      const { id } = readParams(c, IdParam);
      const body = await c.var.platform.db.withUser(c.var.claims, async (tx): Promise<ReviewerList> => {
        requireOwner(await definitionAccess(tx, of, id), of);
        return { reviewers: await listReviewers(tx, of, id) };
      });
      return c.json(body);
    })
    .post('/:id/reviewers', async (c) => {
      const { id } = readParams(c, IdParam);
      const { username } = await readJsonBody(c, AddReviewerBody);
      const outcome = await c.var.platform.db.withUser(c.var.claims, async (tx) => {
        requireOwner(await definitionAccess(tx, of, id), of);
        return addReviewer(tx, of, id, username);
      });
      if (outcome.ok) return c.json(outcome.reviewer, 201);
      if (outcome.reason === 'no_such_builder')
        throw new HttpError(404, 'unknown_username', `username: no builder is called "${username}"`, {
          issues: [{ path: 'username', message: `no builder is called "${username}"` }],
        });
      if (outcome.reason === 'owner')
        throw new HttpError(400, 'invalid_request', `username: that is you; add another builder`, {
          issues: [{ path: 'username', message: `that is you: you own this ${of.noun}` }],
        });
      throw new HttpError(409, 'already_reviewer', `username: ${username} already reviews this ${of.noun}`, {
        issues: [{ path: 'username', message: `already reviews this ${of.noun}` }],
      });
    })
    .delete('/:id/reviewers/:username', async (c) => {
      const { id, username } = readParams(c, ReviewerParams);
      const removed = await c.var.platform.db.withUser(c.var.claims, async (tx) => {
        requireOwner(await definitionAccess(tx, of, id), of);
        return removeReviewer(tx, of, id, username);
      });
      if (!removed) throw notFound(`reviewer "${username}" of this ${of.noun}`);
      return c.body(null, 204);
    });
}
