import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { serverDatabase } from './database.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';

export interface StudioSession {
  server: ServerProcess;
  browser: Browser;
  /** Stops the browser and the server and removes their data, in reverse order of start. */
  close(): Promise<void>;
}

/**
 * What every browser suite starts with: the real platform process on a fresh data folder (and a
 * fresh database when the suite runs on Postgres) and a headless Chromium.
 */
export async function startStudioSession(prefix: string): Promise<StudioSession> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const dataDir = await mkdtemp(join(tmpdir(), `bp-${prefix}-`));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const database = await serverDatabase(dataDir);
    cleanups.push(database.drop);
    const server = await startServerProcess(database.env);
    cleanups.push(() => server.stop());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    return { server, browser, close };
  } catch (error) {
    await close();
    throw error;
  }
}
