import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// Worker code tested inside workerd (Miniflare): bundled from its TypeScript source as wrangler
// would, for the browser platform, so a Node-only import fails the build; and run under the
// compatibility settings wrangler.toml deploys with.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** wrangler.toml's compatibility_date and compatibility_flags. */
export function deployedCompatibility() {
  const toml = readFileSync(`${ROOT}wrangler.toml`, 'utf8');
  const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  const flags = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(toml)?.[1] ?? '';
  if (!date) throw new Error('wrangler.toml: compatibility_date not found');
  return { compatibilityDate: date, compatibilityFlags: [...flags.matchAll(/"([^"]+)"/g)].map((m) => m[1]!) };
}

/**
 * One ES module for Miniflare's `script`: an entry file, or entry source resolved from the
 * project's root. `external`: modules workerd provides itself (e.g. `node:*`, `cloudflare:*`).
 */
export async function bundleForWorkerd(
  entry: { file: string } | { source: string },
  external: string[] = [],
): Promise<string> {
  const bundle = await build({
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.source, resolveDir: ROOT, loader: 'ts' as const } }),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    external,
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return bundle.outputFiles[0]!.text;
}
