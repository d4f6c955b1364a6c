import { isUuid } from '../../runtime/components/query/values.ts';
import { StepFailure } from '../../runtime/workflows/ports.ts';
import type { Db } from '../store/db.ts';
import { builderClaims } from './builder-claims.ts';
import type { InternalCallers } from './internal-caller.ts';

// create_record / update_record: through the builder's published app's own data API, so a
// workflow's write meets the same types, constraints, rules, state machine, relations and
// automations as a person's. The app is found as the builder (RLS): another builder's app id
// is simply not found.

export type AppFetch = (request: Request) => Response | Promise<Response>;

interface AppAddress {
  username: string;
  slug: string;
  published: boolean;
}

async function appAddress(db: Db, userId: string, appId: string): Promise<AppAddress | null> {
  if (!isUuid(appId)) return null;
  const [row] = await db.withUser(builderClaims(userId), (tx) =>
    tx.query<{ username: string; slug: string; published: boolean }>(
      `select pr.username, d.slug, d.published_version is not null as published
       from app_definitions d join profiles pr on pr.id = d.user_id where d.id = $1`,
      [appId],
    ),
  );
  return row ?? null;
}

interface RestError {
  message?: string;
  details?: string | null;
  error?: { message?: string };
}

async function failure(response: Response, what: string): Promise<StepFailure> {
  const body = (await response.json().catch(() => ({}))) as RestError;
  const reason = body.message ?? body.error?.message ?? `status ${response.status}`;
  const details = body.details ? ` (${body.details})` : '';
  // Refusals of the data (400, 403, 404, 409) will not change on a retry; a rate limit or a
  // server error may.
  const retryable = response.status === 429 || response.status >= 500;
  return new StepFailure(`${what}: ${reason}${details}`, `record_${response.status}`, retryable);
}

export function recordSteps(options: {
  db: Db;
  fetchApp: AppFetch;
  callers: InternalCallers;
  publicUrl: string;
  userId: string;
}) {
  const { db, fetchApp, callers, userId } = options;

  async function send(
    appId: string,
    tableId: string,
    method: 'POST' | 'PATCH',
    query: string,
    values: unknown,
  ) {
    const app = await appAddress(db, userId, appId);
    if (!app) throw new StepFailure(`App "${appId}" is not one of your apps`, 'app_not_found', false);
    if (!app.published)
      throw new StepFailure(
        `App "${appId}" is not published yet: publish it first`,
        'app_not_published',
        false,
      );
    const url = `${options.publicUrl}/u/${app.username}/${app.slug}/rest/v1/${encodeURIComponent(tableId)}?${query}`;
    return fetchApp(
      new Request(url, {
        method,
        headers: {
          authorization: `Bearer ${await callers.sign(userId)}`,
          'content-type': 'application/json',
          prefer: 'return=representation',
        },
        body: JSON.stringify(values),
      }),
    );
  }

  return {
    async createRecord(appId: string, tableId: string, values: Record<string, unknown>) {
      const response = await send(appId, tableId, 'POST', 'select=id', values);
      if (response.status !== 201) throw await failure(response, `Could not add the record to ${tableId}`);
      const [row] = (await response.json()) as { id: string }[];
      return { id: row!.id };
    },
    async updateRecord(appId: string, tableId: string, recordId: string, values: Record<string, unknown>) {
      if (!isUuid(recordId))
        throw new StepFailure(`"${recordId.slice(0, 80)}" is not a record id`, 'record_not_found', false);
      const response = await send(appId, tableId, 'PATCH', `select=id&id=eq.${recordId}`, values);
      if (response.status !== 200) throw await failure(response, `Could not change the record in ${tableId}`);
      const rows = (await response.json()) as { id: string }[];
      if (rows.length === 0)
        throw new StepFailure(`No record ${recordId} in ${tableId}`, 'record_not_found', false);
      return { id: rows[0]!.id };
    },
  };
}
