import type { Context } from 'hono';
import type { z } from 'zod';
import type { ApiIssue } from '../../schemas/index.ts';
import { HttpError, invalidRequest } from './errors.ts';

/** Zod issues as `{path, message}`, the path dotted ("steps.2.url"), the input never echoed. */
export function toApiIssues(error: z.ZodError, root: string): ApiIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : root;
    if (issue.code === 'unrecognized_keys') {
      return { path, message: `unknown field(s): ${issue.keys.join(', ')}` };
    }
    if (issue.code === 'invalid_type') {
      const missing = issue.message.includes('received undefined');
      return { path, message: missing ? 'is required' : `must be ${issue.expected}` };
    }
    return { path, message: issue.message };
  });
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, root: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidRequest(toApiIssues(result.error, root));
  return result.data;
}

/** Reads a JSON body and parses it with `schema`; malformed JSON or a wrong shape is a 400. */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'body: send JSON with Content-Type: application/json');
  }
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw invalidRequest([{ path: 'body', message: 'is not valid JSON' }]);
  }
  return parseWith(schema, body, 'body');
}

export const readParams = <S extends z.ZodType>(c: Context, schema: S): z.infer<S> =>
  parseWith(schema, c.req.param(), 'params');

export const readQuery = <S extends z.ZodType>(c: Context, schema: S): z.infer<S> =>
  parseWith(schema, c.req.query(), 'query');
