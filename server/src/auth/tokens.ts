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
import { ErrorCode, LINK_REPLACED_MESSAGE, fail, ok, idSchema, roleSchema, sideSchema } from '@mediation/shared';
import { StartupError } from '../config.js';
import type { TokenClaims, TokenService } from '../contracts.js';
import { isStorageUnavailable, STORAGE_UNAVAILABLE_MESSAGE, type SessionStore } from '../storage/types.js';

const ISSUER = 'mediation-room';
const claimsSchema = z.object({
  sid: idSchema,
  sub: idSchema,
  role: roleSchema,
  side: sideSchema,
  jti: z.string().min(8).max(64),
  exp: z.number().int(),
});

/** A generated secret is 48 random bytes; anything under 32 characters was cut short or hand-edited. */
const MIN_SECRET_CHARS = 32;

/**
 * The secret comes from TOKEN_SECRET, or is generated once and kept (mode 0600) in the data dir.
 * A secret file that exists but is empty, short or unreadable stops start-up: quietly replacing it
 * would invalidate every link already sent, and signing with a few bytes would make links forgeable.
 */
export function loadOrCreateSecret(dataDir: string, fromEnv: string | undefined): Uint8Array {
  if (fromEnv) return new TextEncoder().encode(fromEnv);
  const file = path.join(dataDir, 'token-secret');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const existing = readSecretFile(file);
  if (existing) return existing;
  const secret = crypto.randomBytes(48);
  // Written to a temporary file first, so a crash mid-write never leaves a truncated secret under
  // the real name; then hard-linked into place, which (unlike rename) refuses to replace a secret
  // another process published first: both processes then sign with the same one.
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeSync(fd, secret.toString('base64url'));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(tmp, file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return readSecretFile(file) ?? secretError(file, 'disappeared while starting');
      // Filesystems without hard links: rename is still atomic, only the race above is lost.
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') fs.renameSync(tmp, file);
      else throw err;
    }
  } catch (err) {
    if (err instanceof StartupError) throw err;
    throw new StartupError(`Cannot write the token secret ${file}: ${(err as Error).message}. Make DATA_DIR writable or set TOKEN_SECRET.`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return new Uint8Array(secret);
}

/** The secret in `file`, or undefined when there is no such file; throws when it is unusable. */
function readSecretFile(file: string): Uint8Array | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return secretError(file, `cannot be read (${(err as Error).message})`);
  }
  if (text.length === 0) return secretError(file, 'is empty');
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return secretError(file, 'is not a base64url secret');
  if (text.length < MIN_SECRET_CHARS) return secretError(file, `is only ${text.length} characters long (at least ${MIN_SECRET_CHARS} needed)`);
  return new Uint8Array(Buffer.from(text, 'base64url'));
}

function secretError(file: string, problem: string): never {
  throw new StartupError(
    `The token secret ${file} ${problem}; it may have been truncated. Restore it from a backup, or delete it to generate a new one (links already sent will stop working).`,
  );
}

export function createTokenService(secret: Uint8Array, storage: Pick<SessionStore, 'isTokenRevoked'> & Partial<Pick<SessionStore, 'getParticipant'>>): TokenService {
  /** A revoked link whose person is still in the session was replaced by a newer one (re-issue). */
  const revokedMessage = async (participantId: string, jti: string): Promise<string> => {
    const p = await storage.getParticipant?.(participantId);
    return p && !p.revoked && p.tokenId !== jti ? LINK_REPLACED_MESSAGE : 'This link has been withdrawn by the mediator.';
  };
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
        if (await storage.isTokenRevoked(c.data.jti)) return fail(ErrorCode.TOKEN_REVOKED, await revokedMessage(c.data.sub, c.data.jti));
        return ok({ sessionId: c.data.sid, participantId: c.data.sub, role: c.data.role, side: c.data.side, jti: c.data.jti, exp: c.data.exp });
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) return fail(ErrorCode.TOKEN_EXPIRED, 'This link has expired. Ask the mediator for a new one.');
        // The revocation list could not be read (PostgreSQL away): the link may be fine, so say
        // that, not "invalid" (which would send a person to the mediator for a new link).
        if (isStorageUnavailable(err)) return fail(ErrorCode.UNAVAILABLE, STORAGE_UNAVAILABLE_MESSAGE);
        return fail(ErrorCode.TOKEN_INVALID, 'This link is not valid. Check that you copied all of it.');
      }
    },
  };
}
