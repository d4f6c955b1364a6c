import { z } from 'zod';
import { Id, Label } from '../common.ts';

/**
 * A hostname a connection may call: a DNS name, never an IP literal, localhost or an internal
 * suffix (the runtime still resolves and refuses private addresses at call time).
 */
export const AllowedHost = z
  .string()
  .toLowerCase()
  .regex(
    /^(\*\.)?(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a public hostname like api.example.com (or *.example.com)',
  )
  .refine(
    (host) => !/(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/.test(host),
    'must not be an internal host',
  );

export const ConnectionAuth = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('oauth2'), scopes: z.array(z.string().min(1).max(200)).max(50) }),
  z.strictObject({
    kind: z.literal('api_key'),
    /** Where the key goes on each request. */
    placement: z.enum(['header', 'query', 'bearer']),
    name: z.string().min(1).max(100),
  }),
  z.strictObject({ kind: z.literal('none') }),
]);

/** A third-party service the workflow may use; its token or key lives in the vault, not here. */
export const Connection = z.strictObject({
  id: Id,
  label: Label,
  /** e.g. slack, google_calendar, gmail, http. */
  provider: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, 'must be a provider name like google_calendar'),
  auth: ConnectionAuth,
  allowedHosts: z.array(AllowedHost).min(1, 'must list the hosts it may call').max(20),
  /** Requests' paths are relative to this; its host must be allowed. */
  baseUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }).optional(),
});
export type Connection = z.infer<typeof Connection>;

/** A secret the workflow needs (a webhook signing secret); its value is set apart, in the vault. */
export const SecretDeclaration = z.strictObject({ id: Id, label: Label });
