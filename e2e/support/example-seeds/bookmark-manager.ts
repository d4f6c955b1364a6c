import { defineSeed, findRow, idsBy } from './define.ts';
import { kanbanFact, relationLabels } from './facts.ts';

/**
 * A developer's private reading list: 4 collections, 6 tags, 8 bookmarks. Finished ones are
 * moved to Read by an update (so the automation stamps "Finished on") and rated then, as the
 * rule "rate a bookmark once you have read it" wants. No state machine: every card move is legal.
 */
export const bookmarkManagerSeed = defineSeed(
  'bookmark-manager',
  async (client) => {
    const collections = idsBy(
      await client.insert(
        'collections',
        [
          {
            name: 'Engineering deep dives',
            purpose: 'Long reads on databases, architecture and the internals of tools I use daily.',
            color: 'indigo',
            pinned: true,
          },
          {
            name: 'Design inspiration',
            purpose: 'Interfaces, typography and UX research worth stealing from.',
            color: 'rose',
          },
          { name: 'Weekend reading', purpose: 'Essays for a slow Sunday morning.', color: 'amber' },
          {
            name: 'Career & craft',
            purpose: 'How good teams work, and how to grow in one.',
            color: 'emerald',
          },
        ],
        (row) => String(row.name),
      ),
      'name',
    );
    const tags = idsBy(
      await client.insert(
        'tags',
        ['postgres', 'architecture', 'performance', 'ux', 'writing', 'typescript'].map((name) => ({ name })),
        (row) => String(row.name),
      ),
      'name',
    );
    const bookmarks = await client.insert(
      'bookmarks',
      [
        {
          title: 'How Postgres Makes Transactions Atomic',
          url: 'https://brandur.org/postgres-atomicity',
          excerpt: 'The clearest walk through MVCC and the commit log I have found.',
          collection: collections['Engineering deep dives'],
          tags: [tags.postgres, tags.architecture],
          content_type: 'article',
          read_status: 'reading',
          reading_time: 1500,
        },
        {
          title: 'Out of the Tar Pit',
          url: 'https://curtclifton.net/papers/MoseleyMarks06a.pdf',
          excerpt: 'Essential vs accidental complexity; the paper everyone cites and few finish.',
          collection: collections['Engineering deep dives'],
          tags: [tags.architecture],
          content_type: 'paper',
          read_status: 'reading',
          reading_time: 5400,
        },
        {
          title: 'Web Vitals explained',
          url: 'https://web.dev/articles/vitals',
          excerpt: 'LCP, INP and CLS: what the dashboard numbers actually measure.',
          collection: collections['Engineering deep dives'],
          tags: [tags.performance],
          content_type: 'article',
          read_status: 'unread',
          reading_time: 900,
        },
        {
          title: 'Laws of UX',
          url: 'https://lawsofux.com/',
          excerpt: "Fitts, Hick, Jakob's law, with examples to send to the team.",
          collection: collections['Design inspiration'],
          tags: [tags.ux],
          content_type: 'tool',
          read_status: 'reading',
        },
        {
          title: 'Refactoring UI: redesigning a settings page',
          url: 'https://www.youtube.com/watch?v=7Z9rrryIOC4',
          collection: collections['Design inspiration'],
          tags: [tags.ux],
          content_type: 'video',
          read_status: 'unread',
          reading_time: 2700,
        },
        {
          title: 'The Pragmatic Engineer: how Stripe ships',
          url: 'https://newsletter.pragmaticengineer.com/p/stripe',
          collection: collections['Career & craft'],
          content_type: 'podcast',
          read_status: 'reading',
          reading_time: 3900,
        },
        {
          title: 'Write Simply',
          url: 'https://paulgraham.com/simply.html',
          excerpt: 'Short, and worth rereading before every design doc.',
          collection: collections['Weekend reading'],
          tags: [tags.writing],
          content_type: 'article',
          read_status: 'reading',
          reading_time: 420,
        },
        {
          title: 'Announcing TypeScript 5.0',
          url: 'https://devblogs.microsoft.com/typescript/announcing-typescript-5-0/',
          collection: collections['Engineering deep dives'],
          tags: [tags.typescript],
          content_type: 'article',
          read_status: 'archived',
          reading_time: 1200,
        },
      ],
      (row) => String(row.title),
    );
    const id = idsBy(bookmarks, 'title');
    // Finished: Read (the automation stamps read_at), then rated and, once, a favourite.
    const finished: [string, number, boolean][] = [
      ['How Postgres Makes Transactions Atomic', 5, true],
      ['Laws of UX', 4, false],
      ['Write Simply', 4, false],
    ];
    for (const [title, rating, favorite] of finished)
      await client.update('bookmarks', [id[title]!], { read_status: 'read', rating, favorite });
  },
  (rows, app) => {
    const webVitals = findRow(rows, 'bookmarks', 'title', 'Web Vitals explained');
    const engineering = findRow(rows, 'collections', 'name', 'Engineering deep dives');
    const performance = findRow(rows, 'tags', 'name', 'performance');
    const valid = {
      url: 'https://martinfowler.com/articles/branching-patterns.html',
      title: 'Patterns for Managing Source Code Branches',
      excerpt: 'For the trunk-based development discussion next sprint.',
      content_type: 'article',
      collection: engineering.id,
      tags: [performance.id],
      read_status: 'unread',
      reading_time: 3000,
    };
    const invalid = { url: 'ftp://files.example.com/notes.txt', title: 'Old notes', content_type: 'tool' };
    return {
      kanbans: [kanbanFact(app, rows, 'reading_board', { rowId: webVitals.id, to: 'reading' }, null)],
      calendars: [],
      forms: [
        {
          viewId: 'save_bookmark',
          tableId: 'bookmarks',
          role: 'owner',
          valid: { values: valid, labels: relationLabels(app, rows, 'bookmarks', valid) },
          invalid: { values: invalid, labels: {}, field: 'url', message: 'must be an http or https address' },
        },
      ],
      signIn: null,
    };
  },
);
