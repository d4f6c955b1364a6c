import { PostgrestClient } from '@supabase/postgrest-js';
import { expect, it } from 'vitest';
import type { SuiteContext } from './context.ts';

/** Publishing an app, then its data API through the real @supabase/postgrest-js client. */
export function dataApiCases(ctx: SuiteContext) {
  const client = async (as: 'owner' | 'visitor') => {
    const [owner, desk] = await Promise.all([ctx.owner(), ctx.desk()]);
    return new PostgrestClient(`${ctx.target().url}/u/${owner.username}/${desk.slug}/rest/v1`, {
      headers: as === 'owner' ? { Authorization: `Bearer ${owner.token}` } : {},
    });
  };

  it('creates and publishes an app, answering with the review’s findings and its address', async () => {
    const desk = await ctx.desk();
    expect(desk.created.status).toBe(201);
    expect(desk.published.body).toMatchObject({ published: true, version: 1 });
    expect(desk.published.body.url).toMatch(/\/u\/platform-owner\/platform-desk$/);
    // Members may delete every row of a table with no rules: pointed out, not blocking.
    expect(desk.published.body.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'app.delete-all-unguarded', severity: 'info' }),
    );
    expect(desk.published.body.findings.filter((f) => f.severity === 'blocker')).toEqual([]);
  });

  it('inserts with return=representation, then reads with a filter, an order, a limit and an exact count', async () => {
    const owner = await client('owner');
    const visitor = await client('visitor');
    const inserted = await owner
      .from('docs')
      .insert([
        { title: 'Lease', points: 5, note: 'ask legal' },
        { title: 'Invoice', points: 12 },
        { title: 'Memo', points: 1 },
        { title: 'Offer', points: 30 },
      ])
      .select('id, title, points');
    expect(inserted.error).toBeNull();
    expect(inserted.status).toBe(201);
    expect(inserted.data?.map((row) => [row.title, row.points])).toEqual([
      ['Lease', 5],
      ['Invoice', 12],
      ['Memo', 1],
      ['Offer', 30],
    ]);
    expect(inserted.data?.every((row) => typeof row.id === 'string')).toBe(true);

    const read = await visitor
      .from('docs')
      .select('title, points')
      .gte('points', 5)
      .order('points', { ascending: false })
      .limit(2);
    expect(read.error).toBeNull();
    expect(read.data).toEqual([
      { title: 'Offer', points: 30 },
      { title: 'Invoice', points: 12 },
    ]);

    const counted = await visitor.from('docs').select('title', { count: 'exact' }).order('title').limit(1);
    expect(counted.error).toBeNull();
    expect(counted.count).toBe(4);
    expect(counted.data).toEqual([{ title: 'Invoice' }]);
  });

  it('patches and deletes rows, and answers with what changed', async () => {
    const owner = await client('owner');
    const patched = await owner
      .from('docs')
      .update({ points: 40 })
      .eq('title', 'Lease')
      .select('title, points');
    expect(patched.error).toBeNull();
    expect(patched.data).toEqual([{ title: 'Lease', points: 40 }]);
    const deleted = await owner.from('docs').delete().eq('title', 'Memo').select('title');
    expect(deleted.error).toBeNull();
    expect(deleted.data).toEqual([{ title: 'Memo' }]);

    const after = await owner.from('docs').select('title, points').order('title');
    expect(after.data).toEqual([
      { title: 'Invoice', points: 12 },
      { title: 'Lease', points: 40 },
      { title: 'Offer', points: 30 },
    ]);
  });

  it('never returns a hidden field to a visitor, and names a hidden or unknown column in a 400', async () => {
    const owner = await client('owner');
    const visitor = await client('visitor');
    const all = await visitor.from('docs').select('*').eq('title', 'Lease');
    expect(all.error).toBeNull();
    expect(all.data).toHaveLength(1);
    expect(all.data![0]).not.toHaveProperty('note');
    expect(JSON.stringify(all.data)).not.toContain('ask legal');
    // The builder sees it: the field exists, it is only hidden from the visitor's role.
    expect((await owner.from('docs').select('note').eq('title', 'Lease')).data).toEqual([
      { note: 'ask legal' },
    ]);

    for (const [query, column] of [
      [visitor.from('docs').select('note'), 'note'],
      [visitor.from('docs').select('title').eq('note', 'ask legal'), 'note'],
      [owner.from('docs').select('titel'), 'titel'],
      [owner.from('docs').insert({ titel: 'Typo' }), 'titel'],
    ] as const) {
      const { status, error } = await query;
      expect(status, column).toBe(400);
      expect(error?.message).toMatch(new RegExp(`\\b${column}\\b`));
      expect(error?.message).not.toContain('ask legal');
    }
  });

  it('answers a flood of data API requests with 429 and a Retry-After within the minute', async () => {
    const [owner, flood] = await Promise.all([ctx.owner(), ctx.flood()]);
    const rest = `${ctx.target().url}/u/${owner.username}/${flood.slug}/rest/v1/docs?select=title`;
    // The free plan's 100 a minute: the window may turn over mid-burst, so send until refused.
    let refused: Response | undefined;
    let sent = 0;
    for (; sent < 250 && !refused; sent++) {
      const response = await fetch(rest);
      if (response.status === 429) refused = response;
      else expect(response.status).toBe(200);
    }
    expect(refused, 'no 429 within 250 requests').toBeDefined();
    expect(sent).toBeGreaterThan(100);
    const retryAfter = Number(refused!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Which limit, on which plan: what a person can act on.
    expect(await refused!.json()).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/100 requests this minute, its limit on the free plan/),
    });
    // The limit is the app's own: the desk's data API still answers.
    const desk = await ctx.desk();
    const other = await fetch(
      `${ctx.target().url}/u/${owner.username}/${desk.slug}/rest/v1/docs?select=title`,
    );
    expect(other.status).toBe(200);
  });
}
