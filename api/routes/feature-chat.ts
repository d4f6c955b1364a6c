import { Hono } from 'hono';
import type { AppEnv } from '../kernel/context.ts';

// The chat with the BA agent (SSE) and the mode override. Mounted at /api/features.
export const featureChatRoutes = new Hono<AppEnv>();
