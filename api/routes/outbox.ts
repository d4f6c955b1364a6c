import { Hono } from 'hono';
import type { OutboxList, OutboxMail } from '../../schemas/index.ts';
import type { AppEnv } from '../kernel/context.ts';

/** The most recent messages the outbox shows. */
export const OUTBOX_LIMIT = 200;

interface MailRow {
  id: string;
  app_id: string | null;
  app_name: string | null;
  channel: OutboxMail['channel'];
  to_address: string;
  subject: string;
  body: string;
  source: string;
  created_at: Date;
}

/**
 * The builder's outbox (mounted at `/api/outbox`): the mail their apps sent, newest first. In
 * embedded mode this is where magic links and automation e-mails go; RLS shows only their own.
 */
export const outboxRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const rows = await c.var.platform.db.withUser(c.var.claims, (tx) =>
    tx.query<MailRow>(
      `select m.id, m.app_id, d.name as app_name, m.channel, m.to_address, m.subject, m.body, m.source,
              m.created_at
       from mail_outbox m left join app_definitions d on d.id = m.app_id
       where m.user_id = $1
       order by m.created_at desc, m.id desc
       limit $2`,
      [c.var.claims.sub, OUTBOX_LIMIT],
    ),
  );
  const body: OutboxList = {
    mail: rows.map((row) => ({
      id: row.id,
      appId: row.app_id,
      appName: row.app_name,
      channel: row.channel,
      to: row.to_address,
      subject: row.subject,
      body: row.body,
      source: row.source,
      createdAt: row.created_at.toISOString(),
    })),
  };
  return c.json(body);
});
