import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  type ArtifactKind,
  ContractRun,
  ContractTests,
  FeatureArtifacts,
  FeaturePlan,
  FeatureSpec,
  PipelineFinding,
} from '../../../schemas/index.ts';
import { type BlobStore, bytesOf } from '../../ports/blob-store.ts';
import type { Tx } from '../../store/db.ts';

// What each stage produced: a small JSON document in the blob port, and a row in `artifacts`
// (kind, size, sha256) that the plan's artifact_bytes trigger counts. A newer artifact of a kind
// replaces the older one.

/** The `definition` / `code` artifact: the candidate, and how it fared against the contract. */
export const ResultArtifact = z.object({
  result: FeatureArtifacts.shape.result.unwrap(),
  contractRun: ContractRun.optional(),
  /** Code mode: the whole bundle as the platform assembled it (spec sections, files, tests). */
  bundle: z.record(z.string(), z.unknown()).optional(),
});
export type ResultArtifact = z.infer<typeof ResultArtifact>;

export const ReviewArtifact = z.object({ findings: z.array(PipelineFinding), summary: z.string() });
export type ReviewArtifact = z.infer<typeof ReviewArtifact>;

const SCHEMAS = {
  spec: FeatureSpec,
  plan: FeaturePlan,
  tests: ContractTests,
  definition: ResultArtifact,
  code: ResultArtifact,
  review: ReviewArtifact,
} satisfies Record<ArtifactKind, z.ZodType>;

export type ArtifactContent<K extends ArtifactKind> = z.infer<(typeof SCHEMAS)[K]>;

export interface NewArtifact {
  kind: ArtifactKind;
  content: unknown;
}

export interface StagedArtifact extends NewArtifact {
  blobKey: string;
  size: number;
  sha256: string;
}

/**
 * Blob keys allow only `[A-Za-z0-9_-]` segments. Each stored version gets its own last segment,
 * so a replaced artifact's old bytes stay intact until the database has switched to the new row
 * (a refused or rolled-back store never leaves a row pointing at the wrong bytes).
 */
const blobKeyOf = (userId: string, featureId: string, kind: ArtifactKind) =>
  `${userId}/${featureId}/${kind}/${randomUUID()}`;

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Writes the bytes first (outside any transaction); `recordArtifacts` then makes them count. */
export async function stageArtifacts(
  blobs: BlobStore,
  userId: string,
  featureId: string,
  artifacts: readonly NewArtifact[],
): Promise<StagedArtifact[]> {
  const staged: StagedArtifact[] = [];
  for (const artifact of artifacts) {
    const bytes = new TextEncoder().encode(JSON.stringify(artifact.content));
    const blobKey = blobKeyOf(userId, featureId, artifact.kind);
    await blobs.put(blobKey, bytes);
    staged.push({ ...artifact, blobKey, size: bytes.length, sha256: sha256Hex(bytes) });
  }
  return staged;
}

/** Removes staged bytes that never got a row (the store was refused or rolled back). */
export async function discardBlobs(blobs: BlobStore, keys: readonly string[]): Promise<void> {
  await Promise.all(keys.map((key) => blobs.delete(key).catch(() => {})));
}

/**
 * As the builder: replaces the rows of these kinds with the staged ones. The quota trigger may
 * refuse (BPL01 'artifact_bytes'); the old rows' deletion counts first, so a replacement that
 * fits in place of the older one is allowed. Returns the blob keys no row points at any more.
 */
export async function recordArtifacts(
  tx: Tx,
  featureId: string,
  staged: readonly StagedArtifact[],
): Promise<string[]> {
  const replaced: string[] = [];
  for (const artifact of staged) {
    const old = await tx.query<{ blob_key: string }>(
      'delete from artifacts where feature_id = $1 and kind = $2 returning blob_key',
      [featureId, artifact.kind],
    );
    replaced.push(...old.map((row) => row.blob_key));
    await tx.query(
      `insert into artifacts (feature_id, kind, path, blob_key, size_bytes, sha256)
       values ($1, $2, $3, $4, $5, $6)`,
      [featureId, artifact.kind, `${artifact.kind}.json`, artifact.blobKey, artifact.size, artifact.sha256],
    );
  }
  return replaced;
}

/** As the builder: drops the feature's artifacts of these kinds; returns their blob keys. */
export async function dropArtifacts(tx: Tx, featureId: string, kinds: readonly ArtifactKind[]) {
  if (kinds.length === 0) return [];
  const rows = await tx.query<{ blob_key: string }>(
    'delete from artifacts where feature_id = $1 and kind = any($2::text[]) returning blob_key',
    [featureId, `{${kinds.join(',')}}`],
  );
  return rows.map((row) => row.blob_key);
}

export interface ArtifactRow {
  kind: ArtifactKind;
  blob_key: string;
}

export function listArtifactRows(tx: Tx, featureId: string): Promise<ArtifactRow[]> {
  return tx.query<ArtifactRow>('select kind, blob_key from artifacts where feature_id = $1', [featureId]);
}

/** Every artifact of the feature read back and parsed; a missing or unreadable blob is left out. */
export async function loadArtifacts(
  blobs: BlobStore,
  rows: readonly ArtifactRow[],
): Promise<Partial<{ [K in ArtifactKind]: ArtifactContent<K> }>> {
  const loaded: Partial<Record<ArtifactKind, unknown>> = {};
  await Promise.all(
    rows.map(async (row) => {
      const blob = await blobs.get(row.blob_key);
      if (!blob) return;
      try {
        const parsed = SCHEMAS[row.kind].safeParse(
          JSON.parse(new TextDecoder().decode(await bytesOf(blob.body))),
        );
        if (parsed.success) loaded[row.kind] = parsed.data;
      } catch {
        // Unreadable JSON: shown as absent rather than failing the whole detail.
      }
    }),
  );
  return loaded as Partial<{ [K in ArtifactKind]: ArtifactContent<K> }>;
}

/** The artifacts as `FeatureDetail.artifacts` shows them. */
export function toFeatureArtifacts(loaded: Awaited<ReturnType<typeof loadArtifacts>>): FeatureArtifacts {
  const result = loaded.definition ?? loaded.code;
  return {
    ...(loaded.spec ? { spec: loaded.spec } : {}),
    ...(loaded.plan ? { plan: loaded.plan } : {}),
    ...(loaded.tests ? { tests: loaded.tests } : {}),
    ...(result ? { result: result.result } : {}),
    ...(result?.contractRun ? { contractRun: result.contractRun } : {}),
    ...(loaded.review ? { review: loaded.review } : {}),
  };
}
