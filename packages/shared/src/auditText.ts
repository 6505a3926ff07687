/**
 * Audit entries in plain words, for the people who read them (the mediator's audit log, the
 * agreement's sign-off page). The stored entry keeps its machine name and detail for exports
 * and investigations; this is only how it reads. Pure, so the client and server say the same.
 */

export interface AuditNames {
  /** Name of a participant by id (for ids found in the detail), if known. */
  person?(id: string): string | undefined;
  /** Name of a space ("Joint session", "Caucus A") by id, if known. */
  space?(id: string): string | undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function spaceName(id: unknown, names: AuditNames): string {
  const s = str(id);
  if (!s) return 'a room';
  const known = names.space?.(s);
  if (known) return known;
  if (s === 'joint') return 'the joint session';
  if (s === 'lobby') return 'the waiting room';
  return 'a caucus';
}

function people(ids: unknown, names: AuditNames): string {
  const all = list(ids);
  if (all.length === 0) return 'nobody';
  const named = all.map((id) => names.person?.(id)).filter((n): n is string => !!n);
  if (named.length === all.length) return joinNames(named);
  return all.length === 1 ? '1 person' : `${all.length} people`;
}

function joinNames(n: string[]): string {
  if (n.length <= 1) return n.join('');
  return `${n.slice(0, -1).join(', ')} and ${n.at(-1)}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One sentence (no trailing actor name: the log shows who did it beside it). */
export function describeAudit(action: string, detail: Record<string, unknown> = {}, names: AuditNames = {}): string {
  const d = detail;
  switch (action) {
    case 'session.created': return 'Created the session.';
    case 'session.ended': return 'Ended the session.';
    case 'invite.created': return `Invited ${names.person?.(str(d.participantId) ?? '') ?? 'a new person'}${str(d.role) ? ` as ${roleWord(str(d.role)!)}` : ''}.`;
    case 'invite.reissued': return `Sent a new link to ${names.person?.(str(d.participantId) ?? '') ?? 'a person'}; the old link no longer works.`;
    case 'participant.revoked': return `Withdrew the link of ${names.person?.(str(d.participantId) ?? '') ?? 'a person'}.`;
    case 'participant.joined': return `Joined, in ${spaceName(d.space, names)}.`;
    case 'participant.rejoined': return `Came back, in ${spaceName(d.space, names)}.`;
    case 'participant.left': return 'Left the session.';
    case 'participants.admitted': return `Let ${people(d.participantIds, names)} in from the waiting room.`;
    case 'participants.held': return `Sent ${people(d.participantIds, names)} back to the waiting room.`;
    case 'participants.moved': return `Moved ${people(d.participantIds, names)} to ${spaceName(d.to, names)}.`;
    case 'space.created': return `Opened ${str(d.name) ? `the caucus "${str(d.name)}"` : 'a caucus'}.`;
    case 'space.renamed': return `Renamed a room${str(d.from) ? ` from "${str(d.from)}"` : ''}${str(d.to) ? ` to "${str(d.to)}"` : ''}.`;
    case 'space.closed': return `Closed ${spaceName(d.space, names)}.`;
    case 'space.entered': return `Went to ${spaceName(d.space, names)}.`;
    case 'broadcast.sent': return 'Sent a message to everyone.';
    case 'timer.set': return num(d.seconds) ? `Set a ${Math.round(num(d.seconds)! / 60)}-minute timer in ${spaceName(d.space, names)}.` : `Stopped the timer in ${spaceName(d.space, names)}.`;
    case 'knock.sent': return 'Knocked to speak with the mediator.';
    case 'knock.answered': return d.joined ? 'Answered a knock and joined.' : 'Answered a knock.';
    case 'lobby.message': return 'Changed the waiting room message.';
    case 'settings.updated': return 'Changed the session settings.';
    case 'assignment.planned': return `Planned where ${names.person?.(str(d.participantId) ?? '') ?? 'a person'} goes when let in.`;
    case 'board.promoted': return d.anonymous ? 'Shared a caucus card on the joint board, without its author.' : 'Shared a caucus card on the joint board.';
    case 'board.overlapRevealed': return `Showed the options every side finds acceptable (${plural(num(d.options) ?? 0, 'option')}).`;
    case 'agreement.template': return 'Started the agreement from the template.';
    case 'agreement.suggested': return 'Suggested a change to the agreement.';
    case 'agreement.suggestion.accepted': return 'Accepted a suggested change.';
    case 'agreement.suggestion.rejected': return 'Rejected a suggested change.';
    case 'agreement.suggestion.accepted-all': return `Accepted all of one person's suggestions (${plural(num(d.count) ?? 0, 'change')}).`;
    case 'agreement.suggestion.rejected-all': return `Rejected all of one person's suggestions (${plural(num(d.count) ?? 0, 'change')}).`;
    case 'agreement.suggestion.author-corrected': return 'A suggestion claimed someone else as its author; the real author was kept.';
    case 'agreement.suggestion.refused-frozen': return 'A suggestion was made while the agreement was frozen for signature; it was removed.';
    case 'agreement.comment': return 'Commented on the agreement.';
    case 'agreement.comment.resolved': return 'Marked a comment as resolved.';
    case 'agreement.comment.reopened': return 'Reopened a comment.';
    case 'agreement.comment.refused-frozen': return 'A comment was added while the agreement was frozen for signature; it was removed.';
    case 'agreement.edit.refused-frozen': return 'Tried to change the agreement while it was frozen for signature; the change was undone.';
    case 'agreement.version': return `Saved version ${num(d.number) ?? ''}${str(d.name) ? ` ("${str(d.name)}")` : ''} of the agreement.`.replace('version  ', 'version ');
    case 'agreement.frozen': return `Froze version ${num(d.number) ?? ''} of the agreement for signature.`.replace('version  ', 'version ');
    case 'agreement.unfrozen': return `Unfroze the agreement for changes${num(d.voided) ? `; ${plural(num(d.voided)!, 'signature')} became void` : ''}.`;
    case 'agreement.signed': return `Signed the agreement${str(d.typedName) ? `, typing the name "${str(d.typedName)}"` : ''}.`;
    case 'agreement.fully-signed': return 'Every required signer has signed the agreement.';
    case 'agreement.signoffs.voided': return `The agreement changed after it was frozen, so ${plural(num(d.voided) ?? 0, 'signature')} became void.`;
    case 'agreement.proposal': return "Proposed a clause from their side's private draft.";
    case 'agreement.proposal.approved': return 'Approved a proposed clause into the agreement as a suggestion.';
    case 'agreement.proposal.rejected': return 'Declined a proposed clause.';
    default: return fallback(action);
  }
}

const ROLE_WORDS: Record<string, string> = { mediator: 'a mediator', comediator: 'a co-mediator', party: 'a party', attorney: 'an attorney', observer: 'an observer', interpreter: 'an interpreter' };
const roleWord = (role: string): string => ROLE_WORDS[role] ?? role;

/** An action this list does not know yet still reads as words, not as "a.b-c". */
function fallback(action: string): string {
  const words = action.split(/[.\-_]/).filter(Boolean).map((w) => w.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
  const text = words.join(' ');
  return text ? `${text.charAt(0).toUpperCase()}${text.slice(1)}.` : 'Something happened.';
}
