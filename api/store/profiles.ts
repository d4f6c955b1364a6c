import type { Me, Plan } from '../../schemas/index.ts';
import type { Tx } from './db.ts';

export async function getMe(tx: Tx, email: string): Promise<Me | null> {
  const [row] = await tx.query<{ id: string; username: string; plan: Plan }>(
    'select id, username, plan from profiles where id = (select auth.uid())',
  );
  return row ? { ...row, email } : null;
}
