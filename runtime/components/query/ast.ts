/**
 * The typed form of a read request against one table of an app: what `postgrest.ts` parses a
 * PostgREST query string into and what `sql.ts` compiles. Every column in it has already been
 * resolved against the app definition and the caller's visible fields, so the compiler never
 * sees a name it has not been given by the definition.
 */

/** The field ids a caller may see, per table id. A table missing from the map does not exist for them. */
export type Visibility = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * How a column's values compare in SQL. `date` values are `YYYY-MM-DD` text (compared as text, so
 * the expression stays immutable and indexable); `datetime` values compare as `timestamptz`.
 */
export type ColumnType = 'text' | 'number' | 'boolean' | 'date' | 'datetime' | 'uuid' | 'array' | 'json';

/** Where a column lives in `app_data`: a system column, or a key of `data`. */
export type ColumnSource = 'id' | 'created_at' | 'updated_at' | 'data';

export interface ColumnRef {
  /** The name the API uses: a field id, or `id` / `created_at` / `updated_at`. */
  name: string;
  source: ColumnSource;
  type: ColumnType;
}

export type ComparisonOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'like' | 'ilike' | 'isdistinct';
export type ArrayOp = 'cs' | 'cd' | 'ov';
export type FilterOp = ComparisonOp | ArrayOp | 'in' | 'is';

interface ConditionBase {
  kind: 'condition';
  column: ColumnRef;
  /** `not.` in front of the operator. */
  negated: boolean;
}

/**
 * One filter. Values stay strings (validated for the column's type) and are sent to the database
 * as parameters; `like`/`ilike` patterns already have PostgREST's `*` turned into `%`.
 */
export type Condition =
  | (ConditionBase & { op: ComparisonOp; value: string })
  | (ConditionBase & { op: 'in'; values: string[] })
  | (ConditionBase & { op: ArrayOp; values: string[] })
  | (ConditionBase & { op: 'is'; value: null | boolean });

export interface FilterGroupNode {
  kind: 'group';
  combinator: 'and' | 'or';
  negated: boolean;
  children: FilterNode[];
}

export type FilterNode = Condition | FilterGroupNode;

export interface ColumnItem {
  kind: 'column';
  /** The key in the answer: the column's name, or the alias of `alias:col`. */
  alias: string;
  column: ColumnRef;
}

/** A relation field embedded as `rel(*)`: an object (or null) for many_to_one, an array otherwise. */
export interface EmbedItem {
  kind: 'embed';
  alias: string;
  relation: { fieldId: string; targetTableId: string; toMany: boolean };
  columns: ColumnItem[];
}

export type SelectItem = ColumnItem | EmbedItem;

export interface OrderTerm {
  column: ColumnRef;
  direction: 'asc' | 'desc';
  /** Postgres' default when not given: last for asc, first for desc. */
  nulls: 'first' | 'last';
}

export interface ReadQuery {
  tableId: string;
  select: SelectItem[];
  /** The top-level filters, and-ed; an empty group matches every row. */
  filter: FilterGroupNode;
  /** Empty: the table's natural order (created_at, id). `id` is always the last tie-breaker. */
  order: OrderTerm[];
  limit: number | null;
  offset: number;
}

/** A refusal a client can act on, shaped like PostgREST's error body. */
export interface QueryError {
  status: 400;
  /** PostgREST's codes where one fits: PGRST100 (syntax), PGRST200 (relation), PGRST205 (table), 42703 (column), 22P02 (value). */
  code: string;
  message: string;
  details?: string;
  hint?: string;
}

export type QueryResult<T> = { ok: true; value: T } | { ok: false; error: QueryError };

/** Thrown inside the parser and caught at its entry points, which return it as a result. */
export class QueryFailure extends Error {
  constructor(readonly error: QueryError) {
    super(error.message);
    this.name = 'QueryFailure';
  }
}

export function fail(code: string, message: string, extra: { details?: string; hint?: string } = {}): never {
  throw new QueryFailure({ status: 400, code, message, ...extra });
}

/** Runs a parser step, turning a `QueryFailure` into an error result; anything else is a bug and rethrown. */
export function attempt<T>(run: () => T): QueryResult<T> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    if (error instanceof QueryFailure) return { ok: false, error: error.error };
    throw error;
  }
}
