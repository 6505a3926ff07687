/** Calls with the person's link as bearer (JSON, file upload, file download); typed results, never a throw. */
import type { Result } from '@mediation/shared';
import { request, type Parser } from '../lib/http';

export { downloadFile } from '../lib/http';

export const callJson = <T>(method: string, path: string, token: string, schema: Parser<T> | null, json?: unknown): Promise<Result<T>> =>
  request(path, schema, { method, bearer: token, json });

export const uploadFile = <T>(path: string, token: string, file: File, schema: Parser<T>): Promise<Result<T>> =>
  request(path, schema, { method: 'POST', bearer: token, file: { data: file, name: file.name } });
