import { Hono } from 'hono';
import { CreateFeatureBody, FeatureIdParam, type FeatureList } from '../../schemas/index.ts';
import { listArtifactRows } from '../agents/pipeline/artifacts.ts';
import { readFeatureDetail } from '../agents/pipeline/detail.ts';
import type { AppEnv } from '../kernel/context.ts';
import { limitReached, notFound } from '../kernel/errors.ts';
import { readJsonBody, readParams } from '../kernel/validate.ts';
import { countActiveFeatures, createFeature, deleteFeature, listFeatures } from '../store/features.ts';
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
    const { platform, claims } = c.var;
    // The detail the studio shows: the build's state, its artifacts inline, whether a key is set.
    const detail = await platform.db.withUser(claims, (tx) => readFeatureDetail(platform, tx, id));
    if (!detail) throw notFound('feature');
    return c.json(detail);
  })
  .delete('/:id', async (c) => {
    const { id } = readParams(c, FeatureIdParam);
    const { platform, claims } = c.var;
    const removed = await platform.db.withUser(claims, async (tx) => {
      // The artifacts' rows go with the feature (cascade); their bytes are removed after it.
      const artifacts = await listArtifactRows(tx, id);
      return (await deleteFeature(tx, id)) ? artifacts.map((a) => a.blob_key) : null;
    });
    if (!removed) throw notFound('feature');
    await Promise.all(removed.map((key) => platform.blobs?.delete(key).catch(() => {})));
    return c.body(null, 204);
  });
