import type { CreateFeatureBody, Feature, FeatureMode, FeatureStatus } from '../../schemas/index.ts';
import type { Tx } from './db.ts';

interface FeatureRow {
  id: string;
  title: string;
  mode: FeatureMode | null;
  status: FeatureStatus;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, title, mode, status, created_at, updated_at';

export const toFeature = (row: FeatureRow): Feature => ({
  id: row.id,
  title: row.title,
  mode: row.mode,
  status: row.status,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

// Every function here runs inside `withUser`: RLS limits it to the caller's rows.

export async function listFeatures(tx: Tx): Promise<Feature[]> {
  const rows = await tx.query<FeatureRow>(`select ${COLUMNS} from features order by created_at desc, id`);
  return rows.map(toFeature);
}

export async function countActiveFeatures(tx: Tx): Promise<{ active: number; max: number }> {
  const [row] = await tx.query<{ active: number; max: number }>(
    `select (select count(*)::int from features where status not in ('done', 'failed')) as active,
            (select p.active_features from profiles pr join plans p on p.id = pr.plan
              where pr.id = (select auth.uid())) as max`,
  );
  return row ?? { active: 0, max: 0 };
}

export async function createFeature(tx: Tx, body: CreateFeatureBody): Promise<Feature> {
  const [row] = await tx.query<FeatureRow>(
    `insert into features (title, mode) values ($1, $2) returning ${COLUMNS}`,
    [body.title, body.mode ?? null],
  );
  return toFeature(row!);
}

export async function getFeature(tx: Tx, id: string): Promise<Feature | null> {
  const [row] = await tx.query<FeatureRow>(`select ${COLUMNS} from features where id = $1`, [id]);
  return row ? toFeature(row) : null;
}

export async function deleteFeature(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx.query('delete from features where id = $1 returning id', [id]);
  return rows.length > 0;
}
