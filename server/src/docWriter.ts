/**
 * Who wrote a document update, without knowing the collaboration module's classes. The
 * collaboration module's client connections are the origin of the Yjs transactions they apply;
 * they carry their writer under this symbol, so rules in other features (the board guard, the
 * agreement's frozen and suggestion guards) tell a person's edit from the server's own changes
 * without importing the collaboration module.
 */
import type { DocWriter } from './features.js';

export const DOC_WRITER: unique symbol = Symbol('doc writer');

export interface WriterOrigin {
  readonly [DOC_WRITER]: DocWriter;
}

/** The person behind a transaction origin, or null for server-side changes (origin strings). */
export function writerOf(origin: unknown): DocWriter | null {
  if (typeof origin !== 'object' || origin === null) return null;
  return (origin as Partial<WriterOrigin>)[DOC_WRITER] ?? null;
}
