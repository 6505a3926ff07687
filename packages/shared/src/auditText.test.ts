import { describe, expect, it } from 'vitest';
import { describeAudit } from './auditText.js';

describe('describeAudit', () => {
  it('reads agreement events as plain sentences, without event names, ids or hashes', () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['agreement.frozen', { versionId: 'abcdef123', number: 3, hash: 'cc16bb'.repeat(10) }],
      ['agreement.signed', { signoffId: 'x1y2z3', versionId: 'abcdef123', hash: 'cc16bb', typedName: 'Ana Claimant' }],
      ['agreement.unfrozen', { voided: 2 }],
      ['agreement.version', { versionId: 'abcdef123', number: 4, name: 'Draft', hash: 'cc16bb' }],
      ['participants.moved', { participantIds: ['p1abcd', 'p2abcd'], to: 'caucus:aaaa' }],
    ];
    for (const [action, detail] of cases) {
      const s = describeAudit(action, detail);
      expect(s).toMatch(/^[A-Z].*\.$/);
      expect(s).not.toContain(action);
      expect(s).not.toMatch(/abcdef123|cc16bb|p1abcd|caucus:|\{/);
    }
    expect(describeAudit('agreement.frozen', { number: 3 })).toBe('Froze version 3 of the agreement for signature.');
    expect(describeAudit('agreement.signed', { typedName: 'Ana Claimant' })).toBe('Signed the agreement, typing the name "Ana Claimant".');
    expect(describeAudit('agreement.unfrozen', { voided: 2 })).toBe('Unfroze the agreement for changes; 2 signatures became void.');
  });

  it('names people and rooms when it is told their names', () => {
    const names = { person: (id: string) => ({ p1: 'Ana', p2: 'Ben' })[id], space: (id: string) => (id === 'caucus:aaaa' ? 'Claimant caucus' : undefined) };
    expect(describeAudit('participants.moved', { participantIds: ['p1', 'p2'], to: 'caucus:aaaa' }, names)).toBe('Moved Ana and Ben to Claimant caucus.');
    expect(describeAudit('participants.moved', { participantIds: ['p1', 'zz'], to: 'joint' }, names)).toBe('Moved 2 people to the joint session.');
    expect(describeAudit('participants.admitted', { participantIds: ['p1'] }, names)).toBe('Let Ana in from the waiting room.');
  });

  it('turns an unknown action into words instead of showing its name', () => {
    expect(describeAudit('board.cardPinned', {})).toBe('Board card pinned.');
    expect(describeAudit('', {})).toBe('Something happened.');
  });
});
