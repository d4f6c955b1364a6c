import type { AdminBuilder, Plan, PlanLimits } from '../../schemas/index.ts';
import type { Tx } from './db.ts';

// Every function here runs inside `db.asService('platform-admin', …)`: the platform owner reads
// every builder's usage, which no builder's RLS scope allows. The route checks the owner first.

interface PlanRow {
  id: Plan;
  active_features: number;
  artifact_bytes: number | string | bigint;
  app_requests_per_minute: number;
  workflow_executions_per_hour: number;
  execution_timeout_seconds: number;
  rows_per_app: number;
  published_apps: number | null;
}

interface BuilderRow {
  id: string;
  username: string;
  email: string | null;
  plan: Plan;
  created_at: Date;
  active_features: number;
  published_apps: number;
  largest_app_rows: number;
  total_rows: number | string | bigint;
  artifact_bytes: number | string | bigint;
  executions_last_hour: number;
}

// bigint sums come back as strings (postgres.js) or bigints (PGlite); they fit a double well
// beyond any plan's limit.
const toNumber = (value: number | string | bigint) => Number(value);

const toPlan = (row: PlanRow): PlanLimits => ({
  id: row.id,
  activeFeatures: row.active_features,
  artifactBytes: toNumber(row.artifact_bytes),
  appRequestsPerMinute: row.app_requests_per_minute,
  workflowExecutionsPerHour: row.workflow_executions_per_hour,
  executionTimeoutSeconds: row.execution_timeout_seconds,
  rowsPerApp: row.rows_per_app,
  publishedApps: row.published_apps,
});

const toBuilder = (row: BuilderRow): AdminBuilder => ({
  id: row.id,
  username: row.username,
  email: row.email,
  plan: row.plan,
  createdAt: row.created_at.toISOString(),
  usage: {
    activeFeatures: row.active_features,
    publishedApps: row.published_apps,
    largestAppRows: row.largest_app_rows,
    totalRows: toNumber(row.total_rows),
    artifactBytes: toNumber(row.artifact_bytes),
    workflowExecutionsLastHour: row.executions_last_hour,
  },
});

export async function listPlans(tx: Tx): Promise<PlanLimits[]> {
  const rows = await tx.query<PlanRow>(
    `select id, active_features, artifact_bytes, app_requests_per_minute, workflow_executions_per_hour,
            execution_timeout_seconds, rows_per_app, published_apps
       from plans order by rows_per_app, id`,
  );
  return rows.map(toPlan);
}

/**
 * Supabase keeps `auth.users` to itself unless the project grants `select` on it to
 * `service_role`; the embedded auth server grants it. Without the grant the list still works,
 * with no e-mails, rather than failing as a whole.
 */
async function canReadEmails(tx: Tx): Promise<boolean> {
  const [row] = await tx.query<{ allowed: boolean }>(
    `select coalesce(has_column_privilege('auth.users', 'email', 'select'), false) as allowed`,
  );
  return row?.allowed === true;
}

/**
 * Usage is counted the way each limit is enforced by the triggers in the migrations: active
 * features are those not done or failed; rows per app come from the counter the row triggers
 * keep on `app_definitions`. One aggregate per table, grouped by builder, so the cost grows with
 * the tables rather than with builders × tables.
 */
function buildersSql(withEmail: boolean, oneBuilder: boolean): string {
  return `
    with feature_usage as (
      select user_id, count(*)::int as active_features from features
       where status not in ('done', 'failed') group by user_id
    ), app_usage as (
      select user_id,
             count(*) filter (where published_version is not null)::int as published_apps,
             coalesce(max(row_count), 0)::int as largest_app_rows,
             coalesce(sum(row_count), 0)::bigint as total_rows
        from app_definitions group by user_id
    ), artifact_usage as (
      -- Stored bytes as the plan limit counts them: artifacts and files uploaded to published apps.
      select user_id, sum(size_bytes)::bigint as artifact_bytes from (
        select user_id, size_bytes from artifacts union all select user_id, size_bytes from app_files
      ) stored group by user_id
    ), run_usage as (
      select user_id, count(*)::int as executions_last_hour from workflow_runs
       where started_at > now() - interval '1 hour' group by user_id
    )
    select pr.id, pr.username, ${withEmail ? 'u.email' : 'null::text'} as email, pr.plan, pr.created_at,
           coalesce(f.active_features, 0) as active_features,
           coalesce(a.published_apps, 0) as published_apps,
           coalesce(a.largest_app_rows, 0) as largest_app_rows,
           coalesce(a.total_rows, 0) as total_rows,
           coalesce(ar.artifact_bytes, 0) as artifact_bytes,
           coalesce(r.executions_last_hour, 0) as executions_last_hour
      from profiles pr
      ${withEmail ? 'left join auth.users u on u.id = pr.id' : ''}
      left join feature_usage f on f.user_id = pr.id
      left join app_usage a on a.user_id = pr.id
      left join artifact_usage ar on ar.user_id = pr.id
      left join run_usage r on r.user_id = pr.id
     ${oneBuilder ? 'where pr.id = $1' : ''}
     order by pr.created_at, pr.username`;
}

export async function listBuilders(tx: Tx): Promise<AdminBuilder[]> {
  const rows = await tx.query<BuilderRow>(buildersSql(await canReadEmails(tx), false));
  return rows.map(toBuilder);
}

export async function getBuilder(tx: Tx, id: string): Promise<AdminBuilder | null> {
  const [row] = await tx.query<BuilderRow>(buildersSql(await canReadEmails(tx), true), [id]);
  return row ? toBuilder(row) : null;
}

/** Sets a builder's plan; returns the plan they had, or null when there is no such builder. */
export async function setBuilderPlan(tx: Tx, id: string, plan: Plan): Promise<{ previous: Plan } | null> {
  const [row] = await tx.query<{ plan: Plan }>('select plan from profiles where id = $1 for update', [id]);
  if (!row) return null;
  await tx.query('update profiles set plan = $2 where id = $1', [id, plan]);
  return { previous: row.plan };
}
