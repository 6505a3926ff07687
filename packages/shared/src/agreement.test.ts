import { describe, expect, it } from 'vitest';
import { createThreadBodySchema, exportQuerySchema, isRequiredSigner, proposalBodySchema, signBodySchema, suggestionBodySchema, unfreezeBodySchema } from './agreement.js';

describe('agreement request schemas', () => {
  it('strip a forged author from a suggestion instead of trusting it', () => {
    const parsed = suggestionBodySchema.parse({ kind: 'insert', at: 3, text: 'x', authorId: 'someone-else', author: { id: 'x' } });
    expect(parsed).toEqual({ kind: 'insert', at: 3, text: 'x' });
  });

  it('refuse empty or inverted ranges and unknown kinds', () => {
    expect(suggestionBodySchema.safeParse({ kind: 'delete', from: 5, to: 5 }).success).toBe(false);
    expect(suggestionBodySchema.safeParse({ kind: 'replace', from: 6, to: 5, text: 'x' }).success).toBe(false);
    expect(suggestionBodySchema.safeParse({ kind: 'insert', at: 1, text: '' }).success).toBe(false);
    expect(suggestionBodySchema.safeParse({ kind: 'move', at: 1 }).success).toBe(false);
    expect(createThreadBodySchema.safeParse({ from: 2, to: 1, body: 'x' }).success).toBe(false);
    expect(createThreadBodySchema.safeParse({ from: 1, to: 2, body: '   ' }).success).toBe(false);
  });

  it('require the typed name, the frozen hash and an explicit confirmation to sign', () => {
    const ok = { versionId: 'abcdef12', hash: 'a'.repeat(64), typedName: 'Ana Claimant', confirm: true };
    expect(signBodySchema.safeParse(ok).success).toBe(true);
    expect(signBodySchema.safeParse({ ...ok, confirm: false }).success).toBe(false);
    expect(signBodySchema.safeParse({ ...ok, typedName: ' ' }).success).toBe(false);
    expect(signBodySchema.safeParse({ ...ok, hash: 'xyz' }).success).toBe(false);
  });

  it('only take proposals from caucus drafts, and exports in DOCX or PDF', () => {
    expect(proposalBodySchema.safeParse({ draftSpace: 'joint', from: 1, to: 2 }).success).toBe(false);
    expect(proposalBodySchema.safeParse({ draftSpace: 'caucus:abcd', from: 1, to: 2 }).success).toBe(true);
    expect(exportQuerySchema.parse({ format: 'pdf' })).toEqual({ format: 'pdf', annotate: '0' });
    expect(exportQuerySchema.safeParse({ format: 'html' }).success).toBe(false);
  });
});

describe('isRequiredSigner', () => {
  it('requires every party whose link stands, and attorneys only when there is no party', () => {
    const people = [
      { role: 'party' as const, revoked: false },
      { role: 'party' as const, revoked: true },
      { role: 'attorney' as const, revoked: false },
      { role: 'mediator' as const, revoked: false },
      { role: 'observer' as const, revoked: false },
    ];
    expect(people.map((p) => isRequiredSigner(p, people))).toEqual([true, false, false, false, false]);
    const noParties = people.filter((p) => p.role !== 'party');
    expect(noParties.map((p) => isRequiredSigner(p, noParties))).toEqual([true, false, false]);
  });
  it('accepts only an explicit confirmation to unfreeze', () => {
    expect(unfreezeBodySchema.safeParse({ confirm: true }).success).toBe(true);
    expect(unfreezeBodySchema.safeParse({}).success).toBe(false);
    expect(unfreezeBodySchema.safeParse({ confirm: 'yes' }).success).toBe(false);
  });
});
