import postgres from 'postgres';
import {
  type Db,
  dbOver,
  ENTER_USER_SESSION_SQL,
  type SqlParam,
  type Statement,
  type Tx,
  toDbError,
} from './db.ts';

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

/**
 * The Db port on a real Postgres (Supabase's or any) through postgres.js. Transactions use one
 * pool; single-statement reads (`readAsUser`, the data API's hot path) use a second, smaller one
 * whose connections are only ever used as `onReader` uses them, unless `sessionReaders` is false:
 * then every read is a transaction on the first pool. The Worker turns them off: behind
 * Hyperdrive (a transaction-mode pooler) identities entered for a session would stay on pooled
 * server connections that other clients get next.
 */
export function createPostgresDb(
  url: string,
  options: { max?: number; sessionReaders?: boolean; preparedPerReader?: number } = {},
): Db {
  const max = options.max ?? 10;
  const sql: Sql = postgres(url, driverOptions(max, 'build-practical'));
  const readers =
    options.sessionReaders === false
      ? null
      : readerPool(url, Math.max(2, Math.ceil(max / 2)), options.preparedPerReader ?? PREPARED_PER_READER);
  return dbOver(
    'postgres',
    (enter, params, fn) => inTransaction(sql, enter, params, fn),
    async () => {
      await Promise.all([sql.end({ timeout: 5 }), readers?.end()]);
    },
    (enter, params, statements) =>
      readers && statements.length === 1 && statements[0]
        ? onReader(readers, params, statements[0], () => inOneBatch(sql, enter, params, statements))
        : inOneBatch(sql, enter, params, statements),
  );
}

/** One reader connection (a postgres.js client of its own with one connection) and whom it last entered. */
interface Reader {
  sql: Sql;
  /** `role + claims` entered on its session by the last successful read; null when unknown. */
  entered: string | null;
  /** Whether a statement runs prepared on this connection (`PREPARED_PER_READER`). */
  prepares(text: string): boolean;
}

/**
 * Reader statements are prepared: one round trip a read (Bind, Execute, Sync), planned once per
 * connection. postgres.js sends an unprepared statement with parameters as two (Parse and
 * Describe first, then Bind and Execute once the types are back), which was half a read's time.
 * Each prepared statement holds memory in its Postgres session until the connection ends
 * (postgres.js ends each after 30 to 60 minutes), and every app's reads are statements of their
 * own: a connection prepares the first this many it sees and runs any other unprepared.
 */
const PREPARED_PER_READER = 250;

/**
 * Reads sent down one reader connection before the first of them is answered. Postgres answers a
 * connection's statements in the order they came, so a read sent behind another waits for it; in
 * return the reads of a busy app reach Postgres and come back in batches, one wake-up of the
 * server process and of ours for several (the data API's throughput on the benchmark, its server
 * in a process of its own, against the prepared SQL loop: 0.55-0.63 with one read a connection,
 * 0.58-0.71 with four; with eight a busy app's reads all queued on one Postgres process).
 */
export const READER_DEPTH = 4;

/**
 * A reader whose oldest read has run this long takes no more behind it: a slow read holds up only
 * the reads sent down its connection in its first few milliseconds.
 */
export const READER_STALLED_MS = 5;

/** What the pool knows of a reader connection when it picks one. */
export interface ReaderState {
  entered: string | null;
  /** When each read in flight on it was sent, oldest first. */
  sent: readonly number[];
  /** When it last became free. */
  idleSince: number;
}

/**
 * The reader for a read by `identity` at `now`, or -1 to wait for one. First one already busy
 * reading for the same person, not stalled and below `READER_DEPTH` (the fullest: reads go in
 * batches); else a free one, holding that person's identity if any does (no entering needed),
 * else one that holds nobody, else the one free the longest, so an unusual caller does not take
 * the connection that serves the common identity. A reader busy for someone else never takes a
 * read: entering another person behind a read in flight is left to a free connection.
 */
export function pickReader(readers: readonly ReaderState[], identity: string, now: number): number {
  const rank = (reader: ReaderState) => (reader.entered === identity ? 0 : reader.entered === null ? 1 : 2);
  let fullest = -1;
  let free = -1;
  for (const [i, reader] of readers.entries()) {
    const busy = reader.sent.length;
    if (busy === 0) {
      const best = free === -1 ? null : readers[free]!;
      if (
        best === null ||
        rank(reader) < rank(best) ||
        (rank(reader) === rank(best) && reader.idleSince < best.idleSince)
      )
        free = i;
    } else if (
      reader.entered === identity &&
      busy < READER_DEPTH &&
      now - reader.sent[0]! < READER_STALLED_MS &&
      (fullest === -1 || busy > readers[fullest]!.sent.length)
    )
      fullest = i;
  }
  return fullest !== -1 ? fullest : free;
}

/**
 * The reader connections, each taking up to `READER_DEPTH` reads at once as `pickReader` chooses.
 * Most reads of a public app come from anonymous visitors with the same claims, and such a read on
 * a connection that holds them needs no entering at all (see `onReader`).
 */
function readerPool(url: string, size: number, preparedPerReader: number) {
  const readers = Array.from({ length: size }, (): Reader & { sent: number[]; idleSince: number } => {
    const prepared = new Set<string>();
    return {
      sql: postgres(url, driverOptions(1, 'build-practical-reader')),
      entered: null,
      sent: [],
      idleSince: 0,
      prepares(text: string) {
        if (prepared.has(text)) return true;
        if (prepared.size >= preparedPerReader) return false;
        prepared.add(text);
        return true;
      },
    };
  });
  type Pooled = (typeof readers)[number];
  const waiting: { identity: string; take: (reader: Pooled) => void }[] = [];
  const take = (identity: string): Pooled | null => {
    const now = performance.now();
    const reader = readers[pickReader(readers, identity, now)];
    if (!reader) return null;
    reader.sent.push(now);
    // Taken to enter someone else: no read of the one it held may join it meanwhile.
    if (reader.entered !== identity) reader.entered = null;
    return reader;
  };
  return {
    acquire(identity: string): Promise<Pooled> {
      const reader = waiting.length === 0 ? take(identity) : null;
      return reader
        ? Promise.resolve(reader)
        : new Promise((resolve) => waiting.push({ identity, take: resolve }));
    },
    release(reader: Pooled) {
      // A connection answers in the order its reads went: the oldest is the one done.
      reader.sent.shift();
      if (reader.sent.length === 0) reader.idleSince = performance.now();
      while (waiting.length > 0) {
        const next = take(waiting[0]!.identity);
        if (!next) break;
        waiting.shift()!.take(next);
      }
    },
    end: () => Promise.all(readers.map((reader) => reader.sql.end({ timeout: 5 }))),
  };
}

/** Raised (42704, naming it) by a gated statement on a session that is not the expected person's. */
export const MISMATCH_SETTING = 'bp.reader_identity_mismatch';

/**
 * The statement, answering only on a session that holds this identity: with no column in it, the
 * check is a one-time filter Postgres evaluates before running the statement, and on any other
 * session it raises an error (reading a setting that does not exist) instead of answering.
 */
export const gated = (text: string, n: number) =>
  `select * from (${text}) as gated where case when current_user = $${n + 1} and current_setting('request.jwt.claims', true) = $${n + 2} then true else current_setting('${MISMATCH_SETTING}')::boolean end`;

/** Gated texts by statement: a read compiled once (the data API keeps its reads) is gated once. */
const gatedTexts = new WeakMap<Statement, { source: string; params: number; text: string }>();

function gatedText(statement: Statement): string {
  const known = gatedTexts.get(statement);
  if (known?.source === statement.text && known.params === statement.params.length) return known.text;
  const text = gated(statement.text, statement.params.length);
  gatedTexts.set(statement, { source: statement.text, params: statement.params.length, text });
  return text;
}

/**
 * The reader's session is not what this read set up: another identity answered the gate, or a
 * prepared statement is gone (26000) — both what a transaction-mode pooler does by sending
 * consecutive statements to different server connections. The read then runs as a transaction.
 */
const isSessionLost = (error: unknown) => {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  return (code === '42704' && error.message.includes(MISMATCH_SETTING)) || code === '26000';
};

/**
 * One read statement without a transaction, usually in one round trip. On a reader connection
 * the person's claims and role are entered for the session (`ENTER_USER_SESSION_SQL`) and the
 * gated statement follows in the same write; should entering fail, its answer is thrown away
 * unread and the error raised. A single statement needs no transaction for a consistent answer.
 *
 * When the connection already holds this identity (its last read entered it), the gated statement
 * goes alone: the bookkeeping only picks the path, it is never trusted for who runs the
 * statement. Any error there (a connection postgres.js re-opened meanwhile as its login fails the
 * gate; so may a role without the grant, checked before the gate) is answered by entering again.
 * Should even the entered statement find its session lost (`isSessionLost`: a transaction-mode
 * pooler may send the two statements, or a statement and its preparation, to two server
 * connections), the read runs as a transaction (`inTransaction`).
 */
async function onReader(
  pool: ReturnType<typeof readerPool>,
  params: string[],
  statement: Statement,
  inTransaction: () => Promise<Record<string, unknown>[][]>,
): Promise<Record<string, unknown>[][]> {
  const [claims = '', role = ''] = params;
  const identity = `${role} ${claims}`;
  const reader = await pool.acquire(identity);
  const statementParams = statement.params as postgres.ParameterOrJSON<never>[];
  const text = gatedText(statement);
  const gatedParams = [...statementParams, role, claims];
  const prepare = { prepare: reader.prepares(text) };
  try {
    if (reader.entered === identity) {
      try {
        return [
          (await reader.sql.unsafe(text, gatedParams, prepare)) as unknown as Record<string, unknown>[],
        ];
      } catch {
        reader.entered = null;
      }
    }
    reader.entered = null;
    const entered = settled(reader.sql.unsafe(ENTER_USER_SESSION_SQL, params).execute());
    const answer = settled(reader.sql.unsafe(text, gatedParams, prepare).execute());
    await entered.check();
    const rows = (await answer.check()) as unknown as Record<string, unknown>[];
    reader.entered = identity;
    return [rows];
  } catch (error) {
    reader.entered = null;
    if (isSessionLost(error)) return inTransaction();
    throw toDbError(error);
  } finally {
    pool.release(reader);
  }
}

function driverOptions(
  max: number,
  applicationName: string,
): postgres.Options<Record<string, postgres.PostgresType>> {
  return {
    max,
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
    connection: { application_name: applicationName },
  };
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
    const begun = settled(connection.unsafe('begin').execute());
    const entered = settled(connection.unsafe(enter, params).execute());
    const answers = statements.map((s) =>
      settled(connection.unsafe(s.text, s.params as postgres.ParameterOrJSON<never>[]).execute()),
    );
    const committed = settled(connection.unsafe('commit').execute());
    await begun.check();
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
