import { Hono } from 'hono';
import { CreateFeatureBody, FeatureIdParam, type FeatureList } from '../../schemas/index.ts';
import type { AppEnv } from '../kernel/context.ts';
import { limitReached, notFound } from '../kernel/errors.ts';
import { readJsonBody, readParams } from '../kernel/validate.ts';
import {
  countActiveFeatures,
  createFeature,
  deleteFeature,
  getFeature,
  listFeatures,
} from '../store/features.ts';
import { limitFromDbError } from '../store/limits.ts';

export const featureRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const body: FeatureList = await c.var.platform.db.withUser(c.var.claims, async (tx) => ({
      features: await listFeatures(tx),
      usage: await countActiveFeatures(tx),
    }));
    return c.json(body);
  })
  .post('/', async (c) => {
    const input = await readJsonBody(c, CreateFeatureBody);
    try {
      const feature = await c.var.platform.db.withUser(c.var.claims, (tx) => createFeature(tx, input));
      return c.json(feature, 201);
    } catch (error) {
      const limit = limitFromDbError(error);
      if (limit) throw limitReached(limit);
      throw error;
    }
  })
  .get('/:id', async (c) => {
    const { id } = readParams(c, FeatureIdParam);
    const feature = await c.var.platform.db.withUser(c.var.claims, (tx) => getFeature(tx, id));
    if (!feature) throw notFound('feature');
    return c.json(feature);
  })
  .delete('/:id', async (c) => {
    const { id } = readParams(c, FeatureIdParam);
    const deleted = await c.var.platform.db.withUser(c.var.claims, (tx) => deleteFeature(tx, id));
    if (!deleted) throw notFound('feature');
    return c.body(null, 204);
  });
