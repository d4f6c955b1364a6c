import type { z } from 'zod';
import type { ContractTests, FeaturePlan, FeatureSpec } from '../../../schemas/index.ts';
import { AGENT_TOOLS } from '../../agents/contracts.ts';
import type { PipelineAnswers } from './pipeline-script.ts';

// The canned code-mode feature: a small TypeScript unit-converter library. Its contract tests are
// Vitest files written from the plan's interface (`src/convert.ts`: `convert`, `UNITS`,
// `ConversionError`); the implementer writes only the sources. The platform never runs either —
// the test checks that the bundle they make validates and passes the code review rules.

const spec = {
  title: 'Unit converter library',
  summary:
    'A small, dependency-free TypeScript library that converts lengths, masses and temperatures between metric and imperial units, for use in a cooking and travel app.',
  users: ['Developers who need exact, tested unit conversions in a TypeScript app'],
  requirements: [
    'Converts between m, km, cm, mi, ft and in; between g, kg, lb and oz; between C, F and K',
    'Refuses to convert between different kinds of unit (length to mass) with a ConversionError naming both units',
    'Refuses unknown units and non-finite numbers with a ConversionError',
    'Lists the supported units with their kind',
  ],
  acceptance: [
    'convert(1, "km", "m") is 1000',
    'convert(100, "C", "F") is 212 and convert(0, "K", "C") is -273.15',
    'convert(1, "lb", "g") is 453.59237',
    'convert(1, "kg", "m") throws a ConversionError',
    'convert(Number.NaN, "m", "ft") throws a ConversionError',
  ],
  outOfScope: ['Volumes and cooking measures', 'Parsing text such as "3 ft"', 'Localised formatting'],
} satisfies z.input<typeof FeatureSpec>;

const plan = {
  steps: [
    { title: 'Unit table', detail: 'Each unit with its kind and its factor to the base unit (m, g).' },
    { title: 'Conversion', detail: 'Linear units through the base unit; temperatures through kelvin.' },
    { title: 'Errors', detail: 'ConversionError for unknown units, mixed kinds and non-finite input.' },
  ],
  interface: [
    {
      name: 'src/convert.ts',
      detail:
        'export type UnitId = "m" | "km" | "cm" | "mi" | "ft" | "in" | "g" | "kg" | "lb" | "oz" | "C" | "F" | "K"; export const UNITS: Record<UnitId, { kind: "length" | "mass" | "temperature"; label: string }>; export class ConversionError extends Error; export function convert(value: number, from: string, to: string): number',
    },
    { name: 'src/index.ts', detail: 'Re-exports convert, UNITS, ConversionError and UnitId.' },
  ],
} satisfies z.input<typeof FeaturePlan>;

const TEST_FILE = `import { describe, expect, it } from 'vitest';
import { ConversionError, convert, UNITS } from './convert.ts';

describe('convert', () => {
  it('converts lengths through metres', () => {
    expect(convert(1, 'km', 'm')).toBe(1000);
    expect(convert(1, 'mi', 'ft')).toBeCloseTo(5280, 6);
    expect(convert(12, 'in', 'ft')).toBeCloseTo(1, 10);
  });

  it('converts masses through grams', () => {
    expect(convert(1, 'lb', 'g')).toBeCloseTo(453.59237, 8);
    expect(convert(16, 'oz', 'lb')).toBeCloseTo(1, 10);
  });

  it('converts temperatures through kelvin', () => {
    expect(convert(100, 'C', 'F')).toBeCloseTo(212, 10);
    expect(convert(0, 'K', 'C')).toBeCloseTo(-273.15, 10);
  });

  it('refuses to mix kinds, naming both units', () => {
    expect(() => convert(1, 'kg', 'm')).toThrow(ConversionError);
    expect(() => convert(1, 'kg', 'm')).toThrow(/kg.*m/);
  });

  it('refuses unknown units and numbers that are not finite', () => {
    expect(() => convert(1, 'parsec', 'm')).toThrow(ConversionError);
    expect(() => convert(Number.NaN, 'm', 'ft')).toThrow(ConversionError);
  });

  it('lists every unit with its kind', () => {
    expect(UNITS.kg.kind).toBe('mass');
    expect(Object.keys(UNITS)).toHaveLength(13);
  });
});
`;

const tests = {
  kind: 'code',
  tests: [{ path: 'src/convert.test.ts', content: TEST_FILE }],
} satisfies z.input<typeof ContractTests>;

const CONVERT = `/** A unit this library converts, by its symbol. */
export type UnitId = 'm' | 'km' | 'cm' | 'mi' | 'ft' | 'in' | 'g' | 'kg' | 'lb' | 'oz' | 'C' | 'F' | 'K';
type Kind = 'length' | 'mass' | 'temperature';

/** Linear units carry their size in the base unit of their kind (metres, grams). */
export const UNITS: Record<UnitId, { kind: Kind; label: string; factor?: number }> = {
  m: { kind: 'length', label: 'metre', factor: 1 },
  km: { kind: 'length', label: 'kilometre', factor: 1000 },
  cm: { kind: 'length', label: 'centimetre', factor: 0.01 },
  mi: { kind: 'length', label: 'mile', factor: 1609.344 },
  ft: { kind: 'length', label: 'foot', factor: 0.3048 },
  in: { kind: 'length', label: 'inch', factor: 0.0254 },
  g: { kind: 'mass', label: 'gram', factor: 1 },
  kg: { kind: 'mass', label: 'kilogram', factor: 1000 },
  lb: { kind: 'mass', label: 'pound', factor: 453.59237 },
  oz: { kind: 'mass', label: 'ounce', factor: 28.349523125 },
  C: { kind: 'temperature', label: 'degree Celsius' },
  F: { kind: 'temperature', label: 'degree Fahrenheit' },
  K: { kind: 'temperature', label: 'kelvin' },
};

export class ConversionError extends Error {
  override name = 'ConversionError';
}

function unit(id: string): (typeof UNITS)[UnitId] {
  const found = Object.hasOwn(UNITS, id) ? UNITS[id as UnitId] : undefined;
  if (!found) throw new ConversionError(\`unknown unit "\${id}"\`);
  return found;
}

// Temperatures are not proportional (0 °C is not "no heat"), so they go through kelvin.
const toKelvin: Record<string, (v: number) => number> = {
  C: (v) => v + 273.15,
  F: (v) => ((v - 32) * 5) / 9 + 273.15,
  K: (v) => v,
};
const fromKelvin: Record<string, (v: number) => number> = {
  C: (v) => v - 273.15,
  F: (v) => ((v - 273.15) * 9) / 5 + 32,
  K: (v) => v,
};

export function convert(value: number, from: string, to: string): number {
  if (!Number.isFinite(value)) throw new ConversionError(\`cannot convert \${value}: not a finite number\`);
  const source = unit(from);
  const target = unit(to);
  if (source.kind !== target.kind)
    throw new ConversionError(\`cannot convert \${source.kind} (\${from}) to \${target.kind} (\${to})\`);
  if (source.kind === 'temperature') return fromKelvin[to]!(toKelvin[from]!(value));
  return (value * source.factor!) / target.factor!;
}
`;

const INDEX = `export { ConversionError, convert, UNITS, type UnitId } from './convert.ts';
`;

const files = [
  { path: 'src/convert.ts', content: CONVERT },
  { path: 'src/index.ts', content: INDEX },
  {
    path: 'package.json',
    content: `${JSON.stringify(
      {
        name: 'unit-converter',
        version: '0.1.0',
        type: 'module',
        exports: './src/index.ts',
        scripts: { test: 'vitest run' },
        devDependencies: { typescript: '^5.9.0', vitest: '^4.0.0' },
      },
      null,
      2,
    )}\n`,
  },
];

export function codeAnswers(): PipelineAnswers {
  return {
    mode: 'code',
    ba: {
      question: 'Sure. Which kinds of unit do you need — lengths, weights, temperatures, volumes?',
      reply:
        'So: a small TypeScript library that converts lengths, masses and temperatures, with clear errors for impossible conversions, to use inside your own app. That is a piece of code you will run yourself, so I recommend code mode.',
      recommendation: {
        mode: 'code',
        reason: 'It is a reusable algorithm (a library), not stored records or a scheduled workflow.',
      },
    },
    tools: {
      [AGENT_TOOLS.spec]: spec,
      [AGENT_TOOLS.planner]: plan,
      [AGENT_TOOLS['contract-tests']]: tests,
      [AGENT_TOOLS.implementer.code]: { files },
      [AGENT_TOOLS['security-reviewer']]: {
        summary: 'Pure computation: no input from outside, no network, no file access.',
        findings: [
          {
            ruleId: 'llm.no-input-limits',
            severity: 'info',
            path: 'src/convert.ts',
            message: 'Very large values lose precision in floating point; document the expected range.',
          },
        ],
      },
      [AGENT_TOOLS['code-reviewer']]: {
        summary: 'Readable and matches the plan; the tests cover each kind and each error.',
        findings: [
          {
            ruleId: 'llm.non-null-assertion',
            severity: 'warning',
            path: 'src/convert.ts',
            message:
              'convert uses non-null assertions on the kelvin tables; derive them from UnitId so a missing entry is a type error.',
          },
        ],
      },
    },
  };
}
