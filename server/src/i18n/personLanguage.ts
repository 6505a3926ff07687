/**
 * Which language a person's personal messages and join page use. Order: their own intake answer
 * (they said so themselves) > the language the mediator recorded for them > a Spanish/English
 * interpreter language named in their intake > English. Their browser choice on the join page is
 * the client's business (it wins there, and is not sent back).
 */
import { DEFAULT_LANGUAGE, toLanguage, type IntakeAnswers, type Language } from '@mediation/shared';
import type { AppContext } from '../contracts.js';
import type { CasePersonRecord } from '../storage/practiceTypes.js';

/** Language names as people type them in the interpreter field ("Spanish", "español", "castellano"). */
const NAMED: Array<[RegExp, Language]> = [
  [/^(spanish|espa[nñ]ol|castellano)\b/i, 'es'],
  [/^(english|ingl[eé]s)\b/i, 'en'],
];

export function languageFromAnswers(answers: Partial<IntakeAnswers> | null | undefined): Language | null {
  if (!answers) return null;
  const stated = toLanguage(answers.language ?? null);
  if (stated) return stated;
  const interp = answers.interpreter?.needed ? answers.interpreter.language.trim() : '';
  for (const [re, lng] of NAMED) if (re.test(interp)) return lng;
  return null;
}


/** The order above, without the English fallback: null when nothing is recorded. */
export function recordedLanguage(answers: Partial<IntakeAnswers> | null, person: Pick<CasePersonRecord, 'language'>): Language | null {
  return toLanguage(answers?.language ?? null) ?? toLanguage(person.language ?? null) ?? languageFromAnswers(answers);
}

/** The language of this person's emails. */
export async function languageOfPerson(ctx: AppContext, caseId: string, person: Pick<CasePersonRecord, 'id' | 'language'>): Promise<Language> {
  const answers = (await ctx.stores.intake.forms.getResponse(caseId, person.id))?.answers ?? null;
  return recordedLanguage(answers, person) ?? DEFAULT_LANGUAGE;
}

/**
 * The language recorded for the person behind a room link, for the join page's suggestion; null
 * for a session outside a case (nobody recorded anything) or a mediator's own link.
 */
export async function languageOfParticipant(ctx: AppContext, sessionId: string, participantId: string): Promise<Language | null> {
  const sc = await ctx.stores.followup.plans.sessionCase(sessionId);
  if (!sc) return null;
  const s = await ctx.stores.practice.cases.getSession(sc.caseId, sessionId);
  const personId = s?.invitees.find((i) => i.participantId === participantId)?.personId;
  if (!personId) return null;
  const person = (await ctx.stores.practice.cases.listPeople(sc.caseId)).find((p) => p.id === personId);
  if (!person) return null;
  return recordedLanguage((await ctx.stores.intake.forms.getResponse(sc.caseId, person.id))?.answers ?? null, person);
}
