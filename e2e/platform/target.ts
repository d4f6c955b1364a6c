import type { SqlParam } from '../../api/store/db.ts';

/**
 * One running platform the shared suite drives over HTTP, as `runTest({ newRouter })` gives Hono's
 * router suite one router: the Node target (e2e/platform/node-target.ts) or the Worker under
 * workerd (e2e/platform/worker-target.ts). Everything the suite checks goes through `url`; the
 * rest is what only the target knows how to do.
 */
export interface PlatformTarget {
  /** The API, the studio, published apps (`/u/…`) and webhooks (`/hooks/…`). */
  url: string;
  /**
   * Where builders sign up and get tokens: the embedded auth server. On Node that is `url` itself;
   * on the Worker it is the one worker-dev starts, standing in for Supabase Auth (the Worker
   * verifies its tokens through its JWKS URL).
   */
  authUrl: string;
  /** What `/health` must say. */
  health: { db: 'pglite' | 'postgres'; auth: 'embedded' | 'supabase' };
  /**
   * One pass of the workflow scheduler now, resolved once the pass has ended (the runs it started
   * may still be going). Worker: wrangler's test-scheduled endpoint, as the Cron Trigger; Node:
   * `schedulerTick` with the runtime's own `fire`, as its loop does every second.
   */
  schedulerTick(): Promise<void>;
  /**
   * One statement on the platform's database as its owner: checks, and the one setup the API
   * has no way to do, making a schedule due now rather than at the next minute (wrangler's
   * test-scheduled endpoint cannot move the Worker's clock). Never workflow_state, which the
   * Worker keeps elsewhere: a workflow's state is checked through its runs.
   */
  asOwner<Row = Record<string, unknown>>(text: string, params?: readonly SqlParam[]): Promise<Row[]>;
  /** The folder the blob store keeps uploaded bytes in (the disk store's root, or local R2's). */
  blobRoot: string;
}
