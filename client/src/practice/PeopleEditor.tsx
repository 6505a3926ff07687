/** Rows of people to add to a case: name, role, side, email, phone, organisation. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_PERSON_ROLES, LANGUAGES, LANGUAGE_NAMES, toLanguage, type CasePersonInput, type CasePersonRole, type Language } from '@mediation/shared';

export const ROLE_LABEL: Record<CasePersonRole, string> = {
  party: 'Party', counsel: 'Counsel', support: 'Support person', interpreter: 'Interpreter', observer: 'Observer',
};

export interface PersonDraft {
  key: number;
  name: string;
  role: CasePersonRole;
  side: string;
  email: string;
  phone: string;
  organisation: string;
  /** The language of their emails and the join page's suggestion; null: not recorded. */
  language: Language | null;
}

let nextKey = 1;
export const blankPerson = (side = '', role: CasePersonRole = 'party'): PersonDraft => ({ key: nextKey++, name: '', role, side, email: '', phone: '', organisation: '', language: null });

/** The filled rows as the API wants them (empty rows are skipped, so a spare row is no error). */
export const toInputs = (rows: PersonDraft[]): CasePersonInput[] => rows.filter((r) => r.name.trim()).map((r) => ({
  name: r.name.trim(), role: r.role, side: r.side.trim() || null, email: r.email.trim(), phone: r.phone.trim(), organisation: r.organisation.trim(), language: r.language,
}));

export function PeopleEditor({ rows, onChange }: { rows: PersonDraft[]; onChange: (rows: PersonDraft[]) => void }) {
  const { t } = useTranslation('practice');
  const sidesId = useId();
  const update = (key: number, patch: Partial<PersonDraft>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <fieldset className="stack people-editor">
      <legend>{t('people.legend')}</legend>
      <datalist id={sidesId}><option value={t('people.claimant')} /><option value={t('people.respondent')} /></datalist>
      {rows.map((r, i) => (
        <div className="person-draft" key={r.key} role="group" aria-label={t('people.person', { n: i + 1 })} data-testid="person-draft">
          <label className="field"><span>{t('people.name')}</span><input maxLength={60} value={r.name} onChange={(e) => update(r.key, { name: e.target.value })} data-testid="person-name" /></label>
          <label className="field"><span>{t('people.role')}</span>
            <select value={r.role} onChange={(e) => update(r.key, { role: e.target.value as CasePersonRole })} data-testid="person-role">
              {CASE_PERSON_ROLES.map((role) => <option key={role} value={role}>{t('role', { context: role, defaultValue: ROLE_LABEL[role] })}</option>)}
            </select>
          </label>
          <label className="field"><span>{t('people.side')}</span><input maxLength={40} list={sidesId} value={r.side} onChange={(e) => update(r.key, { side: e.target.value })} placeholder={t('people.sidePlaceholder')} data-testid="person-side" /></label>
          <label className="field"><span>{t('people.email')}</span><input type="email" maxLength={254} value={r.email} onChange={(e) => update(r.key, { email: e.target.value })} data-testid="person-email" /></label>
          <label className="field"><span>{t('people.phone')}</span><input type="tel" maxLength={40} value={r.phone} onChange={(e) => update(r.key, { phone: e.target.value })} /></label>
          <label className="field"><span>{t('people.organisation')}</span><input maxLength={120} value={r.organisation} onChange={(e) => update(r.key, { organisation: e.target.value })} data-testid="person-org" /></label>
          <label className="field"><span>{t('people.language')}</span>
            <select value={r.language ?? ''} onChange={(e) => update(r.key, { language: toLanguage(e.target.value) })} data-testid="person-language">
              <option value="">{t('people.languageUnset')}</option>
              {LANGUAGES.map((l) => <option key={l} value={l} lang={l}>{LANGUAGE_NAMES[l]}</option>)}
            </select>
          </label>
          <button type="button" className="secondary" onClick={() => onChange(rows.filter((x) => x.key !== r.key))} aria-label={r.name ? t('people.removePersonNamed', { n: i + 1, name: r.name }) : t('people.removePerson', { n: i + 1 })}>{t('people.remove')}</button>
        </div>
      ))}
      <div><button type="button" className="secondary" onClick={() => onChange([...rows, blankPerson()])} data-testid="add-person">{t('people.add')}</button></div>
    </fieldset>
  );
}
