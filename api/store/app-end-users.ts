import type { EndUser } from '../../schemas/index.ts';
import type { Tx } from './db.ts';

interface EndUserRow {
  id: string;
  email: string;
  role: string;
  invited_at: Date;
  last_sign_in_at: Date | null;
}

const COLUMNS = 'id, email, role, invited_at, last_sign_in_at';

export function toEndUser(row: EndUserRow): EndUser {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    invitedAt: row.invited_at.toISOString(),
    lastSignInAt: row.last_sign_in_at?.toISOString() ?? null,
  };
}

// The builder's side runs inside `withUser` with the builder's claims: RLS keeps it to their apps.

export async function listEndUsers(tx: Tx, appId: string): Promise<EndUser[]> {
  const rows = await tx.query<EndUserRow>(
    `select ${COLUMNS} from app_end_users where app_id = $1 order by invited_at desc, email`,
    [appId],
  );
  return rows.map(toEndUser);
}

/** Throws the database's unique violation (23505) when the e-mail is already invited. */
export async function inviteEndUser(tx: Tx, appId: string, email: string, role: string): Promise<EndUser> {
  const [row] = await tx.query<EndUserRow>(
    `insert into app_end_users (app_id, email, role) values ($1, $2, $3) returning ${COLUMNS}`,
    [appId, email, role],
  );
  return toEndUser(row!);
}

export async function removeEndUser(tx: Tx, appId: string, endUserId: string): Promise<boolean> {
  const removed = await tx.query('delete from app_end_users where id = $1 and app_id = $2 returning id', [
    endUserId,
    appId,
  ]);
  return removed.length > 0;
}

/**
 * The signed-in end user's own row, read under their app session's claims (RLS shows them only
 * that row): null once the builder removed them. One primary-key lookup per request.
 */
export async function findSessionEndUser(
  tx: Tx,
  endUserId: string,
): Promise<{ email: string; role: string } | null> {
  const [row] = await tx.query<{ email: string; role: string }>(
    'select email, role from app_end_users where id = $1',
    [endUserId],
  );
  return row ?? null;
}
