/** Small plain-language helpers shared by the follow-up's pages and emails. */
import crypto from 'node:crypto';
import type { ItemOwner } from '@mediation/shared';
import type { AppContext, ParticipantRecord } from '../contracts.js';

export function utcWhen(ms: number): string {
  const d = new Date(ms);
  const date = d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return `${date}, ${d.toISOString().slice(11, 16)} UTC`;
}

/** "15 Mar 2027" for a YYYY-MM-DD due date. */
export function dayWords(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export const todayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function ownerLabel(owner: ItemOwner, people: ReadonlyMap<string, ParticipantRecord>): string {
  if (owner.kind === 'everyone') return 'Everyone';
  if (owner.kind === 'side') return `${owner.side} side`;
  return people.get(owner.participantId)?.displayName ?? 'Someone no longer in the session';
}

export const joinLink = (ctx: Pick<AppContext, 'config'>, token: string): string => `${ctx.config.publicUrl}/join#t=${token}`;

/** A link's secret (goes in the email's URL fragment) and the only thing kept of it. */
export function newLinkKey(): { key: string; keyHash: string } {
  const key = crypto.randomBytes(32).toString('base64url');
  return { key, keyHash: hashLinkKey(key) };
}
export const hashLinkKey = (key: string): string => crypto.createHash('sha256').update(key).digest('base64url');
