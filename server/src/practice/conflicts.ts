/**
 * The conflict check: does anyone in this case (by name or organisation) appear in one of the
 * practice's earlier cases? Pure: the caller hands in both sides; the mediator decides what a
 * match means (clear, disclosed and waived, declined).
 *
 * Names are compared as people read them (`normaliseName`: case, accents, spacing). Organisations
 * also drop legal-form words and punctuation, so "Harbor Bakery, LLC" meets "harbor bakery".
 */
import { normaliseName, type CasePersonRole, type ConflictMatch } from '@mediation/shared';

export interface CheckedPerson {
  name: string;
  organisation: string;
}

export interface EarlierPerson extends CheckedPerson {
  caseId: string;
  caseTitle: string;
  role: CasePersonRole;
  side: string | null;
}

const LEGAL_FORMS = new Set(['inc', 'incorporated', 'llc', 'llp', 'lp', 'ltd', 'limited', 'plc', 'gmbh', 'ag', 'sa', 'sarl', 'bv', 'nv', 'co', 'company', 'corp', 'corporation', 'the', 'pty', 'srl', 'spa', 'oy', 'ab', 'as']);

/** An organisation's name reduced to its distinctive words ('' when nothing distinctive is left). */
export function normaliseOrganisation(org: string): string {
  return normaliseName(org)
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((w) => w && !LEGAL_FORMS.has(w))
    .join(' ');
}

/** Every (person, earlier person) pair that shares a name or an organisation, each pair and field once. */
export function findConflicts(people: readonly CheckedPerson[], earlier: readonly EarlierPerson[]): ConflictMatch[] {
  const matches: ConflictMatch[] = [];
  const seen = new Set<string>();
  const add = (m: ConflictMatch) => {
    const key = `${m.caseId}\u0000${m.field}\u0000${normaliseName(m.ours)}\u0000${normaliseName(m.theirs)}`;
    if (seen.has(key)) return;
    seen.add(key);
    matches.push(m);
  };
  for (const p of people) {
    const name = normaliseName(p.name);
    const org = normaliseOrganisation(p.organisation);
    for (const e of earlier) {
      const base = { caseId: e.caseId, caseTitle: e.caseTitle, theirRole: e.role, theirSide: e.side };
      if (name && name === normaliseName(e.name)) add({ ...base, field: 'name', ours: p.name, theirs: e.name });
      // A person named like an earlier case's organisation (a sole trader) is a match too.
      const theirOrg = normaliseOrganisation(e.organisation);
      if (org && theirOrg && org === theirOrg) add({ ...base, field: 'organisation', ours: p.organisation, theirs: e.organisation });
      else if (org && org === normaliseOrganisation(e.name)) add({ ...base, field: 'organisation', ours: p.organisation, theirs: e.name });
      else if (theirOrg && theirOrg === normaliseOrganisation(p.name)) add({ ...base, field: 'organisation', ours: p.name, theirs: e.organisation });
    }
  }
  return matches;
}
