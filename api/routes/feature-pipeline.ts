import { Hono } from 'hono';
import type { AppEnv } from '../kernel/context.ts';

// The build of a feature: start, progress (SSE), agent runs, approve / reject / retry, the code zip.
// Mounted at /api/features (after featureRoutes). Filled in by the pipeline work.
export const featurePipelineRoutes = new Hono<AppEnv>();
