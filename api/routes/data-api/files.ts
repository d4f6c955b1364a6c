import { Hono } from 'hono';
import type { AppEnv } from '../../kernel/context.ts';
import { limitUploadBody } from '../../kernel/middleware.ts';
import { downloadFile } from './files-download.ts';
import { uploadFile } from './files-upload.ts';
import { serve } from './index.ts';

/**
 * Files of a published app, at `/u/{username}/{slug}/files`, resolved and admitted exactly as the
 * data API is (same app lookup, rate limit, caller and error shape). Uploads are exempt from the
 * kernel's 1 MB body limit and count their bytes against the field's own limit instead.
 *
 * - `POST /{table}/{field}?name=<file name>`: the raw file as body, its type as Content-Type;
 *   answers `{ key, name, type, size }`, the value to put in that field's list.
 * - `GET /{key}`: the file, to whoever may read a row that holds it.
 */
export const appFileRoutes = new Hono<AppEnv>()
  .post('/:table/:field', limitUploadBody(), serve(uploadFile))
  .get('/*', serve(downloadFile));
