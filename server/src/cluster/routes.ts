/**
 * HTTP side of the cluster: `GET /api/route` (where a link's session lives) and the forwarding
 * of session requests that reach a node not hosting the session, so that what they change is
 * announced to the session's live sockets on its owner (hooks run where the request runs).
 */
import http from 'node:http';
import type { Express, NextFunction, Request, Response } from 'express';
import { decodeJwt } from 'jose';
import { ErrorCode, ROUTE_PATH, type RouteResponse } from '@mediation/shared';
import { resolvePrincipal } from '../auth/principal.js';
import type { AppContext } from '../contracts.js';
import { sendError } from '../http/errors.js';
import type { Leases, Owner } from './leases.js';
import type { NodeRegistry } from './nodes.js';
import type { Ownership } from './ownership.js';

/** Set on a forwarded request: the receiving node serves it itself, whatever it thinks of the owner. */
export const HOP_HEADER = 'x-cluster-hop';

/** `GET /api/route?token=…` (or `Authorization: Bearer`), on every node. Embedded: prefix ''. */
export function attachRoute(app: Express, ctx: Pick<AppContext, 'tokens' | 'stores' | 'log'>, ownership: () => Ownership | null): void {
  app.get(ROUTE_PATH, async (req: Request, res: Response) => {
    const token = typeof req.query.token === 'string' ? req.query.token : /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const who = await resolvePrincipal(ctx, token);
    if (!who.ok) return sendError(res, who.error);
    res.set('cache-control', 'no-store');
    const own = ownership();
    if (!own) return res.json({ prefix: '', node: '', epoch: 0 } satisfies RouteResponse);
    try {
      const { owner, prefix } = await own.route(who.data.claims.sessionId);
      res.json({ prefix, node: owner.node, epoch: owner.epoch } satisfies RouteResponse);
    } catch (err) {
      ctx.log.warn({ err: (err as Error).message }, 'route lookup failed');
      res.set('retry-after', '1');
      sendError(res, { code: ErrorCode.UNAVAILABLE, message: 'Finding your session’s server failed for a moment; retrying.' });
    }
  });
}

const SESSION_IN_PATH = /\/sessions\/([A-Za-z0-9_-]{4,64})(?:\/|$)/;

/** The session a request is about: in its path, or in the link it carries (not verified here:
 * the owner verifies it; this only decides where the request runs). */
export function sessionOfRequest(req: Request): string | null {
  const inPath = SESSION_IN_PATH.exec(req.path)?.[1];
  if (inPath) return inPath;
  const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? (typeof req.query.token === 'string' ? req.query.token : undefined);
  if (!token) return null;
  try {
    const sid = decodeJwt(token).sid;
    return typeof sid === 'string' ? sid : null;
  } catch {
    return null;
  }
}

/**
 * Mounted on /api before the body parsers: a request about a session another live node owns is
 * streamed to that node unchanged (body included) and its answer streamed back. Everything else
 * (and every request when the owner is unknown or gone) is served here.
 */
export function forwardSessionRequests(ownership: Ownership, leases: Leases, nodes: NodeRegistry, self: string) {
  const cache = new Map<string, { owner: Owner | null; at: number }>();
  const ownerOf = async (sessionId: string): Promise<Owner | null> => {
    const hit = cache.get(sessionId);
    if (hit && Date.now() - hit.at < 500) return hit.owner;
    const owner = await leases.owner(sessionId).catch(() => null);
    if (cache.size > 10_000) cache.clear();
    cache.set(sessionId, { owner, at: Date.now() });
    return owner;
  };
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.get(HOP_HEADER) || req.path === ROUTE_PATH.slice('/api'.length)) return next();
    const sessionId = sessionOfRequest(req);
    if (!sessionId || ownership.owns(sessionId)) return next();
    void (async () => {
      const owner = await ownerOf(sessionId);
      if (!owner || owner.node === self) return next();
      const node = await nodes.get(owner.node).catch(() => null);
      if (!node) return next();
      const target = new URL(req.originalUrl, node.internalUrl);
      const headers = { ...req.headers, [HOP_HEADER]: self, 'x-forwarded-for': [req.get('x-forwarded-for'), req.socket.remoteAddress].filter(Boolean).join(', ') };
      const out = http.request(target, { method: req.method, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => {
        if (!res.headersSent) sendError(res, { code: ErrorCode.UNAVAILABLE, message: 'The session’s server did not answer; try again.' });
        else res.destroy();
      });
      req.pipe(out);
    })().catch(next);
  };
}
