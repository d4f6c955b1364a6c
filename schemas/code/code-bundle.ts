import { z } from 'zod';
import { Label, SCHEMA_VERSION } from '../common.ts';

export const CODE_LIMITS = {
  maxFiles: 200,
  maxFileBytes: 200 * 1024,
  maxTotalBytes: 2 * 1024 * 1024,
} as const;

/**
 * A path inside the bundle: relative, forward slashes, no `..` or `.` segment, no leading slash,
 * no drive letter, no control characters — so unpacking the zip can never write outside it.
 */
export const BundlePath = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^[A-Za-z0-9_@][A-Za-z0-9_.@-]*(\/[A-Za-z0-9_@][A-Za-z0-9_.@-]*)*$/,
    'must be a relative path like src/index.ts',
  )
  .refine(
    (path) => !path.split('/').some((segment) => segment === '..' || segment === '.'),
    'must not contain .. or .',
  );

export const BundleFile = z.strictObject({
  path: BundlePath,
  content: z.string().max(CODE_LIMITS.maxFileBytes, `must be at most ${CODE_LIMITS.maxFileBytes} characters`),
});
export type BundleFile = z.infer<typeof BundleFile>;

/** The spec agent's structured markdown spec for code mode. */
export const CodeSpec = z.strictObject({
  title: Label,
  summary: z.string().min(1).max(2000),
  /** Markdown sections, each filled by the spec agent. */
  sections: z.strictObject({
    goals: z.string().min(1).max(20_000),
    requirements: z.array(z.string().min(1).max(1000)).min(1).max(100),
    architecture: z.string().min(1).max(20_000),
    dataModel: z.string().max(20_000).optional(),
    interfaces: z.string().max(20_000).optional(),
    testing: z.string().min(1).max(20_000),
    outOfScope: z.string().max(10_000).optional(),
  }),
});
export type CodeSpec = z.infer<typeof CodeSpec>;

/** Code mode: TypeScript files and their Vitest/Zod tests, downloaded as a zip, never run by us. */
export const CodeBundle = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  kind: z.literal('code'),
  language: z.literal('typescript'),
  spec: CodeSpec,
  files: z.array(BundleFile).min(1).max(CODE_LIMITS.maxFiles),
  /** Test files; each path ends in .test.ts. */
  tests: z
    .array(
      BundleFile.extend({
        path: BundlePath.refine((path) => path.endsWith('.test.ts'), 'must be a .test.ts file'),
      }),
    )
    .min(1, 'needs at least one test file')
    .max(CODE_LIMITS.maxFiles),
});
export type CodeBundle = z.infer<typeof CodeBundle>;
