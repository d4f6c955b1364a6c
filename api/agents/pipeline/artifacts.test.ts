import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitReached } from '../../kernel/errors.ts';
import { type MemoryBlobStore, memoryBlobStore } from '../../ports/blob-store.ts';
import type { Db, JwtClaims } from '../../store/db.ts';
import { limitFromDbError } from '../../store/limits.ts';
import { type Builder, signUpBuilder } from '../../testing/builders.ts';
import { openTestDb } from '../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import {
  discardBlobs,
  listArtifactRows,
  loadArtifacts,
  type NewArtifact,
  recordArtifacts,
  stageArtifacts,
} from './artifacts.ts';
import { failureReason } from './worker.ts';

// Issue #8: artifacts are "stored through the blob port under /{user_id}/{feature_id}/ … 500 MB
// artifact storage per builder (free), enforced". The plan's artifact_bytes is set low here (as the
// database owner) to check the quota at its edge.

let db: Db;
let server: TestServer;
let builder: Builder;
let claims: JwtClaims;
let featureId: string;
let blobs: MemoryBlobStore;

const SPEC = {
  title: 'Recipe tracker',
  summary: 'Keep family recipes.',
  users: ['The family'],
  requirements: ['Store recipes'],
  acceptance: ['A recipe can be added'],
  outOfScope: [],
};
const size = (content: unknown) => new TextEncoder().encode(JSON.stringify(content)).length;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  builder = await signUpBuilder(server.url, 'quota');
  claims = { sub: builder.id, role: 'authenticated' };
  const [feature] = await db.withUser(claims, (tx) =>
    tx.query<{ id: string }>(
      "insert into features (title, mode) values ('Recipes', 'components') returning id",
    ),
  );
  featureId = feature!.id;
  blobs = memoryBlobStore();
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

async function store(artifacts: NewArtifact[]) {
  const staged = await stageArtifacts(blobs, builder.id, featureId, artifacts);
  try {
    const replaced = await db.withUser(claims, (tx) => recordArtifacts(tx, featureId, staged));
    await discardBlobs(blobs, replaced);
  } catch (error) {
    await discardBlobs(
      blobs,
      staged.map((s) => s.blobKey),
    );
    throw error;
  }
}

describe('artifacts', () => {
  it('are stored under the builder and feature, with their size and sha256, and read back', async () => {
    await store([{ kind: 'spec', content: SPEC }]);
    const rows = await db.withUser(claims, (tx) =>
      tx.query<{ kind: string; path: string; size_bytes: string; sha256: string; blob_key: string }>(
        'select kind, path, size_bytes, sha256, blob_key from artifacts',
      ),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'spec', path: 'spec.json', size_bytes: expect.anything() });
    expect(Number(rows[0]!.size_bytes)).toBe(size(SPEC));
    expect(rows[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.blob_key.startsWith(`${builder.id}/${featureId}/spec/`)).toBe(true);
    const loaded = await loadArtifacts(
      blobs,
      await db.withUser(claims, (tx) => listArtifactRows(tx, featureId)),
    );
    expect(loaded.spec).toEqual(SPEC);
  });

  it('replace the older artifact of their kind, row and bytes', async () => {
    await store([{ kind: 'spec', content: { ...SPEC, title: 'Recipe tracker v2' } }]);
    const rows = await db.withUser(claims, (tx) => listArtifactRows(tx, featureId));
    expect(rows.filter((r) => r.kind === 'spec')).toHaveLength(1);
    expect(blobs.keys()).toEqual([rows[0]!.blob_key]);
    expect((await loadArtifacts(blobs, rows)).spec?.title).toBe('Recipe tracker v2');
  });

  it("stop at the plan's artifact_bytes: up to the limit is fine, one byte over is refused", async () => {
    const current = size({ ...SPEC, title: 'Recipe tracker v2' });
    const plan = {
      steps: [{ title: 'Tables', detail: 'Recipes' }],
      interface: [{ name: 'recipes', detail: 'title' }],
    };
    await db.asOwner((tx) =>
      tx.query("update plans set artifact_bytes = $1 where id = 'free'", [current + size(plan)]),
    );
    try {
      await store([{ kind: 'plan', content: plan }]);
      const over = store([{ kind: 'tests', content: { kind: 'components', cases: [] } }]);
      const error = await over.catch((e: unknown) => e);
      const limit = limitFromDbError(error);
      expect(limit).toMatchObject({ name: 'artifact_bytes', max: current + size(plan), plan: 'free' });
      expect(limitReached(limit!).status).toBe(403);
      expect(failureReason('testing', error)).toMatch(
        /^Writing the contract tests failed: Limit reached: at most \d+ bytes of artifact storage on the free plan/,
      );
      // Nothing of the refused artifact stays behind.
      const kinds = (await db.withUser(claims, (tx) => listArtifactRows(tx, featureId)))
        .map((r) => r.kind)
        .sort();
      expect(kinds).toEqual(['plan', 'spec']);
      expect(blobs.keys()).toHaveLength(2);
      // A replacement that is no larger than the artifact it replaces still fits.
      await store([{ kind: 'plan', content: plan }]);
    } finally {
      await db.asOwner((tx) =>
        tx.query("update plans set artifact_bytes = 500 * 1024 * 1024 where id = 'free'"),
      );
    }
  });
});
