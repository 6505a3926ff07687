/** Stored records as the practice pages see them, and the case history's plain sentences. */
import {
  CASE_SESSION_KIND_LABEL, CASE_STAGE_LABEL, CONFLICT_DECISION_LABEL,
  type CaseDetail, type CaseSession, type CaseStage, type ConflictCheck, type ConflictDecision, type MediatorAccount,
} from '@mediation/shared';
import type { AppContext, ParticipantRecord } from '../contracts.js';
import type { CasePersonRecord, CaseRecord, CaseSessionRecord, MediatorRecord } from '../storage/practiceTypes.js';

export function accountView(m: MediatorRecord): MediatorAccount {
  return { id: m.id, name: m.name, email: m.email, role: m.role, active: m.passwordHash !== null };
}

/** "15 Jan 2027, 09:30 UTC": the server does not know the reader's time zone, so it says UTC. */
export function utcWhen(ms: number): string {
  const d = new Date(ms);
  const date = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return `${date}, ${d.toISOString().slice(11, 16)} UTC`;
}

export const joinLink = (ctx: AppContext, token: string): string => `${ctx.config.publicUrl}/join#t=${token}`;

const personWords = (p: CasePersonRecord) => `${p.name} (${p.role}${p.side ? `, ${p.side}` : ''})`;

export const historyText = {
  created: (c: Pick<CaseRecord, 'title' | 'disputeType'>, people: number) => `Opened the case “${c.title}” (${c.disputeType}) with ${people === 1 ? '1 person' : `${people} people`}.`,
  peopleAdded: (people: CasePersonRecord[]) => `Added ${people.map(personWords).join(', ')}.`,
  checked: (check: ConflictCheck) => check.matches.length === 0
    ? 'Conflict check: no earlier case of the practice shares a name or organisation.'
    : `Conflict check: ${check.matches.length === 1 ? '1 match' : `${check.matches.length} matches`} with earlier cases (${check.matches.map((m) => `${m.ours} in “${m.caseTitle}”`).join('; ')}). Waiting for the mediator’s decision.`,
  decided: (decision: ConflictDecision, note: string) => `Conflict check decision: ${CONFLICT_DECISION_LABEL[decision]}${note ? ` (${note})` : ''}.`,
  stage: (from: CaseStage, to: CaseStage) => `Moved the case from ${CASE_STAGE_LABEL[from]} to ${CASE_STAGE_LABEL[to]}.`,
  session: (s: Pick<CaseSessionRecord, 'kind' | 'startsAt'>, invited: number) =>
    `Created a ${CASE_SESSION_KIND_LABEL[s.kind].toLowerCase()}${s.startsAt !== null ? ` for ${utcWhen(s.startsAt)}` : ''} with ${invited === 1 ? '1 invited person' : `${invited} invited people`}.`,
  email: (to: string, name: string, subject: string, status: 'sent' | 'outbox' | 'failed') =>
    status === 'sent' ? `Emailed “${subject}” to ${name} <${to}>.`
      : status === 'outbox' ? `Put “${subject}” for ${name} <${to}> in the outbox (no mail server is set up).`
        : `Could not email “${subject}” to ${name} <${to}>: the mail server did not take it.`,
};

/** A case session as `viewerId` (a mediator of the practice) sees it: their own room link only. */
export function caseSessionView(ctx: AppContext, s: CaseSessionRecord, participants: ParticipantRecord[], people: CasePersonRecord[], viewerId: string): CaseSession {
  const byId = new Map(participants.map((p) => [p.id, p]));
  const names = new Map(people.map((p) => [p.id, p.name]));
  const own = byId.get(s.mediators.find((m) => m.mediatorId === viewerId)?.participantId ?? '');
  const lead = byId.get(s.mediators[0]?.participantId ?? '');
  return {
    sessionId: s.sessionId, kind: s.kind, title: s.title, startsAt: s.startsAt, durationMinutes: s.durationMinutes, createdAt: s.createdAt,
    mediatorLink: own && !own.revoked ? joinLink(ctx, own.token) : null,
    leadMediator: lead?.displayName ?? '',
    invitees: s.invitees.flatMap((i) => {
      const p = byId.get(i.participantId);
      return p ? [{ personId: i.personId, participantId: p.id, name: names.get(i.personId) ?? p.displayName, link: joinLink(ctx, p.token), expiresAt: p.expiresAt, revoked: p.revoked }] : [];
    }),
  };
}

/** Everything the case page shows to `viewerId`, read fresh. */
export async function caseDetail(ctx: AppContext, c: CaseRecord, viewerId: string): Promise<CaseDetail> {
  const cases = ctx.stores.practice.cases;
  const [people, checks, sessions, history] = await Promise.all([cases.listPeople(c.id), cases.listConflictChecks(c.id), cases.listSessions(c.id), cases.listHistory(c.id)]);
  const sessionViews: CaseSession[] = [];
  for (const s of sessions) sessionViews.push(caseSessionView(ctx, s, await ctx.stores.sessions.listParticipants(s.sessionId), people, viewerId));
  return {
    case: { id: c.id, title: c.title, disputeType: c.disputeType, stage: c.stage, createdAt: c.createdAt, people: people.length, conflictPending: checks.some((k) => k.decision === null) },
    people: people.map(({ caseId: _c, ...p }) => p),
    conflictChecks: checks,
    sessions: sessionViews,
    history: history.map(({ actorId: _a, ...h }) => h),
  };
}
