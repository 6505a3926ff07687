/**
 * What happens after the end, as durable jobs (jobs/scheduler.ts), each idempotent by key:
 * - `followup.close` (at the end): the follow-up session is created in the case with each
 *   person's own link; one `followup.planEmail` per person is scheduled; reminders are scheduled.
 * - `followup.planEmail`: the plan as it concerns that person, their check-in links, their
 *   follow-up link (and calendar invite), and the signed agreement's PDF (the `exports` port).
 * - `followup.itemDue` (3 days before a due date: a reminder; on the day: a check-in): to the
 *   item's owners, unless it was reported done.
 * - `followup.meetingReminder` (a day before the follow-up session): its link again.
 * Email goes through the mailer port, so only sessions of a case (a practice) send email; the
 * plan of an anonymous session is on its ended page only.
 */
import { LINK_TTL_MAX_HOURS, ROOM_ROLE_OF, itemConcerns, sessionSettingsSchema, type ItemOwner } from '@mediation/shared';
import type { AppContext, CalendarInvite, ParticipantRecord } from '../contracts.js';
import { newId } from '../ids.js';
import type { JobHandler, Scheduler } from '../jobs/scheduler.js';
import type { ItemRecord, SessionCase } from '../storage/followupTypes.js';
import { planEmails, recipientsOf } from './plan.js';
import { dayWords, joinLink, newLinkKey, ownerLabel, utcWhen } from './words.js';
import { DEFAULT_LANGUAGE, type Language } from '@mediation/shared';
import { kindLabel, msg } from '../i18n/catalog.js';
import { languageOfParticipant } from '../i18n/personLanguage.js';
import { dayFor, weekdayWhenFor } from '../i18n/when.js';

/** An item's owner in the reader's language (English: the words the pages use, ownerLabel). */
function ownerWords(lng: Language, owner: ItemOwner, people: ReadonlyMap<string, ParticipantRecord>): string {
  if (lng === 'en') return ownerLabel(owner, people);
  if (owner.kind === 'everyone') return msg(lng, 'owner.everyone');
  if (owner.kind === 'side') return msg(lng, 'owner.side', { side: owner.side });
  return people.get(owner.participantId)?.displayName ?? msg(lng, 'owner.gone');
}
/** Dates in the follow-up emails: English exactly as before (words.ts), other languages alike in form. */
const whenIn = (lng: Language, ms: number) => (lng === 'en' ? utcWhen(ms) : weekdayWhenFor(lng, ms));
const dayIn = (lng: Language, day: string) => (lng === 'en' ? dayWords(day) : dayFor(lng, day));

const DAY = 24 * 3600_000;
/** Reminders and check-ins go out at 09:00 UTC. */
const at9 = (day: string): number => Date.parse(`${day}T09:00:00Z`);

const str = (v: unknown): string => String(v);

export function closingJobs(ctx: AppContext, scheduler: () => Scheduler): Record<string, JobHandler> {
  const plans = () => ctx.stores.followup.plans;

  const caseContext = async (sessionId: string) => {
    const sc = await plans().sessionCase(sessionId);
    if (!sc) return null;
    const cs = await ctx.stores.practice.cases.getSession(sc.caseId, sessionId);
    const c = await ctx.stores.practice.cases.getCase(sc.practiceId, sc.caseId);
    const lead = cs?.mediators[0] ? await ctx.stores.practice.accounts.getMediator(cs.mediators[0].mediatorId) : null;
    return cs && c && lead ? { sc, cs, c, lead } : null;
  };

  /** Creates the follow-up session in the case (once): same people, each with their own new link. */
  async function createFollowUpSession(sessionId: string, now: number): Promise<void> {
    const plan = await plans().getPlan(sessionId);
    if (!plan?.followUp || plan.followUpSessionId) return;
    const k = await caseContext(sessionId);
    if (!k) return;
    const { sc, cs, lead } = k;
    const people = new Map((await ctx.stores.practice.cases.listPeople(sc.caseId)).map((p) => [p.id, p]));
    const old = new Map((await ctx.stores.sessions.listParticipants(sessionId)).map((p) => [p.id, p]));
    const f = plan.followUp;
    const ttl = Math.min(LINK_TTL_MAX_HOURS, Math.max(24, Math.ceil((f.startsAt + f.durationMinutes * 60_000 - now) / 3600_000) + 24));
    const newSessionId = newId();
    // Claimed first: a retried job must not make a second session.
    if (!(await plans().setFollowUpSession(sessionId, newSessionId))) return;
    const title = Array.from(`Follow-up: ${sc.caseTitle}`).slice(0, 120).join('');
    await ctx.stores.sessions.createSession({
      id: newSessionId, title, settings: sessionSettingsSchema.parse({ capacity: ctx.config.sessionCapacity }),
      lobbyMessage: 'The mediator will bring you in shortly.', createdAt: now, endedAt: null,
    });
    const mediator = await ctx.createInvite(newSessionId, { displayName: lead.name, role: 'mediator', side: null }, ttl);
    const invitees: Array<{ personId: string; participantId: string }> = [];
    for (const inv of cs.invitees) {
      const p = people.get(inv.personId);
      if (!p || old.get(inv.participantId)?.revoked) continue;
      const rec = await ctx.createInvite(newSessionId, { displayName: p.name, role: ROOM_ROLE_OF[p.role], side: p.side }, ttl);
      invitees.push({ personId: p.id, participantId: rec.id });
    }
    await ctx.audit(newSessionId, { id: mediator.id, name: mediator.displayName }, 'session.created', { title, invites: invitees.length, caseId: sc.caseId, followUpOf: sessionId });
    await ctx.stores.practice.cases.addSession({
      caseId: sc.caseId, sessionId: newSessionId, kind: 'follow-up', title, startsAt: f.startsAt, durationMinutes: f.durationMinutes, createdAt: now,
      mediators: [{ mediatorId: lead.id, participantId: mediator.id }], invitees,
    });
    const history = (kind: 'session.created' | 'stage.changed', text: string) =>
      ctx.stores.practice.cases.appendHistory(sc.caseId, { at: now, actorId: lead.id, actorName: lead.name, kind, text });
    await history('session.created', `Created the follow-up session for ${utcWhen(f.startsAt)} from the plan made at the close of “${cs.title}”, with ${invitees.length === 1 ? '1 invited person' : `${invitees.length} invited people`}.`);
    const c = await ctx.stores.practice.cases.getCase(sc.practiceId, sc.caseId);
    if (c && c.stage !== 'follow-up' && c.stage !== 'closed') {
      await ctx.stores.practice.cases.setStage(sc.caseId, 'follow-up');
      await history('stage.changed', 'Moved the case to Follow-up.');
    }
  }

  /** A person's link into the follow-up session (through the case: same person, new participant). */
  async function followUpParticipant(sessionId: string, participantId: string): Promise<{ rec: ParticipantRecord; sc: SessionCase } | null> {
    const plan = await plans().getPlan(sessionId);
    if (!plan?.followUpSessionId) return null;
    const k = await caseContext(sessionId);
    if (!k) return null;
    const personId = k.cs.invitees.find((i) => i.participantId === participantId)?.personId;
    const next = await ctx.stores.practice.cases.getSession(k.sc.caseId, plan.followUpSessionId);
    const newId_ = next?.invitees.find((i) => i.personId === personId)?.participantId;
    const rec = newId_ ? await ctx.stores.sessions.getParticipant(newId_) : null;
    return rec && !rec.revoked ? { rec, sc: k.sc } : null;
  }

  const concerns = (owner: ItemOwner, p: ParticipantRecord) => itemConcerns(owner, { participantId: p.id, role: p.role, side: p.side });

  async function checkinLink(item: ItemRecord, p: ParticipantRecord): Promise<string> {
    const { key, keyHash } = newLinkKey();
    await plans().addCheckinLink(keyHash, item.id, p.id);
    return `${ctx.config.publicUrl}/checkin#k=${key}`;
  }

  async function fullySigned(sessionId: string): Promise<number | null> {
    const entry = (await ctx.stores.sessions.listAudit(sessionId)).filter((e) => e.action === 'agreement.fully-signed').at(-1);
    return entry ? entry.at : null;
  }

  const close: JobHandler = async (job, now) => {
    const sessionId = str(job.payload.sessionId);
    const plan = await plans().getPlan(sessionId);
    // No plan was made at the close: nothing to send or remind about.
    if (!plan) return;
    await createFollowUpSession(sessionId, now);
    const s = scheduler();
    for (const p of recipientsOf(await ctx.stores.sessions.listParticipants(sessionId))) {
      await s.schedule(`followup.planEmail:${sessionId}:${p.id}`, 'followup.planEmail', now, { sessionId, participantId: p.id });
    }
    for (const item of await plans().listItems(sessionId)) {
      const reminder = at9(item.due) - 3 * DAY;
      if (reminder > now) await s.schedule(`followup.itemDue:${item.id}:reminder:${item.due}`, 'followup.itemDue', reminder, { itemId: item.id, what: 'reminder', due: item.due });
      await s.schedule(`followup.itemDue:${item.id}:checkin:${item.due}`, 'followup.itemDue', Math.max(now, at9(item.due)), { itemId: item.id, what: 'checkin', due: item.due });
    }
    if (plan.followUp && plan.followUpSessionId) {
      await s.schedule(`followup.meetingReminder:${sessionId}`, 'followup.meetingReminder', Math.max(now, plan.followUp.startsAt - DAY), { sessionId });
    }
  };

  const planEmail: JobHandler = async (job) => {
    const sessionId = str(job.payload.sessionId);
    const participantId = str(job.payload.participantId);
    const p = await ctx.stores.sessions.getParticipant(participantId);
    const session = await ctx.stores.sessions.getSession(sessionId);
    const sc = await plans().sessionCase(sessionId);
    const to = (await planEmails(ctx, sessionId)).get(participantId)?.email;
    if (!p || !session || !sc || !to || p.revoked) return;
    const plan = await plans().getPlan(sessionId);
    const everyone = new Map((await ctx.stores.sessions.listParticipants(sessionId)).map((x) => [x.id, x]));
    const items = (await plans().listItems(sessionId)).filter((i) => concerns(i.owner, p));
    // In the person's language (intake answer or the mediator's record; English otherwise).
    const lng = (await languageOfParticipant(ctx, sessionId, p.id)) ?? DEFAULT_LANGUAGE;
    const lines = [msg(lng, 'greeting', { name: p.displayName }), '', msg(lng, 'plan.intro', { session: session.title }), ''];
    if (items.length > 0) {
      lines.push(msg(lng, 'plan.items'));
      for (const i of items) {
        lines.push(msg(lng, 'plan.item', { what: i.what, owner: ownerWords(lng, i.owner, everyone), due: dayIn(lng, i.due), clause: i.clause ? `; ${i.clause}` : '' }));
        lines.push(msg(lng, 'plan.checkin', { link: await checkinLink(i, p) }));
      }
      lines.push('', msg(lng, 'plan.remindersNote'), '');
    } else lines.push(msg(lng, 'plan.noItems'), '');
    if (plan?.discovery) lines.push(msg(lng, 'plan.discovery'), plan.discovery, '');
    let calendar: CalendarInvite | null = null;
    if (plan?.followUp) {
      const next = await followUpParticipant(sessionId, participantId);
      lines.push(`${msg(lng, 'plan.followUp', { when: whenIn(lng, plan.followUp.startsAt), minutes: plan.followUp.durationMinutes })}${plan.followUp.purpose ? msg(lng, 'plan.purpose', { purpose: plan.followUp.purpose }) : ''}`);
      if (next) {
        const link = joinLink(ctx, next.rec.token);
        lines.push(msg(lng, 'plan.joinFollowUp'), link, '');
        const lead = await caseContext(sessionId);
        calendar = {
          uid: `${plan.followUpSessionId}-${participantId}@${new URL(ctx.config.publicUrl).hostname}`,
          title: msg(lng, 'invitation.icsTitle', { kind: kindLabel(lng, 'follow-up'), case: sc.caseTitle }),
          description: msg(lng, 'invitation.icsDescription', { link }),
          startsAt: plan.followUp.startsAt, durationMinutes: plan.followUp.durationMinutes, url: link,
          organizer: { name: lead?.lead.name ?? 'Mediator', email: lead?.lead.email ?? `no-reply@${new URL(ctx.config.publicUrl).hostname}` },
          attendee: { name: p.displayName, email: to },
        };
      } else lines.push('');
    }
    const signedAt = await fullySigned(sessionId);
    // The agreement as everyone signed it (the same PDF as the download); no PDF while unsigned.
    const signedPdf = signedAt !== null ? await ctx.exports.signedAgreementPdf(sessionId) : null;
    if (signedAt !== null) {
      lines.push(`${msg(lng, 'plan.signed', { when: whenIn(lng, signedAt) })}${signedPdf ? msg(lng, 'plan.attached', { file: signedPdf.filename }) : ''}${msg(lng, 'plan.download')}`, joinLink(ctx, p.token), '');
    }
    await ctx.mailer.send({
      practiceId: sc.practiceId, caseId: sc.caseId, to, subject: msg(lng, 'plan.subject', { session: session.title }), text: lines.join('\n'), calendar,
      attachments: signedPdf ? [signedPdf] : [],
    });
  };

  const itemDue: JobHandler = async (job) => {
    const item = await plans().getItem(str(job.payload.itemId));
    // Deleted from the plan, re-dated (a newer job carries the new date), or reported done: nothing to say.
    if (!item || item.due !== str(job.payload.due) || item.status === 'done') return;
    const sc = await plans().sessionCase(item.sessionId);
    const session = await ctx.stores.sessions.getSession(item.sessionId);
    if (!sc || !session) return;
    const emails = await planEmails(ctx, item.sessionId);
    const checkin = job.payload.what === 'checkin';
    for (const p of recipientsOf(await ctx.stores.sessions.listParticipants(item.sessionId))) {
      const to = emails.get(p.id)?.email;
      if (!to || !concerns(item.owner, p)) continue;
      const lng = (await languageOfParticipant(ctx, item.sessionId, p.id)) ?? DEFAULT_LANGUAGE;
      const text = [
        msg(lng, 'greeting', { name: p.displayName }), '',
        checkin ? msg(lng, 'item.today', { session: session.title }) : msg(lng, 'item.soon', { session: session.title, due: dayIn(lng, item.due) }),
        `- ${item.what}`, '',
        msg(lng, 'item.tell'), await checkinLink(item, p),
      ].join('\n');
      await ctx.mailer.send({ practiceId: sc.practiceId, caseId: sc.caseId, to, subject: msg(lng, checkin ? 'item.subjectCheckin' : 'item.subjectReminder', { what: item.what }), text, calendar: null });
    }
  };

  const meetingReminder: JobHandler = async (job) => {
    const sessionId = str(job.payload.sessionId);
    const plan = await plans().getPlan(sessionId);
    const sc = await plans().sessionCase(sessionId);
    if (!plan?.followUp || !sc) return;
    const emails = await planEmails(ctx, sessionId);
    for (const p of recipientsOf(await ctx.stores.sessions.listParticipants(sessionId))) {
      const to = emails.get(p.id)?.email;
      const next = await followUpParticipant(sessionId, p.id);
      if (!to || !next) continue;
      const lng = (await languageOfParticipant(ctx, sessionId, p.id)) ?? DEFAULT_LANGUAGE;
      const text = [msg(lng, 'greeting', { name: p.displayName }), '', msg(lng, 'meeting.body', { case: sc.caseTitle, when: whenIn(lng, plan.followUp.startsAt) }), '', msg(lng, 'meeting.join'), joinLink(ctx, next.rec.token)].join('\n');
      await ctx.mailer.send({ practiceId: sc.practiceId, caseId: sc.caseId, to, subject: msg(lng, 'meeting.subject', { case: sc.caseTitle }), text, calendar: null });
    }
  };

  return { 'followup.close': close, 'followup.planEmail': planEmail, 'followup.itemDue': itemDue, 'followup.meetingReminder': meetingReminder };
}
