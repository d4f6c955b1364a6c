import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../testing/test-db.ts';
import { type Db, DbError } from './db.ts';
import { createPostgresDb, gated, MISMATCH_SETTING } from './postgres-db.ts';

// The Db port's transactions, on whichever database the suite runs against (PGlite by default,
// Postgres with DATABASE_URL): each person's statements run under their role and claims, an
// error ends the transaction cleanly, and no role or claim outlives it on a pooled connection.

let db: Db;
const visitor = { sub: '', role: 'anon', app_id: '00000000-0000-4000-8000-000000000001' };
const builder = { sub: '00000000-0000-4000-8000-0000000000b1', role: 'authenticated' };
const WHO = "select current_user as who, current_setting('request.jwt.claims', true) as claims";

beforeAll(async () => {
  db = await openTestDb();
  await db.asOwner(async (tx) => {
    await tx.query('create table public.db_port_probe (v int)');
    await tx.query('grant select, insert on public.db_port_probe to authenticated');
  });
});
afterAll(async () => {
  await db.asOwner((tx) => tx.query('drop table public.db_port_probe'));
  await db.close();
});

const ownerRole = () =>
  db.asOwner(
    async (tx) =>
      (
        await tx.query<{ who: string; role: string; claims: string | null }>(
          `${WHO}, current_setting('role') as role`,
        )
      )[0]!,
  );

/** A Db of its own on the test Postgres (options as given), closed after `fn`. */
async function withOwnDb(options: Parameters<typeof createPostgresDb>[1], fn: (own: Db) => Promise<void>) {
  const own = createPostgresDb(process.env.DATABASE_URL!, options);
  try {
    await fn(own);
  } finally {
    await own.close();
  }
}

describe('readAsUser (the data API read path)', () => {
  it('runs every statement under the caller role and claims, answering in statement order', async () => {
    const [first, second] = await db.readAsUser<{ who: string; claims: string; n?: number }>(visitor, [
      { text: WHO, params: [] },
      { text: `${WHO}, $1::int as n`, params: [7] },
    ]);
    expect(first?.[0]?.who).toBe('anon');
    expect(JSON.parse(first?.[0]?.claims ?? '{}')).toEqual(visitor);
    expect(second?.[0]).toMatchObject({ who: 'anon', n: 7 });
    const [asBuilder] = await db.readAsUser<{ who: string }>(builder, [{ text: WHO, params: [] }]);
    expect(asBuilder?.[0]?.who).toBe('authenticated');
  });

  it('reports a failing statement as a DbError and leaves no role or claims on the connection', async () => {
    for (let i = 0; i < 8; i++) {
      const failing = db.readAsUser(visitor, [
        { text: 'select 1', params: [] },
        { text: "select 'x'::int", params: [] },
      ]);
      await expect(failing).rejects.toBeInstanceOf(DbError);
      await expect(failing).rejects.toMatchObject({ code: '22P02' });
    }
    // Every pooled connection is back as its own login, with no claims, and still works.
    const owners = await Promise.all(Array.from({ length: 8 }, ownerRole));
    for (const owner of owners) {
      expect(owner.who).not.toBe('anon');
      expect(owner.role).toBe('none');
      expect(owner.claims ?? '').toBe('');
    }
    const [after] = await db.readAsUser<{ who: string }>(visitor, [{ text: WHO, params: [] }]);
    expect(after?.[0]?.who).toBe('anon');
  });

  it('keeps many people apart when their reads interleave (one statement: the reader path on Postgres)', async () => {
    const people = Array.from({ length: 24 }, (_, i) =>
      i % 3 === 0
        ? { sub: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, role: 'authenticated' }
        : { sub: '', role: 'anon', app_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` },
    );
    const answers = await Promise.all(
      people.map((claims) =>
        db.readAsUser<{ who: string; claims: string }>(claims, [{ text: WHO, params: [] }]),
      ),
    );
    answers.forEach(([rows], i) => {
      expect(rows?.[0]?.who).toBe(people[i]!.role);
      expect(JSON.parse(rows?.[0]?.claims ?? '{}')).toEqual(people[i]);
    });
    // The transaction pool never sees those identities.
    const owners = await Promise.all(Array.from({ length: 8 }, ownerRole));
    for (const owner of owners) expect([owner.role, owner.claims ?? '']).toEqual(['none', '']);
  });

  it('a failing single read is an error, and the next read on any connection is its own person', async () => {
    for (let i = 0; i < 8; i++) {
      await expect(db.readAsUser(builder, [{ text: "select 'x'::int", params: [] }])).rejects.toMatchObject({
        code: '22P02',
      });
    }
    const after = await Promise.all(
      Array.from({ length: 8 }, () =>
        db.readAsUser<{ who: string; claims: string }>(visitor, [{ text: WHO, params: [] }]),
      ),
    );
    for (const [rows] of after) {
      expect(rows?.[0]?.who).toBe('anon');
      expect(JSON.parse(rows?.[0]?.claims ?? '{}')).toEqual(visitor);
    }
  });

  it('answers an empty read as empty, for the same person again and again', async () => {
    for (let i = 0; i < 4; i++) {
      const [rows] = await db.readAsUser(visitor, [{ text: 'select 1 as one where false', params: [] }]);
      expect(rows).toEqual([]);
      const [who] = await db.readAsUser<{ who: string }>(visitor, [{ text: WHO, params: [] }]);
      expect(who?.[0]?.who).toBe('anon');
    }
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'never answers as the login role when a reader connection was re-opened under it',
    async () => {
      // Every reader enters the visitor, then its session ends on the server: postgres.js opens a
      // new one (as the login, no claims) at the next read, while the pool still remembers the
      // visitor on it. That read must still run as the visitor.
      const PID = `${WHO}, pg_backend_pid() as pid`;
      const before = await Promise.all(
        Array.from({ length: 6 }, () => db.readAsUser<{ pid: number }>(visitor, [{ text: PID, params: [] }])),
      );
      const pids = [...new Set(before.map(([rows]) => Number(rows?.[0]?.pid)))];
      await db.asOwner((tx) =>
        tx.query('select pg_terminate_backend(pid) from unnest($1::int[]) pid', [`{${pids.join(',')}}`]),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const after = await Promise.all(
        Array.from({ length: 6 }, () =>
          db.readAsUser<{ who: string; claims: string; pid: number }>(visitor, [{ text: PID, params: [] }]),
        ),
      );
      for (const [rows] of after) {
        expect(pids).not.toContain(rows?.[0]?.pid);
        expect(rows?.[0]?.who).toBe('anon');
        expect(JSON.parse(rows?.[0]?.claims ?? '{}')).toEqual(visitor);
      }
    },
  );

  it.skipIf(!process.env.DATABASE_URL)(
    'a gated statement answers in its own order for its person, and raises on anyone else',
    async () => {
      const text = gated(`${WHO}, n from generate_series(3, 1, -1) n order by n desc`, 0);
      const [rows] = await db.readAsUser<{ who: string; n: number }>(visitor, [{ text: WHO, params: [] }]);
      expect(rows?.[0]?.who).toBe('anon');
      const asVisitor = await db.withUser(visitor, (tx) =>
        tx.query<{ who: string; n: number }>(text, ['anon', JSON.stringify(visitor)]),
      );
      expect(asVisitor.map((r) => [r.who, r.n])).toEqual([
        ['anon', 3],
        ['anon', 2],
        ['anon', 1],
      ]);
      // The builder's session, asked as the visitor (and the owner's): an error, not rows.
      for (const run of [
        () => db.withUser(builder, (tx) => tx.query(text, ['anon', JSON.stringify(visitor)])),
        () => db.asOwner((tx) => tx.query(text, ['anon', JSON.stringify(visitor)])),
      ])
        await expect(run()).rejects.toMatchObject({
          code: '42704',
          message: expect.stringContaining(MISMATCH_SETTING),
        });
    },
  );

  it.skipIf(!process.env.DATABASE_URL)(
    "runs a reader's statement prepared: planned once, one round trip a read",
    async () => {
      // A statement prepared through the protocol is listed in its session's pg_prepared_statements
      // (an unnamed, unprepared one never is); the second read finds the first read's.
      const text =
        "select count(*)::int as n from pg_prepared_statements where statement like '%as gated where%'";
      await db.readAsUser(visitor, [{ text, params: [] }]);
      const [[second] = []] = await db.readAsUser<{ n: number }>(visitor, [{ text, params: [] }]);
      expect(second?.n).toBeGreaterThan(0);
    },
  );

  it.skipIf(!process.env.DATABASE_URL)(
    'keeps at most its limit of statements prepared on a reader connection, and runs the rest',
    async () => {
      // Every app's reads are statements of their own: past the limit they run unprepared.
      await withOwnDb({ max: 2, preparedPerReader: 3 }, async (capped) => {
        const count =
          "select count(*)::int as n, pg_backend_pid() as pid from pg_prepared_statements where statement like '%as gated where%'";
        const seen = new Map<number, number>();
        for (let round = 0; round < 2; round++)
          for (let i = 0; i < 8; i++) {
            const [[row] = []] = await capped.readAsUser<{ n: number }>(visitor, [
              { text: `select ${i} as n`, params: [] },
            ]);
            expect(row?.n).toBe(i);
            const [[counted] = []] = await capped.readAsUser<{ n: number; pid: number }>(visitor, [
              { text: count, params: [] },
            ]);
            seen.set(counted!.pid, counted!.n);
          }
        expect([...seen.values()].every((n) => n <= 3)).toBe(true);
        expect(Math.max(...seen.values())).toBe(3);
      });
    },
  );

  it.skipIf(!process.env.DATABASE_URL)(
    'sends many reads down few connections at once, each answered as its own person',
    async () => {
      // Two reader connections, 60 reads at once by three people in turn: reads of one person go
      // down a busy connection together, another person's wait for a free one and enter there.
      await withOwnDb({ max: 4 }, async (small) => {
        const people = [visitor, builder, { ...visitor, app_id: '00000000-0000-4000-8000-000000000002' }];
        const asked = Array.from({ length: 60 }, (_, i) => people[Math.floor(i / 4) % 3]!);
        const answers = await Promise.all(
          asked.map((claims) =>
            small.readAsUser<{ who: string; claims: string; pid: number }>(claims, [
              { text: `${WHO}, pg_backend_pid() as pid`, params: [] },
            ]),
          ),
        );
        answers.forEach(([rows], i) => {
          expect(rows?.[0]?.who).toBe(asked[i]!.role);
          expect(JSON.parse(rows?.[0]?.claims ?? '{}')).toEqual(asked[i]);
        });
        expect(new Set(answers.map(([rows]) => rows?.[0]?.pid)).size).toBeLessThanOrEqual(2);
      });
    },
  );

  it.skipIf(!process.env.DATABASE_URL)(
    'never sends a read behind a slow one while another connection is free',
    async () => {
      await withOwnDb({ max: 4 }, async (small) => {
        // Both connections hold the visitor first, so either could take the reads below.
        await Promise.all(
          [0, 1].map(() => small.readAsUser(visitor, [{ text: 'select pg_sleep(0.05)', params: [] }])),
        );
        let slowDone = 0;
        const slow = small
          .readAsUser(visitor, [{ text: 'select pg_sleep(0.6)', params: [] }])
          .then(() => (slowDone = performance.now()));
        await new Promise((resolve) => setTimeout(resolve, 50));
        const fastDone: number[] = [];
        for (let i = 0; i < 3; i++) {
          const [[row] = []] = await small.readAsUser<{ who: string }>(visitor, [{ text: WHO, params: [] }]);
          expect(row?.who).toBe('anon');
          fastDone.push(performance.now());
        }
        await slow;
        for (const done of fastDone) expect(done).toBeLessThan(slowDone);
      });
    },
  );

  it.skipIf(!process.env.DATABASE_URL)(
    'answers through a transaction when the reader session is lost (another identity, a prepared statement gone)',
    async () => {
      // What a transaction-mode pooler does to a session reader, played by a function that raises
      // on the reader connections only: the gate's mismatch (42704 naming its setting) and a
      // prepared statement that does not exist (26000). Each read must still answer, as its person.
      await db.asOwner(async (tx) => {
        for (const [name, raise] of [
          [
            'db_port_lost_identity',
            `'unrecognized configuration parameter "${MISMATCH_SETTING}"' using errcode = '42704'`,
          ],
          ['db_port_lost_statement', `'prepared statement "s1" does not exist' using errcode = '26000'`],
        ])
          await tx.query(
            `create or replace function public.${name}() returns text language plpgsql as $$
             begin
               if current_setting('application_name') = 'build-practical-reader' then raise exception ${raise}; end if;
               return current_user;
             end $$`,
          );
      });
      try {
        for (const name of ['db_port_lost_identity', 'db_port_lost_statement']) {
          const [[row] = []] = await db.readAsUser<{ who: string }>(visitor, [
            { text: `select public.${name}() as who`, params: [] },
          ]);
          expect(row?.who).toBe('anon');
        }
        // Any other error on a reader is the caller's, not a reason to try again.
        await expect(
          db.readAsUser(visitor, [
            { text: 'select 1 / (select count(*) from pg_class where false)::int', params: [] },
          ]),
        ).rejects.toMatchObject({ code: '22012' });
      } finally {
        await db.asOwner(async (tx) => {
          await tx.query('drop function public.db_port_lost_identity()');
          await tx.query('drop function public.db_port_lost_statement()');
        });
      }
    },
  );

  it('cannot read what the role may not read', async () => {
    await expect(
      db.readAsUser(visitor, [{ text: 'select * from public.db_port_probe', params: [] }]),
    ).rejects.toMatchObject({
      code: '42501',
    });
  });
});

describe('withUser', () => {
  it('rolls back everything when the work throws, and the next transaction starts clean', async () => {
    await expect(
      db.withUser(builder, async (tx) => {
        await tx.query('insert into public.db_port_probe values (1)');
        throw new Error('the route failed after writing');
      }),
    ).rejects.toThrow('the route failed after writing');
    const counted = await db.asOwner((tx) =>
      tx.query<{ n: number }>('select count(*)::int as n from public.db_port_probe'),
    );
    expect(counted).toEqual([{ n: 0 }]);
    const owner = await ownerRole();
    expect(owner.role).toBe('none');
  });

  it('commits the work and keeps statements in order under the caller role', async () => {
    const seen = await db.withUser(builder, async (tx) => {
      const [me] = await tx.query<{ who: string }>(WHO);
      await tx.query('insert into public.db_port_probe values (2)');
      return me?.who;
    });
    expect(seen).toBe('authenticated');
    const rows = await db.asOwner((tx) => tx.query<{ v: number }>('select v from public.db_port_probe'));
    expect(rows).toEqual([{ v: 2 }]);
  });
});
