import postgres from 'postgres';
import { type Db, dbOver, type SqlParam, type Statement, type Tx, toDbError } from './db.ts';

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
    (enter, params, statements) => inOneBatch(sql, enter, params, statements),
  );
}

/**
 * One transaction on a reserved connection. `begin` is awaited on its own: only once the
 * connection is known to be inside a transaction block do the statement that enters the person's
 * claims and role (local to the transaction) and `fn`'s first statement go out together
 * (postgres.js pipelines queries issued before their answers arrive). Postgres runs them in
 * order, so nothing of `fn` runs before the role is set, and if entering fails the transaction is
 * aborted and `fn`'s statements fail with it; the entering error is the one reported.
 */
async function inTransaction<T>(
  sql: Sql,
  enter: string | null,
  params: string[],
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const connection = await sql.reserve();
  try {
    await connection.unsafe('begin');
    const entered = enter ? settled(connection.unsafe(enter, params).execute()) : null;
    let result: T;
    try {
      result = await fn(wrap(connection));
    } catch (error) {
      await entered?.check();
      throw error;
    }
    await entered?.check();
    await connection.unsafe('commit');
    return result;
  } catch (error) {
    await connection.unsafe('rollback').catch(() => {});
    throw error;
  } finally {
    connection.release();
  }
}

/**
 * A read batch: after `begin` (awaited, as above), entering, every statement and `commit` go in
 * one write, so the reads cost two round trips. A failing statement aborts the transaction and
 * `commit` then ends it as a rollback, so the connection goes back to the pool idle either way.
 */
async function inOneBatch(
  sql: Sql,
  enter: string,
  params: string[],
  statements: readonly Statement[],
): Promise<Record<string, unknown>[][]> {
  const connection = await sql.reserve();
  try {
    await connection.unsafe('begin');
    const entered = settled(connection.unsafe(enter, params).execute());
    const answers = statements.map((s) =>
      settled(connection.unsafe(s.text, s.params as postgres.ParameterOrJSON<never>[]).execute()),
    );
    const committed = settled(connection.unsafe('commit').execute());
    await entered.check();
    const rows: Record<string, unknown>[][] = [];
    for (const answer of answers) rows.push((await answer.check()) as unknown as Record<string, unknown>[]);
    await committed.check();
    return rows;
  } catch (error) {
    await connection.unsafe('rollback').catch(() => {});
    throw error;
  } finally {
    connection.release();
  }
}

/** A query whose rejection is held until `check()`, so answers awaited in order never go unhandled. */
function settled<T>(promise: Promise<T>) {
  const outcome = promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return {
    async check(): Promise<T> {
      const result = await outcome;
      if (!result.ok) throw toDbError(result.error);
      return result.value;
    },
  };
}
