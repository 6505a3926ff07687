import type { Response } from 'express';
import { ErrorCode, type AppError } from '@mediation/shared';
import { metrics } from '../metrics.js';

const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REVOKED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NOT_ADMITTED: 403,
  CONFLICT: 409,
  SESSION_FULL: 409,
  SESSION_ENDED: 410,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  PROTOCOL_MISMATCH: 400,
  FROZEN: 409,
  NOT_SIGNED: 403,
  MOVED: 409,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** Every HTTP error body is `{ error: { code, message } }` with a status that matches the code. */
export function sendError(res: Response, error: AppError): void {
  metrics.rejected.inc({ code: error.code });
  res.status(STATUS[error.code]).json({ error });
}
