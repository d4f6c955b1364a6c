import { expect } from 'vitest';
import { api, type Builder, signUpBuilder } from '../../api/testing/builders.ts';
import type { AppDefinition } from '../../schemas/definitions.ts';
import type { PublishResult } from '../../schemas/index.ts';
import { DESK_SLUG, FLOOD_SLUG, platformDesk } from './desk.ts';
import type { PlatformTarget } from './target.ts';

/**
 * What the cases share on one target: its builders and published apps, each made the first time
 * a case asks (so one case run alone with `-t` still finds what it needs), then reused.
 */
export interface SuiteContext {
  /** The target under test; read inside a test (it starts in the file's `beforeAll`). */
  target(): PlatformTarget;
  owner(): Promise<Builder>;
  /** Another builder, who must see nothing of the owner's. */
  stranger(): Promise<Builder>;
  /** The owner's published desk app, with what creating and publishing it answered. */
  desk(): Promise<PublishedApp>;
  /** A second published copy of the desk, for the rate-limit case alone. */
  flood(): Promise<PublishedApp>;
}

export interface PublishedApp {
  id: string;
  slug: string;
  created: { status: number };
  published: { status: number; body: PublishResult };
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

export function suiteContext(target: () => PlatformTarget): SuiteContext {
  const owner = once(() => signUpBuilder(target().authUrl, 'platform-owner'));
  const publish = async (definition: AppDefinition): Promise<PublishedApp> => {
    const who = await owner();
    const created = await api(target().url, who, 'POST', '/api/apps', { definition });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const published = await api(target().url, who, 'POST', `/api/apps/${id}/publish`, {});
    expect(published.status, await published.clone().text()).toBe(200);
    return {
      id,
      slug: definition.slug,
      created: { status: created.status },
      published: { status: published.status, body: (await published.json()) as PublishResult },
    };
  };
  return {
    target,
    owner,
    stranger: once(() => signUpBuilder(target().authUrl, 'platform-stranger')),
    desk: once(() => publish(platformDesk(DESK_SLUG))),
    flood: once(() => publish(platformDesk(FLOOD_SLUG))),
  };
}

/** Asks `probe` until it gives a value, or fails naming what did not happen in time. */
export async function poll<T>(what: string, probe: () => Promise<T | null>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
