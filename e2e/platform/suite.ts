import { describe } from 'vitest';
import { authCases } from './auth.cases.ts';
import { suiteContext } from './context.ts';
import { dataApiCases } from './data-api.cases.ts';
import { fileCases } from './files.cases.ts';
import { studioCases } from './studio.cases.ts';
import type { PlatformTarget } from './target.ts';
import { workflowCases } from './workflows.cases.ts';

export type { PlatformTarget } from './target.ts';

/**
 * The shared platform suite (issue #9): the same HTTP-level cases against every target, as Hono
 * runs one router suite against every router. Called inside the target's own `describe`, after
 * the `beforeAll` that starts it; `target` is read only once a test runs. The cases share one
 * target and what they make on it (builders, apps), so one server or one workerd serves them all.
 */
export function platformSuite(target: () => PlatformTarget) {
  const ctx = suiteContext(target);
  describe('auth', () => authCases(ctx));
  describe('apps and their data API', () => dataApiCases(ctx));
  describe('attachments', () => fileCases(ctx));
  describe('workflows', () => workflowCases(ctx));
  describe('studio and viewer pages', () => studioCases(ctx));
}
