/** A survey link's secret (in the email's URL fragment) and the only thing kept of it. */
import crypto from 'node:crypto';

export function newKey(): { key: string; keyHash: string } {
  const key = crypto.randomBytes(32).toString('base64url');
  return { key, keyHash: hashKey(key) };
}
export const hashKey = (key: string): string => crypto.createHash('sha256').update(key).digest('base64url');
