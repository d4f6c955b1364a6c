import { Hono } from 'hono';
import { PutAnthropicKeyBody } from '../../schemas/index.ts';
import type { AppEnv } from '../kernel/context.ts';
import { readJsonBody } from '../kernel/validate.ts';
import { secretStatus } from '../store/secrets.ts';

export const settingsRoutes = new Hono<AppEnv>()
  .get('/anthropic-key', async (c) => {
    const status = await c.var.platform.db.withUser(c.var.claims, (tx) => secretStatus(tx, 'anthropic_key'));
    return c.json(status);
  })
  .put('/anthropic-key', async (c) => {
    const { key } = await readJsonBody(c, PutAnthropicKeyBody);
    const { db, secrets } = c.var.platform;
    const status = await db.withUser(c.var.claims, (tx) =>
      secrets.put(tx, c.var.claims.sub, 'anthropic_key', key),
    );
    return c.json(status);
  })
  .delete('/anthropic-key', async (c) => {
    const { db, secrets } = c.var.platform;
    await db.withUser(c.var.claims, (tx) => secrets.remove(tx, 'anthropic_key'));
    return c.body(null, 204);
  });
