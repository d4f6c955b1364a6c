import { z } from 'zod';

export const Plan = z.enum(['free', 'paid']);
export type Plan = z.infer<typeof Plan>;

/** The signed-in builder, as `GET /api/me` answers. */
export const Me = z.object({
  id: z.uuid(),
  email: z.string(),
  username: z.string(),
  plan: Plan,
  /** True for the platform owner (ADMIN_EMAILS): the studio shows them the admin page. */
  isAdmin: z.boolean().optional(),
});
export type Me = z.infer<typeof Me>;
