/** A row as the data API returns it: `id`, then the visible fields by id. */
export type Row = { id: string } & Record<string, unknown>;
/** Rows by table id. */
export type RowsByTable = Record<string, Row[]>;

/** The failure of a data API request, with PostgREST's error body. */
export class DataApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { code?: string; message?: string; details?: string | null },
    what: string,
  ) {
    super(`${what}: ${status} ${JSON.stringify(body)}`);
  }
}

/**
 * A published app's data API (`/u/{username}/{slug}/rest/v1`) as one caller: the builder's
 * bearer token (the owner), an end user's app session, or no token (a visitor of a public app).
 */
export class ExampleClient {
  readonly base: string;

  constructor(
    serverUrl: string,
    readonly username: string,
    readonly slug: string,
    private readonly token: string | null,
  ) {
    this.base = `${serverUrl}/u/${username}/${slug}/rest/v1`;
  }

  /** One request; resolves to the response whatever its status. */
  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return fetch(`${this.base}/${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  }

  private async rows(response: Response, what: string): Promise<Row[]> {
    const body = await response.json();
    if (!response.ok) throw new DataApiError(response.status, body, what);
    return body as Row[];
  }

  /** Every row of a table (at most the data API's 1000), oldest first. */
  async select(tableId: string): Promise<Row[]> {
    return this.rows(
      await this.request('GET', `${tableId}?order=created_at.asc,id.asc`),
      `reading ${tableId}`,
    );
  }

  /**
   * Inserts rows in one request and returns them as stored, in the order given. The data API
   * answers a bulk insert in its own order, so each row is found again by `key`, which must
   * tell the given rows apart from the values they were sent with (text kept as sent).
   */
  async insert<T extends Record<string, unknown>>(
    tableId: string,
    rows: T[],
    key: (row: Record<string, unknown>) => string,
  ): Promise<Row[]> {
    const response = await this.request('POST', tableId, rows, { prefer: 'return=representation' });
    const stored = await this.rows(response, `inserting into ${tableId}`);
    const byKey = new Map(stored.map((row) => [key(row), row]));
    if (byKey.size !== rows.length) throw new Error(`${tableId}: the seed's keys are not unique`);
    return rows.map((row) => {
      const found = byKey.get(key(row));
      if (!found) throw new Error(`${tableId}: no stored row for ${key(row)}`);
      return found;
    });
  }

  /** The same change to the rows with these ids, in one request (all or nothing). */
  async update(tableId: string, ids: readonly string[], values: Record<string, unknown>): Promise<Row[]> {
    const response = await this.request('PATCH', `${tableId}?id=in.(${ids.join(',')})`, values, {
      prefer: 'return=representation',
    });
    return this.rows(response, `updating ${ids.length} row(s) of ${tableId} with ${JSON.stringify(values)}`);
  }

  async remove(tableId: string, ids: readonly string[]): Promise<void> {
    const response = await this.request('DELETE', `${tableId}?id=in.(${ids.join(',')})`);
    if (!response.ok)
      throw new DataApiError(response.status, await response.json(), `deleting from ${tableId}`);
    await response.body?.cancel();
  }

  /** Every table, read back after the seed (automations may have changed rows since their insert). */
  async selectAll(tableIds: readonly string[]): Promise<RowsByTable> {
    const entries = await Promise.all(tableIds.map(async (id) => [id, await this.select(id)] as const));
    return Object.fromEntries(entries);
  }
}

/**
 * The month the seed's dates fall in, from the `today` the caller passes (read in UTC, as the
 * server's `today` and `now` are). Days are clamped to the month, so a seed run on the 1st or
 * the 31st still puts every date in the current month, where calendars show it.
 */
export class SeedMonth {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** Today's day of the month. */
  readonly day: number;
  readonly days: number;

  constructor(today: Date) {
    if (Number.isNaN(today.getTime())) throw new Error('SeedMonth: today is not a valid date');
    this.year = today.getUTCFullYear();
    this.month = today.getUTCMonth() + 1;
    this.day = today.getUTCDate();
    this.days = new Date(Date.UTC(this.year, this.month, 0)).getUTCDate();
  }

  /** `YYYY-MM-DD` of a day of this month, clamped to it. */
  date(day: number): string {
    const clamped = Math.min(this.days, Math.max(1, Math.round(day)));
    return `${this.year}-${String(this.month).padStart(2, '0')}-${String(clamped).padStart(2, '0')}`;
  }

  get today(): string {
    return this.date(this.day);
  }

  /** `n` days before today, but not before the 1st: for dates that may not lie in the future. */
  ago(n: number): string {
    return this.date(this.day - n);
  }

  /** `n` days after today, but not after the month's last day. */
  ahead(n: number): string {
    return this.date(this.day + n);
  }

  /** A date-time (UTC) on a date of the month. */
  at(date: string, time: string): string {
    return `${date}T${time}:00.000Z`;
  }

  contains(date: string): boolean {
    return date.startsWith(this.date(1).slice(0, 8));
  }
}
