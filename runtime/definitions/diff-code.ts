import type { BundleFile, CodeBundle } from '../../schemas/definitions.ts';
import {
  type DiffContext,
  diffEntityList,
  diffProps,
  type EntityListSpec,
  keyBy,
  ROOT,
} from './diff-entities.ts';
import { formatPath } from './result.ts';

/** Changes between two code bundles: the spec, section by section, then files and tests by path. */
export function diffCode(ctx: DiffContext, a: CodeBundle, b: CodeBundle): void {
  diffProps(ctx, a, b, ROOT, {
    entity: 'spec',
    subject: 'code',
    propertyPaths: true,
    handlers: {
      spec: (before, after, at) =>
        diffProps(ctx, before, after, at, {
          entity: 'spec',
          subject: 'spec',
          propertyPaths: true,
          handlers: {
            sections: (x, y, sectionsAt) =>
              diffProps(ctx, x, y, sectionsAt, { entity: 'spec', subject: 'spec', propertyPaths: true }),
          },
        }),
      files: (before, after, at) => diffEntityList(ctx, before, after, at, fileList(ctx, 'file')),
      tests: (before, after, at) => diffEntityList(ctx, before, after, at, fileList(ctx, 'test')),
    },
  });
}

/** Files have no id: the path is the key, and a path change with the same content is a rename. */
function fileList(ctx: DiffContext, entity: 'file' | 'test'): EntityListSpec<BundleFile> {
  return {
    entity,
    noun: entity,
    plural: `${entity}s`,
    key: keyBy('path'),
    title: (file) => file.path,
    sameItem: (removed, added) => removed.content === added.content,
    diffItem: (before, after, at, subject) =>
      diffProps(ctx, before, after, at, {
        entity,
        id: after.path,
        subject,
        handlers: {
          content: (x, y, contentAt) => {
            ctx.patchValue(x, y, contentAt.pointer);
            ctx.record({
              kind: 'changed',
              entity,
              id: after.path,
              path: formatPath(at.path),
              summary: `${subject} changed`,
            });
          },
        },
      }),
  };
}
