import type { Db } from '../store/db.ts';

export interface MailMessage {
  /** The builder whose app sends it (it lands in their outbox). */
  userId: string;
  appId: string | null;
  channel: 'email' | 'in_app';
  to: string;
  subject: string;
  body: string;
  /** What sent it, for the outbox: `magic_link`, `automation:<id>`. */
  source: string;
}

/** Sends mail for builders' apps. Embedded: into the builder's outbox, readable at /app/outbox. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** The embedded default: every message is kept in `mail_outbox` (written by the 'mail-outbox' job). */
export function outboxMailer(db: Db): Mailer {
  return {
    async send(message) {
      await db.asService('mail-outbox', (tx) =>
        tx.query(
          `insert into mail_outbox (user_id, app_id, channel, to_address, subject, body, source)
           values ($1, $2, $3, $4, $5, $6, $7)`,
          [
            message.userId,
            message.appId,
            message.channel,
            message.to,
            message.subject.slice(0, 300),
            message.body.slice(0, 20000),
            message.source,
          ],
        ),
      );
    },
  };
}
