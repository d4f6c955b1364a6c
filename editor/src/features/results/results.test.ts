import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarizeApp, summarizeWorkflow } from './definition-summary.ts';
import { fileTreeRows } from './file-tree.ts';
import { highlightable, type Token, tokenize } from './highlight.ts';
import { fieldValueLines, VALUE_PREVIEW_CHARS } from './test-values.ts';

const example = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../../schemas/examples/${name}`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;

const kinds = (tokens: Token[]) => tokens.filter((t) => t.kind !== 'plain').map((t) => `${t.kind}:${t.text}`);

describe('tokenize', () => {
  it('marks keywords, strings, numbers and comments and keeps every character', () => {
    const source = "export const limit = 42; // the cap\nconst name = 'pie';";
    const tokens = tokenize(source);
    expect(tokens.map((t) => t.text).join('')).toBe(source);
    expect(kinds(tokens)).toEqual([
      'keyword:export',
      'keyword:const',
      'number:42',
      'comment:// the cap',
      'keyword:const',
      "string:'pie'",
    ]);
  });

  it('does not read a comment inside a string, nor a quote inside a comment', () => {
    expect(kinds(tokenize('const url = "https://example.com"; /* it\'s fine */'))).toEqual([
      'keyword:const',
      'string:"https://example.com"',
      "comment:/* it's fine */",
    ]);
  });

  it('handles escaped quotes and multi-line template strings', () => {
    expect(kinds(tokenize('"say \\"hi\\"" + `a\nb`'))).toEqual(['string:"say \\"hi\\""', 'string:`a\nb`']);
  });

  it('leaves identifiers that contain keywords or digits, and properties named like keywords, plain', () => {
    expect(kinds(tokenize('const constant = item2.type + typeOf(x);'))).toEqual(['keyword:const']);
  });

  it('knows which files it can highlight', () => {
    expect(highlightable('src/recipes.ts')).toBe(true);
    expect(highlightable('package.json')).toBe(true);
    expect(highlightable('README.md')).toBe(false);
  });
});

describe('fileTreeRows', () => {
  it('puts folders before files, sorted, indented by depth', () => {
    const rows = fileTreeRows([
      'src/scale.ts',
      'README.md',
      'src/lib/units.ts',
      'src/index.ts',
      'package.json',
    ]);
    expect(rows.map((r) => `${'  '.repeat(r.depth)}${r.kind === 'folder' ? `${r.name}/` : r.name}`)).toEqual([
      'src/',
      '  lib/',
      '    units.ts',
      '  index.ts',
      '  scale.ts',
      'README.md',
      'package.json',
    ]);
    expect(rows.find((r) => r.name === 'units.ts')?.path).toBe('src/lib/units.ts');
  });
});

describe('summarizeApp / summarizeWorkflow', () => {
  it('lists the recipe tracker’s tables with their fields and its views with their tables', () => {
    const summary = summarizeApp(example('recipe-tracker.app.json'));
    expect(summary.tables.map((t) => t.id)).toEqual(['recipes', 'ingredients', 'cook_log']);
    expect(summary.tables[0]?.fields.length).toBeGreaterThan(2);
    const gallery = summary.views.find((v) => v.id === 'recipe_gallery');
    expect(gallery?.kind).toBe('card grid');
    expect(gallery?.table).toBe(summary.tables[0]?.label);
  });

  it('describes a workflow’s trigger and steps in words', () => {
    const summary = summarizeWorkflow(example('daily-digest-bot.workflow.json'));
    expect(summary.trigger).toBe('On a schedule (0 8 * * 1-5)');
    expect(summary.steps[0]).toEqual({
      id: 'list_repos',
      label: 'List recently pushed repositories',
      kind: 'call api',
    });
  });

  it('does not throw on a definition it cannot read', () => {
    expect(summarizeApp({ nonsense: true }).tables).toEqual([]);
    expect(summarizeWorkflow({ steps: 'no' }).steps).toEqual([]);
  });
});

describe('fieldValueLines', () => {
  it('shows one line per field and cuts long values, keeping the whole one for the tooltip', () => {
    const method = '1. Soften the onion and peppers. 2. Add the tomatoes. 3. Poach the eggs in the sauce.';
    const lines = fieldValueLines({ title: 'Shakshuka', servings: 2, instructions: method });
    expect(lines.map((l) => `${l.field}: ${l.value}`).slice(0, 2)).toEqual([
      'title: "Shakshuka"',
      'servings: 2',
    ]);
    expect(lines[2]?.value.length).toBe(VALUE_PREVIEW_CHARS);
    expect(lines[2]?.value.endsWith('…')).toBe(true);
    expect(lines[2]?.full).toBe(JSON.stringify(method));
  });
});
