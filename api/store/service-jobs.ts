/**
 * Every internal job allowed to act as `service_role` (which bypasses row-level security).
 * Adding a name here is a security decision: say in the comment why the job cannot run as the
 * builder it works for.
 */
export const SERVICE_JOBS = {
  /** The embedded Supabase-Auth subset: it creates and reads accounts before anyone is signed in. */
  'embedded-auth': 'sign-up, sign-in and token refresh for the embedded auth server',
  /** Tests that set up rows for two tenants and then check that neither reaches the other's. */
  'test-fixtures': 'tenant-isolation fixtures in the test suite',
} as const;

export type ServiceJob = keyof typeof SERVICE_JOBS;
