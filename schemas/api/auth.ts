import { z } from 'zod';

/** Names that would clash with the platform's own paths under `/u/`. */
export const RESERVED_USERNAMES = new Set([
  'admin',
  'api',
  'app',
  'auth',
  'health',
  'hooks',
  'login',
  'logout',
  'settings',
  'signup',
  'static',
  'assets',
  'support',
  'u',
  'www',
]);

/** A builder's username: it becomes `/u/{username}`, so lower-case and URL-safe. */
export const Username = z
  .string()
  .min(3, 'must be at least 3 characters')
  .max(32, 'must be at most 32 characters')
  .regex(
    /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    'may use only a-z, 0-9 and inner hyphens (it becomes /u/{username})',
  )
  .refine((name) => !name.includes('--'), 'may not contain two hyphens in a row')
  .refine((name) => !RESERVED_USERNAMES.has(name), 'is reserved; choose another');

export const Email = z.email('must be an e-mail address').max(254);

export const Password = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(72, 'must be at most 72 characters');
