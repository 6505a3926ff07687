/**
 * Signed invite tokens (jose, HS256). A token names the session, participant, role and side, and
 * expires. Revocation is a list of token ids in storage, checked on every verify (HTTP, socket
 * connect and reconnect, Yjs connect), so a removed person's link stops working everywhere.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { z } from 'zod';
import { ErrorCode, fail, ok, idSchema, roleSchema, sideSchema } from '@mediation/shared';
import type { Storage, TokenClaims, TokenService } from '../contracts.js';

const ISSUER = 'mediation-room';
const claimsSchema = z.object({
  sid: idSchema,
  sub: idSchema,
  role: roleSchema,
  side: sideSchema,
  jti: z.string().min(8).max(64),
  exp: z.number().int(),
});

/** The secret comes from TOKEN_SECRET, or is generated once and kept (mode 0600) in the data dir. */
export function loadOrCreateSecret(dataDir: string, fromEnv: string | undefined): Uint8Array {
  if (fromEnv) return new TextEncoder().encode(fromEnv);
  const file = path.join(dataDir, 'token-secret');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    return new Uint8Array(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url'));
  } catch {
    const secret = crypto.randomBytes(48);
    // 'wx' refuses to overwrite a secret another process wrote first.
    try {
      fs.writeFileSync(file, secret.toString('base64url'), { mode: 0o600, flag: 'wx' });
      return new Uint8Array(secret);
    } catch {
      return new Uint8Array(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url'));
    }
  }
}

export function createTokenService(secret: Uint8Array, storage: Pick<Storage, 'isTokenRevoked'>): TokenService {
  return {
    async sign(claims, ttlSeconds) {
      const jti = crypto.randomBytes(12).toString('base64url');
      const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
      const token = await new SignJWT({ sid: claims.sessionId, role: claims.role, side: claims.side })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.participantId)
        .setIssuer(ISSUER)
        .setJti(jti)
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(secret);
      return { token, claims: { ...claims, jti, exp } };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, algorithms: ['HS256'] });
        const c = claimsSchema.safeParse(payload);
        if (!c.success) return fail(ErrorCode.TOKEN_INVALID, 'This link is not valid.');
        if (storage.isTokenRevoked(c.data.jti)) return fail(ErrorCode.TOKEN_REVOKED, 'This link has been withdrawn by the mediator.');
        return ok({ sessionId: c.data.sid, participantId: c.data.sub, role: c.data.role, side: c.data.side, jti: c.data.jti, exp: c.data.exp });
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) return fail(ErrorCode.TOKEN_EXPIRED, 'This link has expired. Ask the mediator for a new one.');
        return fail(ErrorCode.TOKEN_INVALID, 'This link is not valid. Check that you copied all of it.');
      }
    },
  };
}
