/**
 * Invite tokens travel in the URL fragment (`/join#t=<token>`) so they never reach server logs or
 * Referer headers. This reads them back out.
 */
export function parseInviteFragment(hash: string): string | null {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!raw) return null;
  const token = new URLSearchParams(raw).get('t');
  if (!token) return null;
  const trimmed = token.trim();
  return trimmed.length >= 10 ? trimmed : null;
}

/** The path part of an invite link, for navigating inside this app (keeps the fragment). */
export function localInvitePath(link: string): string {
  try {
    const u = new URL(link);
    return `${u.pathname}${u.hash}`;
  } catch {
    return link;
  }
}
