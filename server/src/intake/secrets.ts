/**
 * Intake links. A link carries 32 random bytes in the URL fragment (`/intake#t=…`, so it never
 * reaches server logs or a Referer); the server keeps only their SHA-256 with the link's expiry,
 * case and person. That is as unforgeable as a signed token and, unlike one, a new link for the
 * same person withdraws the old one at once (one row per person).
 */
import crypto from 'node:crypto';

export const newLinkSecret = (): { secret: string; hash: string } => {
  const secret = crypto.randomBytes(32).toString('base64url');
  return { secret, hash: hashLinkSecret(secret) };
};

export const hashLinkSecret = (secret: string): string => crypto.createHash('sha256').update(secret).digest('base64url');

/** A secret as this server makes them (43 base64url characters); anything else is not looked up. */
export const looksLikeSecret = (s: string | null): s is string => !!s && /^[A-Za-z0-9_-]{43}$/.test(s);

export const sha256Hex = (text: string): string => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
