/**
 * Every internal job allowed to act as `service_role` (which bypasses row-level security).
 * Adding a name here is a security decision: say in the comment why the job cannot run as the
 * builder it works for.
 */
export const SERVICE_JOBS = {
  /** The embedded Supabase-Auth subset: it creates and reads accounts before anyone is signed in. */
  'embedded-auth': 'sign-up, sign-in and token refresh for the embedded auth server',
  /**
   * Publishing an app after its security review passed: builders may not set published_version
   * themselves (Supabase exposes their tables over REST), so only this job can.
   */
  'app-publisher': 'publishes a reviewed app version and creates its indexes',
  /**
   * Finding a published app from its public URL before anyone is known (visitors have no
   * identity yet): reads the app's published definition, owner and access level — never rows.
   */
  'app-resolver': 'resolves /u/{username}/{slug} to a published app',
  /**
   * The platform owner's admin page (after the ADMIN_EMAILS check in `routes/admin.ts`): reads
   * every builder's usage across tenants and sets plans, which builders may not change themselves.
   */
  'platform-admin': 'lists builders with their usage and sets their plans for the platform owner',
  /**
   * Putting mail into a builder's outbox: the sender may be an anonymous visitor (a magic-link
   * request, an automation set off by a public form), who has no right to the builder's rows.
   */
  'mail-outbox': "writes mail for a builder's app into their outbox",
  /**
   * Magic-link sign-in to invite-only apps (`routes/data-api/app-auth.ts`): the person asking has
   * no identity until their link checks out, so finding their invitation by e-mail, storing and
   * using up the link (app_magic_links, which no role but this job reaches) and stamping
   * last_sign_in_at cannot run under anyone's claims.
   */
  'app-sign-in': 'finds invitations, stores and redeems magic links of invite-only apps',
  /**
   * Signing out of invite-only apps (`routes/data-api/end-user.ts`): the list of signed-out app
   * sessions (app_session_revocations) must be read on every end user's request and written by
   * the sign-out, and no end user may read or edit that list, so it is reached by this job only.
   */
  'app-sign-out': 'records signed-out app sessions and checks sessions against them',
  /**
   * Automations of published apps: they act for the app's builder (updating rows, reading the
   * end users of a role to notify) although the person whose write set them off may be a visitor.
   */
  'automation-runner': "carries out a published app's automations",
  /**
   * Workflow triggers from outside (`/hooks/{workflowId}`, connections' inbound events): the
   * sender is anonymous until the workflow's own verification passes, so finding the active
   * workflow, its owner and its webhook secret cannot run under anyone's claims. Never reads rows.
   */
  'workflow-trigger': 'resolves an incoming webhook to an active workflow and checks its signature',
  /**
   * The workflow scheduler: it finds due cron and polling schedules of every builder and claims
   * them (one process fires each due time once); the runs themselves execute as their builder.
   */
  'workflow-scheduler': 'claims due cron and polling schedules across builders',
  /**
   * Running a workflow step that needs a secret (a connection's token or key, the builder's
   * Anthropic key): secrets are readable by no role but this job, and only inside the step.
   */
  'workflow-secrets': "opens a connection's credentials or the builder's AI key for one step",
  /**
   * Activating a workflow after its security review passed: builders may not set status or
   * active_version themselves (Supabase exposes the table over REST), so only this job can.
   */
  'workflow-activator': 'activates a reviewed workflow version, or deactivates it',
  /**
   * After a restart, runs whose process died (their lease expired) are found across builders and
   * marked failed or started again; the runs themselves then execute as their builder.
   */
  'workflow-recovery': 'finds runs left unfinished by a stopped server and settles them',
  /**
   * The agent pipeline's worker: it claims queued stage jobs of every builder (one process runs
   * each stage once; a dead process's job is taken over when its lease runs out). The stage's own
   * reads and writes, and its model calls, run as the feature's builder.
   */
  'pipeline-worker': 'claims queued pipeline stages across builders and settles abandoned ones',
  /**
   * An agent call (chat, co-pilot, a pipeline stage) needs the builder's Anthropic key, which no
   * role but this job may read: opened for that call only, never returned, logged or prompted.
   */
  'agent-key': "opens the builder's Anthropic key for one agent call",
  /** Tests that set up rows for two tenants and then check that neither reaches the other's. */
  'test-fixtures': 'tenant-isolation fixtures in the test suite',
} as const;

export type ServiceJob = keyof typeof SERVICE_JOBS;
