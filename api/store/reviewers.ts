import type { DefinitionAccess, Reviewer } from '../../schemas/index.ts';
import type { Statement, Tx } from './db.ts';
import type { VersionedDefinitions } from './definition-versions.ts';

// Reviewers of apps and workflows (issue #5). Every function runs inside `withUser`: RLS lets the
// owner manage the reviewer rows of their definitions and lets a reviewer see only their own,
// and `public.collaborator_username` names only builders the caller shares something with.
// `of.versionKey` is the definition's id column here as in definition_versions.

export interface Ownership {
  access: DefinitionAccess;
  /** The owner's username. */
  owner: string;
}

/** Whether the caller owns or reviews the definition; null when they may not see it at all. */
export async function definitionAccess(
  tx: Tx,
  of: VersionedDefinitions,
  id: string,
): Promise<Ownership | null> {
  const [row] = await tx.query<{ owned: boolean; owner: string | null }>(
    `select d.user_id = (select auth.uid()) as owned, public.collaborator_username(d.user_id) as owner
     from ${of.table} d where d.id = $1`,
    [id],
  );
  return row ? { access: row.owned ? 'owner' : 'reviewer', owner: row.owner ?? '' } : null;
}

/**
 * One row when the caller is a reviewer (so not the owner) of the definition, none otherwise:
 * one read statement, for `Db.readAsUser` (checked before every non-read request, see
 * routes/reviewers.ts).
 */
export const reviewerRow = (of: VersionedDefinitions, id: string): Statement => ({
  text: `select 1 from definition_reviewers where ${of.versionKey} = $1 and reviewer_id = (select auth.uid())`,
  params: [id],
});

/** The definitions of this kind shared with the caller, with their owners' usernames. */
export async function sharedWithMe(tx: Tx, of: VersionedDefinitions): Promise<Map<string, string>> {
  const rows = await tx.query<{ id: string; owner: string | null }>(
    `select r.${of.versionKey} as id, public.collaborator_username(r.user_id) as owner
     from definition_reviewers r
     where r.reviewer_id = (select auth.uid()) and r.${of.versionKey} is not null`,
  );
  return new Map(rows.map((r) => [r.id, r.owner ?? '']));
}

/** The reviewers the caller gave their definition, oldest first. */
export async function listReviewers(tx: Tx, of: VersionedDefinitions, id: string): Promise<Reviewer[]> {
  const rows = await tx.query<{ username: string | null; created_at: Date }>(
    `select public.collaborator_username(reviewer_id) as username, created_at from definition_reviewers
     where ${of.versionKey} = $1 and user_id = (select auth.uid()) order by created_at, id`,
    [id],
  );
  return rows.map((r) => ({ username: r.username ?? '', addedAt: r.created_at.toISOString() }));
}

export type AddOutcome =
  | { ok: true; reviewer: Reviewer }
  | { ok: false; reason: 'no_such_builder' | 'owner' | 'already_reviewer' };

/**
 * Adds the builder `username` names as a reviewer of the caller's definition (which the caller
 * has checked they own: RLS refuses the row otherwise, as the foreign key does for a definition
 * of someone else's).
 */
export async function addReviewer(
  tx: Tx,
  of: VersionedDefinitions,
  id: string,
  username: string,
): Promise<AddOutcome> {
  const [builder] = await tx.query<{ id: string | null; self: boolean }>(
    'select public.reviewer_id_for($1) as id, public.reviewer_id_for($1) = (select auth.uid()) as self',
    [username],
  );
  if (!builder?.id) return { ok: false, reason: 'no_such_builder' };
  if (builder.self) return { ok: false, reason: 'owner' };
  const [row] = await tx.query<{ created_at: Date }>(
    `insert into definition_reviewers (${of.versionKey}, reviewer_id) values ($1, $2)
     on conflict do nothing returning created_at`,
    [id, builder.id],
  );
  if (!row) return { ok: false, reason: 'already_reviewer' };
  return { ok: true, reviewer: { username, addedAt: row.created_at.toISOString() } };
}

/** Removes a reviewer of the caller's definition; false when that builder was none. */
export async function removeReviewer(
  tx: Tx,
  of: VersionedDefinitions,
  id: string,
  username: string,
): Promise<boolean> {
  const rows = await tx.query(
    `delete from definition_reviewers
     where ${of.versionKey} = $1 and reviewer_id = public.reviewer_id_for($2) returning id`,
    [id, username],
  );
  return rows.length > 0;
}
