import postgres from 'postgres';
import { type Db, dbOver, type SqlParam, type Tx, toDbError } from './db.ts';

type Sql = postgres.Sql;
type TxSql = postgres.TransactionSql;

function wrap(tx: TxSql): Tx {
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
    async (enter, params, fn) =>
      (await sql.begin(async (tx) => {
        if (enter) await tx.unsafe(enter, params);
        return fn(wrap(tx));
      })) as Awaited<ReturnType<typeof fn>>,
    () => sql.end({ timeout: 5 }),
  );
}
