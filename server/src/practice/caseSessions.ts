/**
 * A case's sessions: created with the same internals as the anonymous POST /api/sessions (a
 * session record, the mediator's link, one link per invited person through `ctx.createInvite`),
 * so the room, its links and its isolation work unchanged; the case remembers which person got
 * which participant. Invitations go out by email with the personal link and, for a scheduled
 * session, a calendar invite.
 */
import {
  ErrorCode, LINK_TTL_MAX_HOURS, ROOM_ROLE_OF, fail, ok, sessionSettingsSchema,
  type EmailView, type Language, type Result, type createCaseSessionBodySchema,
} from '@mediation/shared';
import type { z } from 'zod';
import type { AppContext, CaseSessions, OutgoingEmail, ParticipantRecord } from '../contracts.js';
import { nameHolder, nameTaken, repeatedName } from '../auth/names.js';
import { newId } from '../ids.js';
import type { CasePersonRecord, CaseRecord, CaseSessionRecord } from '../storage/practiceTypes.js';
import type { SignedIn } from '../auth/signedIn.js';
import { historyText, joinLink } from './views.js';
import { kindInSentence, kindLabel, msg } from '../i18n/catalog.js';
import { languageOfPerson } from '../i18n/personLanguage.js';
import { whenFor } from '../i18n/when.js';

type Body = z.output<typeof createCaseSessionBodySchema>;
/** Who acts: a mediator of a practice (signed in, or named by another feature through the port). */
type Acting = Pick<SignedIn, 'mediator' | 'practice'>;

/** Room session titles are at most 120 characters; a case title may be longer. */
const roomTitle = (title: string): string => {
  const chars = Array.from(title);
  return chars.length <= 120 ? title : `${chars.slice(0, 119).join('')}…`;
};

export async function createCaseSession(ctx: AppContext, who: Acting, c: CaseRecord, body: Body): Promise<Result<CaseSessionRecord>> {
  const cases = ctx.stores.practice.cases;
  if (c.stage === 'declined') return fail(ErrorCode.CONFLICT, 'This case was declined, so it has no sessions.');
  if ((await cases.listConflictChecks(c.id)).some((k) => k.decision === null)) {
    return fail(ErrorCode.CONFLICT, 'Record a decision on the conflict check before creating a session.');
  }
  const people = await cases.listPeople(c.id);
  const wanted = body.people ? new Set(body.people) : null;
  const chosen = wanted ? people.filter((p) => wanted.has(p.id)) : people;
  if (wanted && chosen.length !== wanted.size) return fail(ErrorCode.NOT_FOUND, 'Some of the chosen people are not in this case.');
  const repeated = repeatedName([who.mediator.name, ...chosen.map((p) => p.name)]);
  if (repeated) return { ok: false, error: nameTaken(repeated).error };

  const now = Date.now();
  const ttl = linkHours(body, now);
  if (!ttl.ok) return ttl;

  const sessionId = newId();
  const title = roomTitle(c.title);
  await ctx.stores.sessions.createSession({
    id: sessionId, title, settings: sessionSettingsSchema.parse({ capacity: ctx.config.sessionCapacity }),
    lobbyMessage: 'The mediator will bring you in shortly.', createdAt: now, endedAt: null,
  });
  const mediator = await ctx.createInvite(sessionId, { displayName: who.mediator.name, role: 'mediator', side: null }, ttl.data);
  const invitees: CaseSessionRecord['invitees'] = [];
  for (const p of chosen) {
    const rec = await ctx.createInvite(sessionId, { displayName: p.name, role: ROOM_ROLE_OF[p.role], side: p.side }, ttl.data);
    invitees.push({ personId: p.id, participantId: rec.id });
  }
  await ctx.audit(sessionId, { id: mediator.id, name: mediator.displayName }, 'session.created', { title, invites: invitees.length, caseId: c.id });
  const record: CaseSessionRecord = {
    caseId: c.id, sessionId, kind: body.kind, title, startsAt: body.startsAt, durationMinutes: body.durationMinutes, createdAt: now,
    mediators: [{ mediatorId: who.mediator.id, participantId: mediator.id }], invitees,
  };
  await cases.addSession(record);
  await cases.appendHistory(c.id, { at: now, actorId: who.mediator.id, actorName: who.mediator.name, kind: 'session.created', text: historyText.session(record, invitees.length) });
  if (c.stage === 'intake' || c.stage === 'conflict-check') {
    await cases.setStage(c.id, 'scheduling');
    await cases.appendHistory(c.id, { at: now, actorId: who.mediator.id, actorName: who.mediator.name, kind: 'stage.changed', text: historyText.stage(c.stage, 'scheduling') });
  }
  return ok(record);
}

/** Gives the signed-in mediator their own co-mediator link into a case session (idempotent: a
 * mediator who has one keeps it). Their name must not read like anyone else's in the session. */
export async function joinAsCoMediator(ctx: AppContext, who: SignedIn, s: CaseSessionRecord): Promise<Result<void>> {
  if (s.mediators.some((m) => m.mediatorId === who.mediator.id)) return ok(undefined);
  const session = await ctx.stores.sessions.getSession(s.sessionId);
  if (!session || session.endedAt !== null) return fail(ErrorCode.SESSION_ENDED, 'This session has ended; there is no room to join.');
  const participants = await ctx.stores.sessions.listParticipants(s.sessionId);
  if (nameHolder(participants, who.mediator.name)) return { ok: false, error: nameTaken(who.mediator.name).error };
  const lead = participants.find((p) => p.id === s.mediators[0]?.participantId);
  const ttlHours = Math.max(1, Math.min(LINK_TTL_MAX_HOURS, Math.ceil(((lead?.expiresAt ?? Date.now()) - Date.now()) / 3600_000)));
  const rec = await ctx.createInvite(s.sessionId, { displayName: who.mediator.name, role: 'comediator', side: null }, ttlHours);
  if (!(await ctx.stores.practice.cases.addSessionMediator(s.caseId, s.sessionId, { mediatorId: who.mediator.id, participantId: rec.id }))) {
    // Asked twice at once: the other request's link stands; this one is withdrawn again.
    await ctx.revokeParticipant(s.sessionId, rec.id, { id: rec.id, name: rec.displayName });
    return ok(undefined);
  }
  await ctx.audit(s.sessionId, { id: rec.id, name: rec.displayName }, 'invite.created', { participantId: rec.id, role: 'comediator', side: null, via: 'practice' });
  return ok(undefined);
}

/**
 * How long the links work: as asked, but for a scheduled session at least until a day after it
 * ends, so nobody is sent a link that dies before the meeting. Links last at most 90 days, so a
 * session further out is refused rather than scheduled with links that cannot reach it.
 */
function linkHours(body: Body, now: number): Result<number> {
  if (body.startsAt === null) return ok(body.linkTtlHours);
  if (body.startsAt < now - 3600_000) return fail(ErrorCode.BAD_REQUEST, 'The session’s start is in the past.');
  const needed = Math.ceil((body.startsAt + body.durationMinutes * 60_000 - now) / 3600_000) + 24;
  if (needed > LINK_TTL_MAX_HOURS) {
    return fail(ErrorCode.BAD_REQUEST, `Personal links work for at most ${LINK_TTL_MAX_HOURS / 24} days, so a session can be scheduled at most ${LINK_TTL_MAX_HOURS / 24 - 1} days ahead. Schedule it closer to the date.`);
  }
  return ok(Math.max(body.linkTtlHours, needed));
}

export interface InvitationOutcome {
  emails: EmailView[];
  skipped: Array<{ personId: string; name: string; reason: string }>;
}

/** Emails each chosen invitee (default: all) their personal link, with an .ics when scheduled. */
export async function sendInvitations(ctx: AppContext, who: Acting, c: CaseRecord, s: CaseSessionRecord, only: string[] | undefined): Promise<Result<InvitationOutcome>> {
  const people = new Map((await ctx.stores.practice.cases.listPeople(c.id)).map((p) => [p.id, p]));
  const participants = new Map((await ctx.stores.sessions.listParticipants(s.sessionId)).map((p) => [p.id, p]));
  const targets = only ? s.invitees.filter((i) => only.includes(i.personId)) : s.invitees;
  if (only && targets.length !== new Set(only).size) return fail(ErrorCode.NOT_FOUND, 'Some of the chosen people were not invited to this session.');
  const outcome: InvitationOutcome = { emails: [], skipped: [] };
  // Staggered starts: the room plan made from the intake may give a person their own arrival time.
  const plan = await ctx.stores.intake.plans.get(s.sessionId);
  for (const t of targets) {
    const person = people.get(t.personId);
    const participant = participants.get(t.participantId);
    if (!person || !participant) continue;
    const problem = whyNotSendable(person, participant);
    if (problem) {
      outcome.skipped.push({ personId: person.id, name: person.name, reason: problem });
      continue;
    }
    const arrivalAt = plan?.people.find((x) => x.participantId === participant.id)?.arrivalAt ?? null;
    const email = await ctx.mailer.send(invitationEmail(ctx, who, c, s, person, participant, arrivalAt, await languageOfPerson(ctx, c.id, person)));
    outcome.emails.push(email);
    await ctx.stores.practice.cases.appendHistory(c.id, {
      at: email.createdAt, actorId: who.mediator.id, actorName: who.mediator.name,
      kind: email.status === 'sent' ? 'email.sent' : email.status === 'outbox' ? 'email.outbox' : 'email.failed',
      text: historyText.email(email.to, person.name, email.subject, email.status),
    });
  }
  return ok(outcome);
}

function whyNotSendable(person: CasePersonRecord, participant: ParticipantRecord): string | null {
  if (!person.email) return 'No email address; copy the link from the case page instead.';
  if (participant.revoked) return 'Their link was withdrawn.';
  if (participant.expiresAt <= Date.now()) return 'Their link has expired; send a new link from the room first.';
  return null;
}

/**
 * In the person's language (intake answer or the mediator's record). Times stay in UTC, named as
 * such: an email is read anywhere, and the attached .ics puts the session at the right local time
 * in their calendar.
 */
function invitationEmail(ctx: AppContext, who: Acting, c: CaseRecord, s: CaseSessionRecord, person: CasePersonRecord, participant: ParticipantRecord, arrivalAt: number | null, lng: Language): OutgoingEmail {
  const at = (ms: number) => whenFor(lng, ms);
  const kind = kindLabel(lng, s.kind);
  const link = joinLink(ctx, participant.token);
  const ends = s.startsAt === null ? null : s.startsAt + s.durationMinutes * 60_000;
  // A planned later arrival (staggered start) replaces the session's start for this person.
  const joinAt = arrivalAt !== null && ends !== null && arrivalAt < ends ? arrivalAt : s.startsAt;
  const when = s.startsAt !== null
    ? `${joinAt !== s.startsAt ? msg(lng, 'invitation.staggered', { joinAt: at(joinAt!), startsAt: at(s.startsAt) }) : ''}${msg(lng, 'invitation.when', { startsAt: at(s.startsAt), minutes: s.durationMinutes })}`
    : arrivalAt !== null ? msg(lng, 'invitation.joinAt', { joinAt: at(arrivalAt) }) : msg(lng, 'invitation.timeLater');
  const text = [
    msg(lng, 'greeting', { name: person.name }), '',
    msg(lng, 'invitation.invites', { mediator: who.mediator.name, practice: who.practice.name, kindLower: kindInSentence(lng, s.kind), case: c.title }), '',
    when, '',
    msg(lng, 'invitation.personal'), link, '',
    msg(lng, 'invitation.validUntil', { until: at(participant.expiresAt) }),
  ].join('\n');
  const calendar = s.startsAt === null ? null : {
    // Stable per session and person: a re-sent invitation updates the calendar entry.
    uid: `${s.sessionId}-${person.id}@${new URL(ctx.config.publicUrl).hostname}`,
    title: msg(lng, 'invitation.icsTitle', { kind, case: c.title }),
    description: msg(lng, 'invitation.icsDescription', { link }),
    startsAt: joinAt!, durationMinutes: Math.max(15, Math.round((ends! - joinAt!) / 60_000)), url: link,
    organizer: { name: who.mediator.name, email: who.mediator.email },
    attendee: { name: person.name, email: person.email },
  };
  return { practiceId: who.practice.id, caseId: c.id, to: person.email, subject: msg(lng, 'invitation.subject', { kind, case: c.title }), text, calendar };
}


/** The `caseSessions` port: a call in the case with some of its people (from a message thread),
 * made and announced exactly like a session created on the case page. */
export function caseSessionsPort(ctx: AppContext): CaseSessions {
  return {
    async startCall({ caseId, mediatorId, personIds }) {
      const mediator = await ctx.stores.practice.accounts.getMediator(mediatorId);
      const practice = mediator ? await ctx.stores.practice.accounts.getPractice(mediator.practiceId) : null;
      const c = practice ? await ctx.stores.practice.cases.getCase(practice.id, caseId) : null;
      if (!mediator || !practice || !c) return fail(ErrorCode.NOT_FOUND, 'No such case for this mediator.');
      if (personIds.length === 0) return fail(ErrorCode.CONFLICT, 'Nobody else is in this conversation, so there is nobody to call.');
      const who = { mediator, practice };
      const made = await createCaseSession(ctx, who, c, { kind: 'call', startsAt: null, durationMinutes: 60, people: personIds, linkTtlHours: 24 * 14 });
      if (!made.ok) return made;
      const sent = await sendInvitations(ctx, who, c, made.data, undefined);
      return ok({
        sessionId: made.data.sessionId, title: made.data.title, invited: made.data.invitees.length,
        emailed: sent.ok ? sent.data.emails.filter((e) => e.status !== 'failed').length : 0,
        mediatorParticipantId: made.data.mediators[0]!.participantId,
      });
    },
  };
}
