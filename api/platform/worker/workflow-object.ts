import { z } from 'zod';
import type { Logger } from '../../kernel/context.ts';
import {
  MAX_STATE_KEY_LENGTH,
  MAX_STATE_VALUE_BYTES,
  type StateEntry,
  stateText,
  stateTooLarge,
  type WorkflowRef,
  type WorkflowState,
} from '../../ports/workflow-state.ts';
import type { HandedRun } from '../../workflows/runner.ts';
import type { DurableObjectNamespace, DurableObjectState, WorkerEnv } from './bindings.ts';

// One Durable Object per workflow (idFromName(workflowId)): the workflow's state, in the object's
// storage, and its asynchronous runs. A request (an async webhook, a message, a re-run) or the
// Cron Trigger (cron, polling) stores a run queued in Postgres and hands its id here; the object's
// alarm claims it (queued → running, one statement: a run never runs twice) and carries it out
// with a Postgres client of its own, so a run is not cut off when the request's answer has gone
// (workerd cuts a request's waitUntil work about 30 s after it; a paid plan's run may take 120 s).
// While the alarm runs, runs handed over meanwhile join it; an object stopped half-way leaves
// its runs running with a lease that runs out, and the Cron Trigger's recovery settles them.

/** What the object needs from the Worker to carry out runs (main.ts builds it per alarm). */
export interface WorkflowObjectRuntime {
  runStored(
    ref: WorkflowRef,
    runIds: readonly string[],
  ): Promise<{ claimed: string[]; done: Promise<unknown> }>;
  /** Waits for what is still under way and closes the alarm's database client. */
  close(): Promise<void>;
}

/** Opens the runtime for one alarm; `local` is the object's own state (runs read and write it directly). */
export type OpenWorkflowRuntime = (env: WorkerEnv, local: WorkflowState) => Promise<WorkflowObjectRuntime>;

/** The storage calls used here beyond bindings.ts's (workerd's SQLite-backed storage has them all). */
interface ObjectStorage {
  get<T>(key: string): Promise<T | undefined>;
  put<T>(key: string, value: T): Promise<void>;
  delete(keys: string[]): Promise<number>;
  list<T>(options: { prefix: string; limit: number }): Promise<Map<string, T>>;
  setAlarm(scheduledTime: number): Promise<void>;
}

const StateKey = z.string().min(1).max(MAX_STATE_KEY_LENGTH);
/** Every ask names the workflow and its builder: the object answers only the builder it first served. */
const Ref = { workflowId: z.uuid(), userId: z.uuid() };
const Ask = z.discriminatedUnion('op', [
  z.object({ op: z.literal('get'), ...Ref, key: StateKey }),
  z.object({ op: z.literal('set'), ...Ref, key: StateKey, value: z.json() }),
  z.object({ op: z.literal('clear'), ...Ref }),
  z.object({ op: z.literal('run'), ...Ref, runIds: z.array(z.uuid()).min(1).max(100) }),
]);
type Ask = z.infer<typeof Ask>;

const STATE = 'state:';
const OWNER = 'owner';
const PENDING = 'pending';
/** After this long an alarm takes no new runs (they wait for the next alarm): alarms may last 15 min. */
const TAKE_RUNS_FOR_MS = 10 * 60_000;
/** When the database cannot be reached, the next try. */
const RETRY_MS = 30_000;

export function workflowObjectClass(log: Logger, openRuntime: OpenWorkflowRuntime) {
  return class WorkflowObject {
    private readonly storage: ObjectStorage;
    /** Set while an alarm carries out runs: a run handed over now joins it at once. */
    private taking: ((runIds: string[]) => void) | null = null;

    constructor(
      state: DurableObjectState,
      private readonly env: WorkerEnv,
    ) {
      this.storage = state.storage as unknown as ObjectStorage;
    }

    async fetch(request: Request): Promise<Response> {
      const parsed = Ask.safeParse(await request.json().catch(() => null));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return Response.json(
          { error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` },
          { status: 400 },
        );
      }
      const ask: Ask = parsed.data;
      // On Node, RLS keeps a builder to their own workflows' state; here the object does: it
      // belongs to the workflow and builder of its first ask (ids are never reused).
      const owner = await this.storage.get<WorkflowRef>(OWNER);
      if (!owner) await this.storage.put(OWNER, { workflowId: ask.workflowId, userId: ask.userId });
      else if (owner.workflowId !== ask.workflowId || owner.userId !== ask.userId)
        return Response.json(
          { error: "userId: this workflow is not that builder's", code: 'not_owner' },
          { status: 409 },
        );
      switch (ask.op) {
        case 'get':
          return Response.json(await this.get(ask.key));
        case 'set': {
          const { text, bytes } = stateText(ask.value);
          if (bytes > MAX_STATE_VALUE_BYTES)
            return Response.json(
              { error: `value: larger than ${MAX_STATE_VALUE_BYTES} bytes`, code: 'state_too_large' },
              { status: 413 },
            );
          await this.storage.put(STATE + ask.key, text);
          return Response.json({ ok: true });
        }
        case 'clear':
          await this.clear();
          return Response.json({ ok: true });
        case 'run':
          return Response.json(await this.queue(ask));
      }
    }

    private async get(key: string): Promise<StateEntry> {
      const text = await this.storage.get<string>(STATE + key);
      return text === undefined ? { found: false, value: null } : { found: true, value: JSON.parse(text) };
    }

    private async clear(): Promise<void> {
      for (;;) {
        const keys = [...(await this.storage.list({ prefix: STATE, limit: 128 })).keys()];
        if (keys.length === 0) return;
        await this.storage.delete(keys);
      }
    }

    /** Remembers the runs (an evicted object finds them again) and starts or joins an alarm. */
    private async queue(ask: Extract<Ask, { op: 'run' }>) {
      const pending = new Set(await this.pendingRuns());
      for (const id of ask.runIds) pending.add(id);
      await this.storage.put(PENDING, [...pending]);
      // Checked after the last await: the alarm's loop stops taking runs in the same turn it
      // clears `taking`, so a run is either taken by it or wakes a new alarm.
      if (this.taking) this.taking(ask.runIds);
      else await this.storage.setAlarm(Date.now());
      return { queued: pending.size };
    }

    private async pendingRuns(): Promise<string[]> {
      return (await this.storage.get<string[]>(PENDING)) ?? [];
    }

    private async settle(runIds: readonly string[]): Promise<void> {
      const gone = new Set(runIds);
      await this.storage.put(
        PENDING,
        (await this.pendingRuns()).filter((id) => !gone.has(id)),
      );
    }

    /** This workflow's state for the runs carried out here: straight to the object's storage. */
    private localState(own: WorkflowRef, elsewhere: WorkflowState): WorkflowState {
      const mine = (ref: WorkflowRef) => ref.workflowId === own.workflowId;
      return {
        get: (ref, key) => (mine(ref) ? this.get(key) : elsewhere.get(ref, key)),
        set: async (ref, key, value) => {
          if (!mine(ref)) return elsewhere.set(ref, key, value);
          const { text, bytes } = stateText(value);
          if (bytes > MAX_STATE_VALUE_BYTES) throw stateTooLarge(key);
          await this.storage.put(STATE + key, text);
        },
        clearAll: (ref) => (mine(ref) ? this.clear() : elsewhere.clearAll(ref)),
      };
    }

    async alarm(): Promise<void> {
      const owner = await this.storage.get<WorkflowRef>(OWNER);
      const first = await this.pendingRuns();
      if (!owner || first.length === 0) return;
      let runtime: WorkflowObjectRuntime;
      try {
        const elsewhere = durableObjectWorkflowState(this.env.WORKFLOWS as DurableObjectNamespace);
        runtime = await openRuntime(this.env, this.localState(owner, elsewhere));
      } catch (error) {
        log.error('workflow_object_not_started', { workflowId: owner.workflowId, error: String(error) });
        await this.storage.setAlarm(Date.now() + RETRY_MS);
        return;
      }
      const started = Date.now();
      const running = new Set<Promise<unknown>>();
      let waiting: string[] = [...first];
      let woken: () => void = () => {};
      let retry = false;
      this.taking = (runIds) => {
        waiting = [...waiting, ...runIds];
        woken();
      };
      try {
        for (;;) {
          if (waiting.length > 0 && !retry && Date.now() - started < TAKE_RUNS_FOR_MS) {
            const runIds = waiting;
            waiting = [];
            try {
              const { claimed, done } = await runtime.runStored(owner, runIds);
              log.info('workflow_object_runs', { workflowId: owner.workflowId, handed: runIds, claimed });
              await this.settle(runIds);
              const tracked = done.finally(() => running.delete(tracked));
              running.add(tracked);
            } catch (error) {
              // Still queued in Postgres and pending here: the next alarm claims them.
              log.error('workflow_object_claim_failed', {
                workflowId: owner.workflowId,
                error: String(error),
              });
              retry = true;
            }
            continue;
          }
          if (running.size === 0) break;
          await Promise.race([...running, new Promise<void>((resolve) => (woken = resolve))]);
        }
      } finally {
        // Same turn as the loop's last look at `waiting`: a run handed over from here on sets an alarm.
        this.taking = null;
        await runtime
          .close()
          .catch((error) =>
            log.error('workflow_object_close_failed', { workflowId: owner.workflowId, error: String(error) }),
          );
      }
      if ((await this.pendingRuns()).length > 0)
        await this.storage.setAlarm(Date.now() + (retry ? RETRY_MS : 0));
    }
  };
}

const Entry = z.object({ found: z.boolean(), value: z.json() });

const refOf = (ref: WorkflowRef) => ({ workflowId: ref.workflowId, userId: ref.userId });

async function askObject(namespace: DurableObjectNamespace, body: Ask): Promise<Response> {
  // A stub per call: stubs are cheap, and one made in another request's scope may not be usable.
  const stub = namespace.get(namespace.idFromName(body.workflowId));
  return stub.fetch('https://workflow-object/', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function answerOf(response: Response, op: Ask['op']): Promise<unknown> {
  if (!response.ok) {
    const detail = await response.text().catch(() => '');
    throw new Error(`workflow object answered ${response.status} to ${op}: ${detail.slice(0, 200)}`);
  }
  return response.json();
}

/** The WorkflowState port over the WORKFLOWS namespace: each workflow's values in its own object. */
export function durableObjectWorkflowState(namespace: DurableObjectNamespace): WorkflowState {
  return {
    async get(ref, key) {
      const answer = await askObject(namespace, { op: 'get', ...refOf(ref), key });
      return Entry.parse(await answerOf(answer, 'get')) as StateEntry;
    },
    async set(ref, key, value) {
      const { bytes } = stateText(value);
      // Refused here too, so 64 KB of JSON does not travel to be refused.
      if (bytes > MAX_STATE_VALUE_BYTES) throw stateTooLarge(key);
      // Any JSON value reaches here (a step's output); the object checks it again.
      const json = (value ?? null) as Extract<Ask, { op: 'set' }>['value'];
      const answer = await askObject(namespace, { op: 'set', ...refOf(ref), key, value: json });
      if (answer.status === 413) throw stateTooLarge(key);
      await answerOf(answer, 'set');
    },
    async clearAll(ref) {
      await answerOf(await askObject(namespace, { op: 'clear', ...refOf(ref) }), 'clear');
    },
  };
}

/** The runner's hand-off on the Worker: the run goes to its workflow's object. */
export function workflowObjectHandOff(namespace: DurableObjectNamespace) {
  return async (run: HandedRun): Promise<void> => {
    const answer = await askObject(namespace, {
      op: 'run',
      workflowId: run.workflowId,
      userId: run.userId,
      runIds: [run.runId],
    });
    await answerOf(answer, 'run');
  };
}
