import { Hono } from 'hono';
import type { AppEnv } from '../kernel/context.ts';

// The co-pilot on the canvas: JSON Patch proposals on an app's or a workflow's draft, and accepting
// one as an agent-authored draft version. Mounted at /api/apps and /api/workflows.
export function copilotRoutes(_kind: 'app' | 'workflow') {
  return new Hono<AppEnv>();
}
