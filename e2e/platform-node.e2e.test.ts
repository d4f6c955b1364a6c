import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usingPostgres } from '../api/testing/test-db.ts';
import { type NodeTarget, startNodeTarget } from './platform/node-target.ts';
import { platformSuite } from './platform/suite.ts';

// The shared platform suite (e2e/platform/suite.ts) against the Node target: one server for the
// whole file, on PGlite in `npm test` and on Postgres in `DATABASE_URL=… npm test`. The Worker
// runs the same cases in e2e/worker.e2e.test.ts.

describe(`the Node target on ${usingPostgres() ? 'Postgres' : 'PGlite'}`, () => {
  let node: NodeTarget;
  beforeAll(async () => {
    node = await startNodeTarget();
  });
  afterAll(async () => {
    await node?.stop();
  });

  platformSuite(() => node);

  it('logged no secret the suite planted', () => {
    const logged = node.logLines.join('\n');
    expect(logged).not.toMatch(/hook_canary_|whsec_e2e_runs_/);
  });
});
