/** The router every API with per-person answers starts from. */
import express, { type RequestHandler } from 'express';

/** Marks the answer as not to be kept by a shared cache or the browser. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/**
 * A router whose answers are private to the caller (people's details, links, messages, practice
 * numbers): exact paths only (`/Cases` and `/cases/` are not `/cases`), the `guards` first, then
 * no-store on every answer.
 */
export function privateRouter(guards: RequestHandler[] = [], opts: { mergeParams?: boolean } = {}): express.Router {
  const r = express.Router({ ...opts, caseSensitive: true, strict: true });
  if (guards.length > 0) r.use(guards);
  r.use(noStore);
  return r;
}
