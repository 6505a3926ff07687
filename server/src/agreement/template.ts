/** The settlement agreement a session starts from, filled in from its participants. */
import type { Role, Side } from '@mediation/shared';
import type { PMMark, PMNode } from './model.js';

export interface TemplateParticipant {
  displayName: string;
  role: Role;
  side: Side;
}

const text = (t: string, marks?: PMMark[]): PMNode => (marks ? { type: 'text', text: t, marks } : { type: 'text', text: t });
const bold = (t: string) => text(t, [{ type: 'bold' }]);
const italic = (t: string) => text(t, [{ type: 'italic' }]);
const p = (...content: PMNode[]): PMNode => ({ type: 'paragraph', content });
const h = (level: number, t: string): PMNode => ({ type: 'heading', attrs: { level }, content: [text(t)] });
const li = (...content: PMNode[]): PMNode => ({ type: 'listItem', content });
const ol = (...items: PMNode[]): PMNode => ({ type: 'orderedList', attrs: { start: 1 }, content: items });
const clause = (t: string, ...sub: string[]): PMNode => (sub.length ? li(p(text(t)), ol(...sub.map((s) => li(p(text(s)))))) : li(p(text(t))));
const cell = (t: string, header = false): PMNode => ({ type: header ? 'tableHeader' : 'tableCell', attrs: { colspan: 1, rowspan: 1 }, content: [p(...(t ? [text(t)] : []))] });
const row = (cells: string[], header = false): PMNode => ({ type: 'tableRow', content: cells.map((c) => cell(c, header)) });
const table = (header: string[], rows: string[][]): PMNode => ({ type: 'table', content: [row(header, true), ...rows.map((r) => row(r))] });

const ROLE_LABEL: Partial<Record<Role, string>> = { party: 'Party', attorney: 'Attorney' };

export function agreementTemplate(title: string, people: TemplateParticipant[], date = new Date()): PMNode[] {
  const parties = people.filter((x) => x.role === 'party');
  const signers = people.filter((x) => x.role === 'party' || x.role === 'attorney');
  const mediators = people.filter((x) => x.role === 'mediator' || x.role === 'comediator');
  const dateText = date.toISOString().slice(0, 10);
  const partyItems = parties.length
    ? parties.map((x) => li(p(bold(x.displayName), text(x.side ? ` (the "${x.side}")` : ''))))
    : [li(p(text('[Party name] (the "Claimant")'))), li(p(text('[Party name] (the "Respondent")')))];

  return [
    h(1, 'Settlement Agreement'),
    p(text(`Matter: ${title}. Date: ${dateText}.`), ...(mediators.length ? [text(` Mediator: ${mediators.map((m) => m.displayName).join(', ')}.`)] : [])),
    h(2, 'Parties'),
    p(text('This agreement is made between:')),
    ol(...partyItems),
    h(2, 'Recitals'),
    ol(
      clause('The parties have a dispute concerning [describe the dispute] (the "Dispute").'),
      clause('The parties took part in mediation and wish to settle the Dispute on the terms below.'),
    ),
    h(2, 'Terms'),
    ol(
      clause('Settlement payment.', '[Paying party] will pay [receiving party] the total sum of [amount] (the "Settlement Sum").', 'The Settlement Sum is paid according to the payment schedule below.'),
      clause('Further obligations.', '[Describe any action, apology, reference or return of property agreed].'),
      clause('No admission. This agreement is not an admission of liability by any party.'),
    ),
    h(2, 'Payment schedule'),
    table(['Instalment', 'Amount', 'Due date'], [['1', '[amount]', '[date]'], ['2', '[amount]', '[date]']]),
    h(2, 'Confidentiality'),
    p(text('The terms of this agreement and everything said in the mediation are '), italic('confidential'), text(', except as needed to enforce this agreement or as required by law.')),
    h(2, 'Release'),
    p(text('On receipt of the Settlement Sum, each party releases the others from all claims arising out of the Dispute, known or unknown.')),
    h(2, 'Disputes about this agreement'),
    p(text('If a dispute arises about this agreement, the parties will first try to resolve it by mediation before starting any court proceedings.')),
    { type: 'pageBreak' },
    h(2, 'Signatures'),
    table(['Name', 'Role', 'Side', 'Signature', 'Date'], signers.length
      ? signers.map((x) => [x.displayName, ROLE_LABEL[x.role] ?? x.role, x.side ?? '', '', ''])
      : [['[Name]', 'Party', '', '', '']]),
  ];
}
