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

/** The role a token names, read without checking it (the server checks every use): only to decide
 * what the join page may start before the link is checked (the camera, for someone who sends). */
export function unverifiedRole(token: string): string | null {
  try {
    const payload = token.split('.')[1];
    if (!payload) return null;
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { role?: unknown };
    return typeof json.role === 'string' ? json.role : null;
  } catch {
    return null;
  }
}
