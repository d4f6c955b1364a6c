import type { JwtClaims } from '../store/db.ts';

/**
 * A run acts as its builder: their claims, under row-level security, never the service role. So a
 * workflow of one builder cannot reach another builder's apps, state or connections, even by a
 * bug in a step.
 */
export const builderClaims = (userId: string): JwtClaims => ({ sub: userId, role: 'authenticated' });
