/**
 * The audit log's sentences in the person's language: the words of shared describeAudit (which
 * the server keeps in English for the signed agreement's export), from the `tower` namespace.
 * In English the sentence is exactly describeAudit's (auditSentence.test.ts checks every action);
 * an action this list does not know yet reads as describeAudit says it, in English.
 */
import { describeAudit, JOINT, LOBBY, type AuditNames } from '@mediation/shared';
import { i18n } from '../i18n';
import { listNames } from '../room/describe';

const t = i18n.t;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

const ROLES = new Set(['mediator', 'comediator', 'party', 'attorney', 'observer', 'interpreter', 'captioner']);

/** A space as a sentence names it. The server's built-in names are English defaults, so they are
 * said in the person's language; a name the mediator gave is shown as written. */
function spaceName(id: unknown, names: AuditNames): string {
  const s = str(id);
  if (!s) return t('tower:auditText.space.aRoom');
  const known = names.space?.(s);
  if (known) {
    if (s === JOINT && known === 'Joint session') return t('tower:auditText.space.jointNamed');
    if (s === LOBBY && known === 'Waiting room') return t('tower:auditText.space.lobbyNamed');
    return known;
  }
  if (s === JOINT) return t('tower:auditText.space.joint');
  if (s === LOBBY) return t('tower:auditText.space.lobby');
  return t('tower:auditText.space.aCaucus');
}

/** "Ana, Ben and Cy" when every name is known, else "3 people"; "nobody" for none. */
function people(ids: unknown, names: AuditNames): string {
  const all = list(ids);
  if (all.length === 0) return t('tower:auditText.people.nobody');
  const named = all.map((id) => names.person?.(id)).filter((n): n is string => !!n);
  if (named.length === all.length) return listNames(named);
  return t('room:audience.people', { count: all.length });
}

const person = (d: Record<string, unknown>, names: AuditNames): string | undefined => names.person?.(str(d.participantId) ?? '');
const role = (r: string): string => (ROLES.has(r) ? t('tower:auditText.role', { context: r }) : r);

/** One sentence for an audit entry (no actor: the log shows who did it beside it). */
export function auditSentence(action: string, detail: Record<string, unknown> = {}, names: AuditNames = {}): string {
  const d = detail;
  switch (action) {
    case 'session.created': return t('tower:auditText.sessionCreated');
    case 'session.ended': return t('tower:auditText.sessionEnded');
    case 'invite.created': {
      const name = person(d, names) ?? t('tower:auditText.people.aNewPerson');
      const r = str(d.role);
      return r ? t('tower:auditText.inviteCreatedAs', { name, role: role(r) }) : t('tower:auditText.inviteCreated', { name });
    }
    case 'invite.reissued': return t('tower:auditText.inviteReissued', { name: person(d, names) ?? t('tower:auditText.people.aPerson') });
    case 'participant.revoked': return t('tower:auditText.participantRevoked', { name: person(d, names) ?? t('tower:auditText.people.aPerson') });
    case 'participant.joined': return t('tower:auditText.participantJoined', { space: spaceName(d.space, names) });
    case 'participant.rejoined': return t('tower:auditText.participantRejoined', { space: spaceName(d.space, names) });
    case 'participant.left': return t('tower:auditText.participantLeft');
    case 'participants.admitted': return t('tower:auditText.participantsAdmitted', { people: people(d.participantIds, names) });
    case 'participants.held': return t('tower:auditText.participantsHeld', { people: people(d.participantIds, names) });
    case 'participants.moved': return t('tower:auditText.participantsMoved', { people: people(d.participantIds, names), space: spaceName(d.to, names) });
    case 'space.created': {
      const name = str(d.name);
      return name ? t('tower:auditText.spaceCreatedNamed', { name }) : t('tower:auditText.spaceCreated');
    }
    case 'space.renamed': {
      const from = str(d.from);
      const to = str(d.to);
      if (from && to) return t('tower:auditText.spaceRenamedFromTo', { from, to });
      if (from) return t('tower:auditText.spaceRenamedFrom', { from });
      if (to) return t('tower:auditText.spaceRenamedTo', { to });
      return t('tower:auditText.spaceRenamed');
    }
    case 'space.closed': return t('tower:auditText.spaceClosed', { space: spaceName(d.space, names) });
    case 'space.entered': return t('tower:auditText.spaceEntered', { space: spaceName(d.space, names) });
    case 'broadcast.sent': return t('tower:auditText.broadcastSent');
    case 'timer.set': {
      const seconds = num(d.seconds);
      return seconds
        ? t('tower:auditText.timerSet', { count: Math.round(seconds / 60), space: spaceName(d.space, names) })
        : t('tower:auditText.timerStopped', { space: spaceName(d.space, names) });
    }
    case 'knock.sent': return t('tower:auditText.knockSent');
    case 'knock.answered': return d.joined ? t('tower:auditText.knockAnsweredJoined') : t('tower:auditText.knockAnswered');
    case 'lobby.message': return t('tower:auditText.lobbyMessage');
    case 'settings.updated': return t('tower:auditText.settingsUpdated');
    case 'assignment.planned': return t('tower:auditText.assignmentPlanned', { name: person(d, names) ?? t('tower:auditText.people.aPerson') });
    case 'board.promoted': return d.anonymous ? t('tower:auditText.boardPromotedAnonymous') : t('tower:auditText.boardPromoted');
    case 'board.overlapRevealed': return t('tower:auditText.boardOverlapRevealed', { count: num(d.options) ?? 0 });
    case 'agreement.template': return t('tower:auditText.agreementTemplate');
    case 'agreement.suggested': return t('tower:auditText.agreementSuggested');
    case 'agreement.suggestion.accepted': return t('tower:auditText.suggestionAccepted');
    case 'agreement.suggestion.rejected': return t('tower:auditText.suggestionRejected');
    case 'agreement.suggestion.accepted-all': return t('tower:auditText.suggestionAcceptedAll', { count: num(d.count) ?? 0 });
    case 'agreement.suggestion.rejected-all': return t('tower:auditText.suggestionRejectedAll', { count: num(d.count) ?? 0 });
    case 'agreement.suggestion.author-corrected': return t('tower:auditText.suggestionAuthorCorrected');
    case 'agreement.suggestion.refused-frozen': return t('tower:auditText.suggestionRefusedFrozen');
    case 'agreement.comment': return t('tower:auditText.agreementComment');
    case 'agreement.comment.resolved': return t('tower:auditText.commentResolved');
    case 'agreement.comment.reopened': return t('tower:auditText.commentReopened');
    case 'agreement.comment.refused-frozen': return t('tower:auditText.commentRefusedFrozen');
    case 'agreement.edit.refused-frozen': return t('tower:auditText.editRefusedFrozen');
    case 'agreement.version': {
      const number = num(d.number);
      const name = str(d.name);
      if (number === undefined) return name ? t('tower:auditText.versionNoNumberNamed', { name }) : t('tower:auditText.versionNoNumber');
      return name ? t('tower:auditText.versionNamed', { number, name }) : t('tower:auditText.version', { number });
    }
    case 'agreement.frozen': {
      const number = num(d.number);
      return number === undefined ? t('tower:auditText.frozenNoNumber') : t('tower:auditText.frozen', { number });
    }
    case 'agreement.unfrozen': {
      const voided = num(d.voided);
      return voided ? t('tower:auditText.unfrozenVoided', { count: voided }) : t('tower:auditText.unfrozen');
    }
    case 'agreement.signed': {
      const name = str(d.typedName);
      return name ? t('tower:auditText.signedTyped', { name }) : t('tower:auditText.signed');
    }
    case 'agreement.fully-signed': return t('tower:auditText.fullySigned');
    case 'agreement.signoffs.voided': return t('tower:auditText.signoffsVoided', { count: num(d.voided) ?? 0 });
    case 'agreement.proposal': return t('tower:auditText.proposal');
    case 'agreement.proposal.approved': return t('tower:auditText.proposalApproved');
    case 'agreement.proposal.rejected': return t('tower:auditText.proposalRejected');
    default: return describeAudit(action, detail, names);
  }
}
