import { z } from 'zod';

/** Every error a client can get back, by name. The string is the wire value. */
export const ErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  TOKEN_INVALID: 'TOKEN_INVALID',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  TOKEN_REVOKED: 'TOKEN_REVOKED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  NOT_ADMITTED: 'NOT_ADMITTED',
  CONFLICT: 'CONFLICT',
  SESSION_FULL: 'SESSION_FULL',
  SESSION_ENDED: 'SESSION_ENDED',
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  PROTOCOL_MISMATCH: 'PROTOCOL_MISMATCH',
  FROZEN: 'FROZEN',
  /** Admission refused: the person has not signed the agreement to mediate the session requires. */
  NOT_SIGNED: 'NOT_SIGNED',
  /** Clustered only: another node hosts this session now; ask `GET /api/route` and connect there. */
  MOVED: 'MOVED',
  /** A storage backend (PostgreSQL) is unreachable for now: retry shortly. */
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
export const errorCodeSchema = z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]);

export const appErrorSchema = z.object({ code: errorCodeSchema, message: z.string() });
export type AppError = z.infer<typeof appErrorSchema>;

/** The shape of every acknowledgement: typed success or typed failure, never a bare throw. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });
export const fail = (code: ErrorCode, message: string): { ok: false; error: AppError } => ({
  ok: false,
  error: { code, message },
});

/** Close codes for the Yjs websocket endpoint (4000-4999 is the application range). */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  TOO_BIG: 1009,
  UNAUTHORIZED: 4401,
  FORBIDDEN: 4403,
  NOT_FOUND: 4404,
  MOVED_OUT: 4410,
  RATE_LIMITED: 4429,
  READ_ONLY_VIOLATION: 4405,
  /** The client sent something unreadable (not a y-websocket message, or an update Yjs cannot
   * decode). Only the sender is closed; the document and everyone else carry on. */
  MALFORMED: 4400,
  /** A newer generation of this caucus document exists (someone of another side came in): open
   * the current one with a fresh Y.Doc. Permanent for this document name. */
  SUPERSEDED: 4409,
  /** A 'suggest' connection (a party) sent a change that is not only their own suggestions. The
   * server did not apply it, so that window's copy no longer matches: it must reopen the document
   * with a fresh Y.Doc (every later change from the old copy would depend on the refused one and
   * never apply). */
  CHANGE_REFUSED: 4406,
  /** The session has ended (4410 is kept for moves only). */
  SESSION_ENDED: 4411,
  /** Awareness over its limits (client ids per connection, state size, total per document). */
  AWARENESS_LIMIT: 4413,
  /** Briefly not in the room (reconnecting, rejoining): retry with backoff. 4500-4599 is the
   * "try again later" range, so the stock y-websocket provider keeps retrying. */
  AWAY: 4503,
  /** Clustered only: the session is hosted by another node now (this node lost or never had its
   * lease). In the retry range, so a stock provider keeps trying; ours asks the route first. */
  SESSION_MOVED: 4502,
  /** The server cannot check the link right now (its database is away): retry with backoff. Never
   * UNAUTHORIZED, which the client takes as "this link is dead" and stops for good. */
  UNAVAILABLE: 4504,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
