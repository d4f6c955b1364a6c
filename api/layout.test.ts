import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Imports flow one way: schemas ← runtime ← api; the editor imports schemas and runtime, never
// api; the API's core never imports a platform adapter. This test fails on any file that breaks it.

const ROOT = normalize(join(import.meta.dirname, '..'));
const LAYERS = ['schemas', 'runtime', 'api', 'editor', 'e2e', 'bench'] as const;
type Layer = (typeof LAYERS)[number];

/** Which top-level folders each layer may import from, and which packages. */
const RULES: Record<Layer, { folders: Layer[]; packages: RegExp | null }> = {
  schemas: { folders: ['schemas'], packages: /^zod$/ },
  runtime: { folders: ['schemas', 'runtime'], packages: /^(zod|@marcbachmann\/cel-js)$/ },
  api: { folders: ['schemas', 'runtime', 'api'], packages: null },
  editor: { folders: ['schemas', 'runtime', 'editor'], packages: null },
  // End-to-end tests drive the product through the browser and HTTP; they may read pure modules
  // to state expectations (the canvas's table geometry held to the drawn page, a field's column type).
  e2e: { folders: ['schemas', 'runtime', 'api', 'editor', 'e2e'], packages: null },
  bench: { folders: ['schemas', 'runtime', 'api', 'e2e', 'bench'], packages: null },
};

/** Every module a file imports (static, dynamic, re-exports), read by TypeScript's own scanner. */
function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
}

/** The violations in one file (its path relative to the repo root, with `/`). */
function violations(file: string, source: string): string[] {
  const layer = file.split('/')[0] as Layer;
  const rule = RULES[layer];
  if (!rule) return [];
  const found: string[] = [];
  const isTest = /\.test\.tsx?$/.test(file);
  for (const specifier of importsOf(source)) {
    if (specifier.startsWith('.')) {
      const target = normalize(join(dirname(file), specifier))
        .split('\\')
        .join('/');
      const targetLayer = target.split('/')[0] as Layer;
      if (!rule.folders.includes(targetLayer))
        found.push(`${file} imports ${target} (${layer} may not import ${targetLayer})`);
      const core = layer === 'api' && !/^api\/(platform|testing)\//.test(file) && !isTest;
      if (core && /^api\/platform\//.test(target))
        found.push(`${file} imports ${target} (the core never imports an adapter)`);
    } else if (rule.packages && !rule.packages.test(specifier) && !isTest) {
      // Tests may use test tools and files; the code they test may not.
      found.push(`${file} imports package "${specifier}" (${layer} is pure: no I/O, no platform packages)`);
    }
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

describe('one-way imports', () => {
  it('the rule catches each kind of violation', () => {
    expect(violations('schemas/app.ts', "import { x } from '../api/app.ts';")).toHaveLength(1);
    expect(violations('schemas/app.ts', "import pg from 'postgres';")).toHaveLength(1);
    expect(violations('runtime/expr/eval.ts', "import { readFile } from 'node:fs';")).toHaveLength(1);
    expect(violations('runtime/expr/eval.ts', "export * from '../../api/store/db.ts';")).toHaveLength(1);
    expect(violations('editor/src/api.ts', "const m = await import('../../api/app.ts');")).toHaveLength(1);
    expect(violations('api/routes/x.ts', "import { serve } from '../platform/node/main.ts';")).toHaveLength(
      1,
    );
    expect(
      violations('api/routes/x.ts', "import { z } from 'zod';\nimport { A } from '../../schemas/index.ts';"),
    ).toEqual([]);
    expect(violations('editor/src/x.tsx', "import { Feature } from '../../schemas/index.ts';")).toEqual([]);
    expect(violations('schemas/app.test.ts', "import { it } from 'vitest';")).toEqual([]);
    expect(violations('schemas/app.test.ts', "import { x } from '../runtime/x.ts';")).toHaveLength(1);
    // Strings and regular expressions that merely mention an import are not imports.
    expect(
      violations(
        'runtime/x.ts',
        "const words = ['if', 'import', 'in'];\nconst re = /import .* from 'vitest'/;",
      ),
    ).toEqual([]);
  });

  it('holds for every source file in the repository', () => {
    const files = LAYERS.flatMap((layer) => {
      try {
        return sourceFiles(layer);
      } catch {
        return [];
      }
    });
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((file) =>
      violations(relative(ROOT, join(ROOT, file)), readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(found).toEqual([]);
  });
});
