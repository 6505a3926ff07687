/** The audit log's sentences: in English exactly shared describeAudit's words (the server's
 * export and the end-to-end tests read those), in Spanish the person's language. */
import { describe, expect, it } from 'vitest';
import { describeAudit, type AuditNames } from '@mediation/shared';
import auditTextSource from '../../../packages/shared/src/auditText.ts?raw';
import { useMemoryLanguageStore } from '../i18n/testLanguageStore';
import { chooseLanguage } from '../i18n';
import { auditSentence } from './auditSentence';

useMemoryLanguageStore();

const PEOPLE: Record<string, string> = { ana: 'Ana', ben: 'Ben', cy: 'Cy' };
const SPACES: Record<string, string> = { joint: 'Joint session', lobby: 'Waiting room', c1: 'Caucus A', c2: 'Claimant room' };
const names: AuditNames = { person: (id) => PEOPLE[id], space: (id) => SPACES[id] };
const renamed: AuditNames = { person: (id) => PEOPLE[id], space: (id) => ({ joint: 'Main room', lobby: 'Hall' })[id] };
const noNames: AuditNames = {};

const spaces = [{}, { space: 'joint' }, { space: 'lobby' }, { space: 'c1' }, { space: 'unknown' }];
const many = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Each action describeAudit knows, with details that take each of its branches. */
const CASES: Record<string, Array<Record<string, unknown>>> = {
  'session.created': [{}],
  'session.ended': [{}],
  'invite.created': [{}, { participantId: 'ana' }, { participantId: 'zed', role: 'party' }, ...['mediator', 'comediator', 'party', 'attorney', 'observer', 'interpreter', 'captioner', 'juror'].map((role) => ({ participantId: 'ana', role }))],
  'invite.reissued': [{}, { participantId: 'ben' }, { participantId: 'zed' }],
  'participant.revoked': [{}, { participantId: 'ben' }],
  'participant.joined': spaces,
  'participant.rejoined': spaces,
  'participant.left': [{}],
  'participants.admitted': [{}, { participantIds: [] }, { participantIds: ['ana'] }, { participantIds: ['ana', 'ben'] }, { participantIds: ['ana', 'ben', 'cy'] }, { participantIds: ['zed'] }, { participantIds: ['ana', 'zed', 'x'] }],
  'participants.held': [{ participantIds: ['ben'] }, { participantIds: ['ana', 'zed'] }, {}],
  'participants.moved': [{ participantIds: ['ana', 'ben'], to: 'c1' }, { participantIds: ['ana'], to: 'joint' }, { participantIds: ['cy'], to: 'lobby' }, { participantIds: ['zed'], to: 'c9' }, {}],
  'space.created': [{}, { name: 'Caucus B' }, { name: '' }],
  'space.renamed': [{}, { from: 'Caucus A' }, { to: 'Claimant room' }, { from: 'Caucus A', to: 'Claimant room' }],
  'space.closed': spaces,
  'space.entered': spaces,
  'broadcast.sent': [{}],
  'timer.set': [{ seconds: 300, space: 'c1' }, { seconds: 60, space: 'joint' }, { seconds: 20 }, { seconds: 0, space: 'c1' }, { space: 'lobby' }, { seconds: 5400, space: 'unknown' }],
  'knock.sent': [{}],
  'knock.answered': [{}, { joined: true }, { joined: false }],
  'lobby.message': [{}],
  'settings.updated': [{}],
  'assignment.planned': [{}, { participantId: 'cy' }, { participantId: 'zed' }],
  'board.promoted': [{}, { anonymous: true }],
  'board.overlapRevealed': [{}, { options: 0 }, { options: 1 }, { options: 3 }],
  'agreement.template': [{}],
  'agreement.suggested': [{}],
  'agreement.suggestion.accepted': [{}],
  'agreement.suggestion.rejected': [{}],
  'agreement.suggestion.accepted-all': [{}, { count: 1 }, { count: 4 }],
  'agreement.suggestion.rejected-all': [{}, { count: 1 }, { count: 2 }],
  'agreement.suggestion.author-corrected': [{}],
  'agreement.suggestion.refused-frozen': [{}],
  'agreement.comment': [{}],
  'agreement.comment.resolved': [{}],
  'agreement.comment.reopened': [{}],
  'agreement.comment.refused-frozen': [{}],
  'agreement.edit.refused-frozen': [{}],
  'agreement.version': [{}, { number: 3 }, { number: 0 }, { number: 2, name: 'After lunch' }, { name: 'Draft' }],
  'agreement.frozen': [{}, { number: 4 }],
  'agreement.unfrozen': [{}, { voided: 0 }, { voided: 1 }, { voided: 3 }],
  'agreement.signed': [{}, { typedName: 'Ana María López' }],
  'agreement.fully-signed': [{}],
  'agreement.signoffs.voided': [{}, { voided: 1 }, { voided: 2 }],
  'agreement.proposal': [{}],
  'agreement.proposal.approved': [{}],
  'agreement.proposal.rejected': [{}],
};

describe('auditSentence', () => {
  it('has cases for every action in the switch of shared describeAudit', () => {
    const actions = [...auditTextSource.matchAll(/case '([^']+)':/g)].map((m) => m[1]);
    expect(actions.length).toBeGreaterThan(40);
    expect(Object.keys(CASES).sort()).toEqual([...new Set(actions)].sort());
  });

  it('says in English, word for word, what describeAudit says', () => {
    let checked = 0;
    for (const [action, details] of Object.entries(CASES)) {
      for (const detail of details) {
        for (const n of [names, renamed, noNames]) {
          expect(auditSentence(action, detail, n), `${action} ${JSON.stringify(detail)}`).toBe(describeAudit(action, detail, n));
          checked += 1;
        }
      }
      expect(auditSentence(action), action).toBe(describeAudit(action));
    }
    expect(checked).toBeGreaterThan(100);
    expect(auditSentence('participants.moved', { participantIds: ['ana', 'ben', 'cy'], to: 'c1' }, names)).toBe('Moved Ana, Ben and Cy to Caucus A.');
  });

  it('falls back to describeAudit for an action it does not know', () => {
    for (const action of ['recording.startedNow', 'x', '', 'a.b-c_d']) expect(auditSentence(action, {}, names)).toBe(describeAudit(action, {}, names));
  });

  it('says it in Spanish for a Spanish speaker', async () => {
    await chooseLanguage('es');
    try {
      expect(auditSentence('participants.moved', { participantIds: ['ana', 'ben', 'cy'], to: 'c1' }, names)).toBe('Movió a Ana, Ben y Cy a Caucus A.');
      expect(auditSentence('participants.moved', { participantIds: ['ana'], to: 'joint' }, names)).toBe('Movió a Ana a la sesión conjunta.');
      expect(auditSentence('participants.admitted', { participantIds: ['ana', 'zed'] }, names)).toBe('Dio paso a 2 personas desde la sala de espera.');
      expect(auditSentence('participants.held', { participantIds: ['zed'] }, names)).toBe('Devolvió a 1 persona a la sala de espera.');
      expect(auditSentence('participant.joined', { space: 'lobby' }, noNames)).toBe('Entró en la sala de espera.');
      expect(auditSentence('space.closed', { space: 'c9' }, names)).toBe('Cerró una reunión privada.');
      expect(auditSentence('invite.created', { participantId: 'ana', role: 'attorney' }, names)).toBe('Invitó a Ana como abogado/a.');
      expect(auditSentence('invite.created', { role: 'party' }, names)).toBe('Invitó a una persona nueva como parte.');
      expect(auditSentence('timer.set', { seconds: 300, space: 'c1' }, names)).toBe('Puso un temporizador de 5 minutos en Caucus A.');
      expect(auditSentence('timer.set', { seconds: 60, space: 'c1' }, names)).toBe('Puso un temporizador de 1 minuto en Caucus A.');
      expect(auditSentence('space.renamed', { from: 'Caucus A', to: 'Claimant room' }, names)).toBe('Cambió el nombre de una sala de «Caucus A» a «Claimant room».');
      expect(auditSentence('agreement.version', { number: 2, name: 'Tras el almuerzo' }, names)).toBe('Guardó la versión 2 («Tras el almuerzo») del acuerdo.');
      expect(auditSentence('agreement.frozen', { number: 4 }, names)).toBe('Cerró la versión 4 del acuerdo para la firma.');
      expect(auditSentence('agreement.unfrozen', { voided: 1 }, names)).toBe('Reabrió el acuerdo para editarlo; 1 firma quedó anulada.');
      expect(auditSentence('agreement.signoffs.voided', { voided: 3 }, names)).toBe('El acuerdo cambió después de cerrarse para la firma, así que 3 firmas quedaron anuladas.');
      expect(auditSentence('agreement.signed', { typedName: 'Ana María López' }, names)).toBe('Firmó el acuerdo escribiendo el nombre «Ana María López».');
      expect(auditSentence('board.overlapRevealed', { options: 1 }, names)).toBe('Mostró las opciones que todas las partes consideran aceptables (1 opción).');
      expect(auditSentence('knock.answered', { joined: true }, names)).toBe('Respondió a una llamada y se unió.');
      // An action the list does not know stays in English rather than showing a key.
      expect(auditSentence('recording.started', {}, names)).toBe('Recording started.');
    } finally {
      await chooseLanguage('en');
    }
  });
});
