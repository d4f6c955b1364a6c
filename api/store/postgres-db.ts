import postgres from 'postgres';
import { type Db, dbOver, type SqlParam, type Tx, toDbError } from './db.ts';

type Sql = postgres.Sql;
type ConnectionSql = postgres.ReservedSql;

function wrap(tx: ConnectionSql): Tx {
  return {
    async query<Row>(text: string, params: readonly SqlParam[] = []) {
      try {
        return (await tx.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as Row[];
      } catch (error) {
        throw toDbError(error);
      }
    },
    async exec(script: string) {
      try {
        await tx.unsafe(script).simple();
      } catch (error) {
        throw toDbError(error);
      }
    },
  };
}

const jsonParam = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
const timestampParam = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value));

/** The Db port on a real Postgres (Supabase's or any) through postgres.js. */
export function createPostgresDb(url: string, options: { max?: number } = {}): Db {
  const sql: Sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // JSON parameters arrive as JSON text (as the PGlite adapter takes them); postgres.js would
    // otherwise encode a string a second time.
    types: {
      json: { to: 114, from: [114], serialize: jsonParam, parse: JSON.parse },
      jsonb: { to: 3802, from: [3802], serialize: jsonParam, parse: JSON.parse },
      // A timestamp parameter given as text goes as it is: postgres.js would turn it into a JS
      // Date first, dropping microseconds, and a keyset cursor on created_at would then repeat
      // rows that share a millisecond.
      timestamptz: {
        to: 1184,
        from: [1184],
        serialize: timestampParam,
        parse: (text: string) => new Date(text),
      },
    },
    connection: { application_name: 'build-practical' },
  });

  return dbOver(
    'postgres',
    (enter, params, fn) => inTransaction(sql, enter, params, fn),
    () => sql.end({ timeout: 5 }),
  );
}

/**
 * One transaction on a reserved connection, with `begin`, the statement that enters the person's
 * claims and role, and the first statement of `fn` sent together (postgres.js pipelines queries
 * issued before their answers arrive): a read costs two round trips (that batch, then `commit`)
 * instead of four. Postgres runs them in order on the one connection, so `fn`'s statements never
 * run before the role is set; if entering fails, the transaction is aborted and nothing of `fn`
 * runs either, and it is the entering error that is reported.
 */
async function inTransaction<T>(
  sql: Sql,
  enter: string | null,
  params: string[],
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const connection = await sql.reserve();
  try {
    const began = connection.unsafe('begin').execute();
    const entered = enter ? connection.unsafe(enter, params).execute() : null;
    // Both are awaited below; until then a rejection must not count as unhandled.
    began.catch(() => {});
    entered?.catch(() => {});
    let result: T;
    try {
      result = await fn(wrap(connection));
    } catch (error) {
      await began;
      await entered;
      throw error;
    }
    await began;
    await entered;
    await connection.unsafe('commit');
    return result;
  } catch (error) {
    await connection.unsafe('rollback').catch(() => {});
    throw error;
  } finally {
    connection.release();
  }
}
