import { describe, expect, it } from 'vitest';
import { createThreadBodySchema, exportQuerySchema, proposalBodySchema, signBodySchema, suggestionBodySchema } from './agreement.js';

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
