/** Interpreters' and captioners' labels: in English exactly the shared wording, in Spanish the person's language. */
import { describe, expect, it } from 'vitest';
import { useMemoryLanguageStore } from '../i18n/testLanguageStore';
import { followerLabel, type ParticipantView } from '@mediation/shared';
import { chooseLanguage } from '../i18n';
import { roleLabel } from './describe';

const people = [{ id: 'ana', displayName: 'Ana Claimant' }];
const cases: Array<Pick<ParticipantView, 'role' | 'interpretsFor' | 'interpretationLanguage'>> = [
  { role: 'interpreter', interpretsFor: { participantId: 'ana' }, interpretationLanguage: 'Spanish' },
  { role: 'captioner', interpretsFor: { side: 'Respondent' } },
  { role: 'interpreter', interpretationLanguage: 'Mandarin' },
  { role: 'interpreter', interpretsFor: { participantId: 'gone' } },
];

useMemoryLanguageStore();

describe('roleLabel', () => {
  it('says in English exactly what the shared followerLabel says', () => {
    for (const p of cases) expect(roleLabel(p, people)).toBe(followerLabel(p, (id) => people.find((x) => x.id === id)?.displayName));
    expect(roleLabel({ role: 'party' }, people)).toBe('party');
  });

  it('says it in Spanish for a Spanish speaker', async () => {
    await chooseLanguage('es');
    expect(roleLabel(cases[0]!, people)).toBe('Intérprete de Ana Claimant (Spanish)');
    expect(roleLabel(cases[1]!, people)).toBe('Subtitulador/a de Respondent');
    expect(roleLabel(cases[3]!, people)).toBe('Intérprete de su parte');
  });
});
