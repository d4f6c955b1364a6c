import type { Tx } from './db.ts';

// Everything here runs as the 'app-sign-in' service job: the person signing in has no identity
// until their link checks out, so no claims could scope these queries.

export interface Invitation {
  endUserId: string;
  role: string;
}

/** The end user invited to `appId` under `email` (lower-case), if any. */
export async function findInvitation(tx: Tx, appId: string, email: string): Promise<Invitation | null> {
  const [row] = await tx.query<{ id: string; role: string }>(
    'select id, role from app_end_users where app_id = $1 and email = $2',
    [appId, email],
  );
  return row ? { endUserId: row.id, role: row.role } : null;
}

/** Stores a new link (its token's hash only) and drops the end user's used or expired ones. */
export async function storeMagicLink(
  tx: Tx,
  link: { tokenHash: string; appId: string; ownerId: string; endUserId: string; ttlSeconds: number },
): Promise<void> {
  await tx.query(
    'delete from app_magic_links where end_user_id = $1 and (used_at is not null or expires_at <= now())',
    [link.endUserId],
  );
  await tx.query(
    `insert into app_magic_links (token_hash, app_id, user_id, end_user_id, expires_at)
     values ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
    [link.tokenHash, link.appId, link.ownerId, link.endUserId, link.ttlSeconds],
  );
}

export type Redemption =
  | { ok: true; endUser: { id: string; email: string; role: string } }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/**
 * Uses up a link of `appId`: it must exist for this app, be unused and unexpired. The row is
 * locked first, so two requests racing with one link cannot both sign in.
 */
export async function redeemMagicLink(tx: Tx, tokenHash: string, appId: string): Promise<Redemption> {
  const [link] = await tx.query<{ app_id: string; end_user_id: string; used: boolean; expired: boolean }>(
    `select app_id, end_user_id, used_at is not null as used, expires_at <= now() as expired
     from app_magic_links where token_hash = $1 for update`,
    [tokenHash],
  );
  if (!link || link.app_id !== appId) return { ok: false, reason: 'unknown' };
  if (link.used) return { ok: false, reason: 'used' };
  if (link.expired) return { ok: false, reason: 'expired' };
  await tx.query('update app_magic_links set used_at = now() where token_hash = $1', [tokenHash]);
  const [endUser] = await tx.query<{ id: string; email: string; role: string }>(
    'update app_end_users set last_sign_in_at = now() where id = $1 returning id, email, role',
    [link.end_user_id],
  );
  return endUser ? { ok: true, endUser } : { ok: false, reason: 'unknown' };
}
