/** Rows of people to add to a case: name, role, side, email, phone, organisation. */
import { useId } from 'react';
import { CASE_PERSON_ROLES, type CasePersonInput, type CasePersonRole } from '@mediation/shared';

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
}

let nextKey = 1;
export const blankPerson = (side = '', role: CasePersonRole = 'party'): PersonDraft => ({ key: nextKey++, name: '', role, side, email: '', phone: '', organisation: '' });

/** The filled rows as the API wants them (empty rows are skipped, so a spare row is no error). */
export const toInputs = (rows: PersonDraft[]): CasePersonInput[] => rows.filter((r) => r.name.trim()).map((r) => ({
  name: r.name.trim(), role: r.role, side: r.side.trim() || null, email: r.email.trim(), phone: r.phone.trim(), organisation: r.organisation.trim(),
}));

export function PeopleEditor({ rows, onChange }: { rows: PersonDraft[]; onChange: (rows: PersonDraft[]) => void }) {
  const sidesId = useId();
  const update = (key: number, patch: Partial<PersonDraft>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <fieldset className="stack people-editor">
      <legend>People</legend>
      <datalist id={sidesId}><option value="Claimant" /><option value="Respondent" /></datalist>
      {rows.map((r, i) => (
        <div className="person-draft" key={r.key} role="group" aria-label={`Person ${i + 1}`} data-testid="person-draft">
          <label className="field"><span>Name</span><input maxLength={60} value={r.name} onChange={(e) => update(r.key, { name: e.target.value })} data-testid="person-name" /></label>
          <label className="field"><span>Role</span>
            <select value={r.role} onChange={(e) => update(r.key, { role: e.target.value as CasePersonRole })} data-testid="person-role">
              {CASE_PERSON_ROLES.map((role) => <option key={role} value={role}>{ROLE_LABEL[role]}</option>)}
            </select>
          </label>
          <label className="field"><span>Side</span><input maxLength={40} list={sidesId} value={r.side} onChange={(e) => update(r.key, { side: e.target.value })} placeholder="Claimant, Respondent…" data-testid="person-side" /></label>
          <label className="field"><span>Email</span><input type="email" maxLength={254} value={r.email} onChange={(e) => update(r.key, { email: e.target.value })} data-testid="person-email" /></label>
          <label className="field"><span>Phone</span><input type="tel" maxLength={40} value={r.phone} onChange={(e) => update(r.key, { phone: e.target.value })} /></label>
          <label className="field"><span>Organisation</span><input maxLength={120} value={r.organisation} onChange={(e) => update(r.key, { organisation: e.target.value })} data-testid="person-org" /></label>
          <button type="button" className="secondary" onClick={() => onChange(rows.filter((x) => x.key !== r.key))} aria-label={`Remove person ${i + 1}${r.name ? ` (${r.name})` : ''}`}>Remove</button>
        </div>
      ))}
      <div><button type="button" className="secondary" onClick={() => onChange([...rows, blankPerson()])} data-testid="add-person">Add a person</button></div>
    </fieldset>
  );
}
