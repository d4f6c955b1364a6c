import { PGlite, type Transaction } from '@electric-sql/pglite';
import { type Db, dbOver, type SqlParam, type Tx, toDbError } from '../../store/db.ts';

function wrap(tx: Transaction): Tx {
  return {
    async query<Row>(text: string, params: readonly SqlParam[] = []) {
      try {
        const result = await tx.query<Row>(text, params as unknown[]);
        return result.rows;
      } catch (error) {
        throw toDbError(error);
      }
    },
    async exec(script: string) {
      try {
        await tx.exec(script);
      } catch (error) {
        throw toDbError(error);
      }
    },
  };
}

/**
 * The Db port on PGlite, the embedded default: real Postgres (and real RLS) in WASM, persisted
 * in a folder. PGlite has one connection, so transactions run one after another.
 */
export async function createPgliteDb(dataDir: string | undefined): Promise<Db> {
  const pg = dataDir ? await PGlite.create({ dataDir }) : await PGlite.create();
  return pgliteDb(pg);
}

export function pgliteDb(pg: PGlite): Db {
  return dbOver(
    'pglite',
    (enter, params, fn) =>
      pg.transaction(async (tx) => {
        if (enter) await tx.query(enter, params);
        return fn(wrap(tx));
      }),
    () => pg.close(),
  );
}
