import crypto from 'node:crypto';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import { ErrorCode } from '@mediation/shared';
import { sendError } from './errors.js';

/**
 * The budget of every /api request, mounted by the app before any feature's routes. Counted per
 * link when a request carries one: several people of one office (one NAT address) must not share
 * a budget, and one link cannot spend more than its own. Anonymous requests count per IP.
 * Clustered, `store` is the Redis one (cluster/rateLimitStore.ts), so a budget is the same on
 * every node; if Redis is away requests pass rather than fail (a budget is not worth an outage).
 */
export const apiRateLimit = (store?: Store) =>
  rateLimit({ windowMs: 10_000, limit: 300, standardHeaders: 'draft-8', legacyHeaders: false,
    ...(store ? { store, passOnStoreError: true } : {}),
    keyGenerator: (req) => {
      const bearer = /^Bearer (.{16,4096})$/.exec(req.get('authorization') ?? '')?.[1];
      return bearer ? `link:${crypto.createHash('sha256').update(bearer).digest('base64url')}` : `ip:${ipKeyGenerator(req.ip ?? '')}`;
    },
    handler: (_req, res) => sendError(res, { code: ErrorCode.RATE_LIMITED, message: 'Too many requests; slow down.' }) });
