import { AsyncLocalStorage } from 'node:async_hooks';
import type { WorkflowState } from '../../ports/workflow-state.ts';
import type { Db, JwtClaims, Statement } from '../../store/db.ts';
import type { WorkflowRunner } from '../../workflows/runner.ts';

// workerd ties every socket to the request that opened it: a postgres.js pool shared by the
// isolate fails ("Cannot perform I/O on behalf of a different request") the moment a second
// request reuses a connection. So each request (and each Cron Trigger) opens its own database
// client, as Cloudflare's Hyperdrive guide does, and closes it once its work is done. The app,
// its caches (published apps, active workflows) and the keys stay per isolate; the parts that do
// I/O on the database are looked up here, in the scope of the request running now (AsyncLocalStorage
// follows the request's promises, timers and `waitUntil` work, and so each run it starts).

export interface RequestScope {
  db: Db;
  /** This request's runner (set once the isolate is built): `drain()` waits for exactly its runs. */
  runner?: WorkflowRunner;
  /** In a workflow's Durable Object: its own storage, which the runs it carries out use directly. */
  state?: WorkflowState;
}

const scopes = new AsyncLocalStorage<RequestScope>();

export const inRequestScope = <T>(scope: RequestScope, fn: () => T): T => scopes.run(scope, fn);

export function currentScope(): RequestScope {
  const scope = scopes.getStore();
  if (!scope) throw new Error('database used outside a request or scheduled event of the Worker');
  return scope;
}

/**
 * The Db port as the isolate-wide platform holds it: each call goes to the database client of
 * the request it is made for. Closing it closes nothing (each request closes its own).
 */
export const scopedDb: Db = {
  kind: 'postgres',
  withUser: (claims, fn) => currentScope().db.withUser(claims, fn),
  readAsUser<Row>(claims: JwtClaims, statements: readonly Statement[]) {
    return currentScope().db.readAsUser<Row>(claims, statements);
  },
  asService: (job, fn) => currentScope().db.asService(job, fn),
  asOwner: (fn) => currentScope().db.asOwner(fn),
  close: async () => {},
};

/** The WorkflowState port as the isolate holds it: the invocation's own, else the objects' namespace. */
export function scopedWorkflowState(namespaceState: WorkflowState): WorkflowState {
  const store = () => scopes.getStore()?.state ?? namespaceState;
  return {
    get: (ref, key) => store().get(ref, key),
    set: (ref, key, value) => store().set(ref, key, value),
    clearAll: (ref) => store().clearAll(ref),
  };
}
