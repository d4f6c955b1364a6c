import {
  MAX_AUTOMATION_DEPTH,
  planAutomations,
  type RowEvent,
} from '../../../runtime/components/automations.ts';
import { prepareWrite } from '../../../runtime/components/write.ts';
import { hasRelatedFields, relationValuesAfter } from '../../../runtime/components/write-related.ts';
import type { Platform } from '../../kernel/context.ts';
import type { Tx } from '../../store/db.ts';
import type { PublishedApp } from '../../store/published-apps.ts';
import type { Caller } from './actor.ts';
import { loadRelated, refreshDependents } from './derived.ts';

/** Most recipients one notification to a role reaches. */
const MAX_ROLE_RECIPIENTS = 200;

/**
 * Carries out the automations a committed write sets off: mail through the mail port, record
 * updates through the same write pipeline (as the app's owner, which automations act for), and
 * the updates' own automations, at most MAX_AUTOMATION_DEPTH deep. The write has already
 * succeeded, so a failing automation is logged, never turned into an error for the caller.
 */
export async function runAutomations(
  platform: Platform,
  app: PublishedApp,
  caller: Caller,
  events: RowEvent[],
  depth = 0,
) {
  if (events.length === 0 || app.definition.automations.length === 0) return;
  if (depth >= MAX_AUTOMATION_DEPTH) {
    platform.log.error('automation_depth_reached', { appId: app.appId, depth });
    return;
  }
  const now = new Date().toISOString();
  const next: RowEvent[] = [];
  for (const event of await withRelated(platform, app, caller, events)) {
    const plan = planAutomations(app.definition, event, caller.actor, now);
    for (const skipped of plan.skipped)
      platform.log.info('automation_skipped', { appId: app.appId, ...skipped });
    for (const effect of plan.effects) {
      try {
        if (effect.kind === 'notify') {
          const recipients =
            effect.to.kind === 'address'
              ? [effect.to.email]
              : await platform.db.asService('automation-runner', async (tx) =>
                  (
                    await tx.query<{ email: string }>(
                      'select email from app_end_users where app_id = $1 and role = $2 order by email limit $3',
                      [app.appId, effect.to.kind === 'role' ? effect.to.roleId : '', MAX_ROLE_RECIPIENTS],
                    )
                  ).map((r) => r.email),
                );
          for (const to of recipients) {
            await platform.mailer.send({
              userId: app.ownerId,
              appId: app.appId,
              channel: effect.channel,
              to,
              subject: effect.subject,
              body: effect.body,
              source: `automation:${effect.automationId}`,
            });
          }
        } else if (effect.kind === 'update_record') {
          next.push(...(await applyUpdate(platform, app, effect.tableId, effect.rowIds, effect.values, now)));
        } else {
          platform.log.info('automation_workflow_not_available', {
            appId: app.appId,
            automationId: effect.automationId,
            workflowId: effect.workflowId,
          });
        }
      } catch (error) {
        platform.log.error('automation_failed', {
          appId: app.appId,
          automationId: effect.automationId,
          message: (error as Error).message,
        });
      }
    }
  }
  await runAutomations(platform, app, { ...caller, actor: { kind: 'owner' } }, next, depth + 1);
}

/**
 * The events' rows with their lookups and rollups, as committed (so an event's seats left count
 * the registration that set the automation off), for the conditions and texts to read: one query
 * per table, as the caller. Only for tables that have automations and lookups or rollups.
 */
async function withRelated(
  platform: Platform,
  app: PublishedApp,
  caller: Caller,
  events: RowEvent[],
): Promise<RowEvent[]> {
  const definition = app.definition;
  const tables = new Set(
    events
      .map((event) => event.tableId)
      .filter(
        (tableId) =>
          definition.automations.some((a) => a.tableId === tableId) &&
          hasRelatedFields(definition.tables.find((t) => t.id === tableId)),
      ),
  );
  if (tables.size === 0) return events;
  const out = [...events];
  await platform.db.withUser(caller.claims, async (tx) => {
    for (const tableId of tables) {
      const indexes = events.flatMap((event, i) => (event.tableId === tableId ? [i] : []));
      const related = await loadRelated(
        tx,
        definition,
        app.appId,
        tableId,
        indexes.map((i) => events[i]!.row.data),
      );
      indexes.forEach((i, k) => {
        const event = events[i]!;
        out[i] = { ...event, row: { ...event.row, data: { ...event.row.data, ...related[k] } } };
      });
    }
  });
  return out;
}

/** Loads the rows' lookups and rollups, as the update will leave them, in one query. */
function relatedAfter(
  tx: Tx,
  app: PublishedApp,
  tableId: string,
  rows: { data: Record<string, unknown> }[],
  values: Record<string, unknown>,
) {
  return loadRelated(
    tx,
    app.definition,
    app.appId,
    tableId,
    rows.map((row) => relationValuesAfter(app.definition, tableId, values, row.data)),
  );
}

async function applyUpdate(
  platform: Platform,
  app: PublishedApp,
  tableId: string,
  rowIds: string[],
  values: Record<string, unknown>,
  now: string,
) {
  return platform.db.asService('automation-runner', async (tx) => {
    const events: RowEvent[] = [];
    const rows = await tx.query<{ id: string; data: Record<string, unknown>; end_user_id: string | null }>(
      'select id, data, end_user_id from app_data where app_id = $1 and table_id = $2 and id = any($3::uuid[]) for update',
      [app.appId, tableId, `{${rowIds.join(',')}}`],
    );
    const related = await relatedAfter(tx, app, tableId, rows, values);
    const written: { id: string; before: Record<string, unknown>; after: Record<string, unknown> }[] = [];
    for (const [index, row] of rows.entries()) {
      const result = prepareWrite({
        app: app.definition,
        tableId,
        mode: 'update',
        values,
        existing: { id: row.id, data: row.data, createdBy: row.end_user_id },
        actor: { kind: 'owner' },
        now,
        recordId: row.id,
        related: related[index] ?? {},
      });
      if (!result.ok) {
        platform.log.info('automation_update_refused', {
          appId: app.appId,
          tableId,
          rowId: row.id,
          errors: result.errors.map((e) => e.message),
        });
        continue;
      }
      if (result.changedFields.length === 0) continue;
      await tx.query('update app_data set data = $2::jsonb, updated_at = now() where id = $1', [
        row.id,
        JSON.stringify(result.data),
      ]);
      written.push({ id: row.id, before: row.data, after: result.data });
      events.push({
        kind: 'update',
        tableId,
        row: { id: row.id, data: result.data },
        previous: row.data,
        changedFields: result.changedFields,
      });
    }
    const ctx = { app: app.definition, appId: app.appId, actor: { kind: 'owner' as const }, now };
    await refreshDependents(tx, ctx, tableId, written);
    return events;
  });
}
