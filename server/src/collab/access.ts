/**
 * Who may open which document, right now. Authentication is the invite token; authorization is
 * `docAccess` (the isolation policy) applied to the participant's current space, as the room
 * (signalling) module knows it through `SpaceDirectory`. No directory means nobody is in a room
 * yet, so nothing is granted.
 */
import { CloseCode, ErrorCode, docAccess, docNameSchema, hasGenerations, type DocAccess, type DocRef } from '@mediation/shared';
import type { CaucusGenerations } from './generations.js';
import type { AppContext, ParticipantRecord, TokenClaims } from '../contracts.js';
import { resolvePrincipal } from '../auth/principal.js';
import { endedDocAccess } from '../auth/endedAccess.js';

export type { Principal } from '../contracts.js';
import type { Principal } from '../contracts.js';

export type AuthOutcome =
  | { ok: true; principal: Principal; doc: DocRef; access: Exclude<DocAccess, 'none'> }
  | { ok: false; code: number; reason: string };

export function parseDocName(name: string): DocRef | null {
  const r = docNameSchema.safeParse(name);
  return r.success ? r.data : null;
}

export async function authenticate(ctx: AppContext, token: string | null): Promise<Principal | { code: number; reason: string }> {
  // The one link check shared with the socket handshake and HTTP (auth/principal.ts).
  const who = await resolvePrincipal(ctx, token);
  // A database outage is not a bad link: answer with a retry code, so open providers come back
  // by themselves once it is over (a 44xx code would stop them for good).
  if (!who.ok) return { code: who.error.code === ErrorCode.UNAVAILABLE ? CloseCode.UNAVAILABLE : CloseCode.UNAUTHORIZED, reason: who.error.code };
  return { claims: who.data.claims, participant: who.data.participant };
}

const generationsByApp = new WeakMap<AppContext, CaucusGenerations>();
/** Installed by the collaboration module; without it every caucus document is generation 1. */
export function setGenerations(ctx: AppContext, g: CaucusGenerations): void {
  generationsByApp.set(ctx, g);
}

/** `doc` pointing at the current generation of its caucus document (unchanged for others). Server
 * code that reads a caucus board or draft for a person in that caucus uses this. */
export async function resolveCurrent(ctx: AppContext, doc: DocRef): Promise<DocRef> {
  const g = generationsByApp.get(ctx);
  if (!g || !hasGenerations(doc.kind, doc.scope)) return doc;
  return { ...doc, generation: (await g.current(doc.sessionId, doc.scope)).number };
}

/** The participant's access to `doc` at this moment ('none' when not in the room), for HTTP reads
 * and server-side actions: an earlier caucus generation is readable by its audience. */
export async function currentAccess(ctx: AppContext, principal: Principal, doc: DocRef): Promise<DocAccess> {
  const r = await accessNow(ctx, principal, doc, false);
  return r.ok ? r.access : 'none';
}

/**
 * Access now, or why not, as the close code the client acts on. Being briefly out of the room
 * (a reconnect, a rejoin, a page that opened the board before its join finished) is AWAY, which
 * the client retries; not being allowed from where one is is FORBIDDEN; an ended session is
 * SESSION_ENDED. A reconnect must never look like a permanent refusal.
 */
export async function accessNow(ctx: AppContext, principal: Principal, doc: DocRef, live = true): Promise<
  | { ok: true; access: Exclude<DocAccess, 'none'> }
  | { ok: false; code: number; reason: string }> {
  if (doc.sessionId !== principal.claims.sessionId) return { ok: false, code: CloseCode.FORBIDDEN, reason: 'forbidden' };
  const session = await ctx.stores.sessions.getSession(doc.sessionId);
  if (!session) return { ok: false, code: CloseCode.NOT_FOUND, reason: 'no such session' };
  if (session.endedAt !== null) {
    // After the end nobody is anywhere: the record rule (shared/policy `recordAccess`) decides,
    // read-only, until the retention period is over.
    if ((await endedDocAccess(ctx, session, principal.participant, doc)) === 'read') return { ok: true, access: 'read' };
    return { ok: false, code: CloseCode.SESSION_ENDED, reason: 'session ended' };
  }
  const placed = () => {
    const spaces = ctx.spaces;
    const space = spaces ? spaces.currentSpace(doc.sessionId, principal.participant.id) : null;
    if (!spaces || space === null) return { ok: false as const, code: CloseCode.AWAY, reason: 'not in the room right now' };
    const settings = spaces.settings(doc.sessionId) ?? session.settings;
    const access = docAccess({ id: principal.participant.id, role: principal.participant.role, space }, doc, { partiesEditAgreement: settings.partiesEditAgreement });
    if (access === 'none') return { ok: false as const, code: CloseCode.FORBIDDEN, reason: 'forbidden' };
    return { ok: true as const, access };
  };
  if (!placed().ok) return placed();
  // Caucus material belongs to those who were there when it was made (generations.ts).
  const verdict = (await generationsByApp.get(ctx)?.check(principal.participant, doc, live)) ?? { ok: true };
  // Where the person is, read again after the wait: nothing is awaited between this and the answer.
  const now = placed();
  if (!now.ok) return now;
  if (!verdict.ok) {
    if (verdict.why === 'superseded') return { ok: false, code: CloseCode.SUPERSEDED, reason: 'a newer generation of this document exists' };
    if (verdict.why === 'unknown') return { ok: false, code: CloseCode.NOT_FOUND, reason: 'no such generation' };
    return { ok: false, code: CloseCode.FORBIDDEN, reason: 'made before you came in' };
  }
  return now;
}

export async function authorize(ctx: AppContext, docName: string, token: string | null): Promise<AuthOutcome> {
  const doc = parseDocName(docName);
  const who = await authenticate(ctx, token);
  if ('code' in who) return { ok: false, ...who };
  if (!doc) return { ok: false, code: CloseCode.NOT_FOUND, reason: 'unknown document' };
  const r = await accessNow(ctx, who, doc);
  if (!r.ok) return r;
  return { ok: true, principal: who, doc, access: r.access };
}
