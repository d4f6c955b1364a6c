import { z } from 'zod';

/** An e-mail address as end users are stored: trimmed and lower-cased. */
export const EndUserEmail = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('must be an e-mail address').max(254, 'must be at most 254 characters'));

/** An end user the builder invited to an invite-only app. */
export const EndUser = z.object({
  id: z.uuid(),
  email: z.string(),
  /** A role id of the app's definition. */
  role: z.string(),
  invitedAt: z.string(),
  lastSignInAt: z.string().nullable(),
});
export type EndUser = z.infer<typeof EndUser>;

/** `GET /api/apps/:id/end-users`. */
export const EndUserList = z.object({ endUsers: z.array(EndUser) });
export type EndUserList = z.infer<typeof EndUserList>;

/** `POST /api/apps/:id/end-users`; without a role, the app's default role. */
export const InviteEndUserBody = z.strictObject({
  email: EndUserEmail,
  role: z.string().min(1).max(64).optional(),
});
export type InviteEndUserBody = z.infer<typeof InviteEndUserBody>;

export const EndUserParams = z.object({
  id: z.uuid('must be an app id (uuid)'),
  endUserId: z.uuid('must be an end user id (uuid)'),
});

/** `POST /u/{username}/{slug}/auth/magic-link`. */
export const MagicLinkBody = z.strictObject({ email: EndUserEmail });

/** `POST /u/{username}/{slug}/auth/session`: the token from the link's `#token=` fragment. */
export const AppSessionBody = z.strictObject({
  token: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'must be the token from the sign-in link'),
});

/** The answer to a sign-in: an app-scoped session, used as `Authorization: Bearer`. */
export const AppSession = z.object({
  access_token: z.string(),
  token_type: z.literal('bearer'),
  /** Seconds until the session ends. */
  expires_in: z.number().int(),
  end_user: z.object({ email: z.string(), role: z.string() }),
});
export type AppSession = z.infer<typeof AppSession>;
