import { describe, expect, it } from 'vitest';
import { boardState, itemConcerns, netPromoterScore, savePlanBodySchema, surveyAnswerBodySchema } from './followup.js';
import { mayReadThread, threadSpace } from './messaging.js';

describe('follow-up items', () => {
  const ana = { participantId: 'ana', role: 'party' as const, side: 'Claimant' };
  const tom = { participantId: 'tom', role: 'party' as const, side: 'Respondent' };
  const observer = { participantId: 'obs', role: 'observer' as const, side: null };
  const mediator = { participantId: 'med', role: 'mediator' as const, side: null };

  it('concern their owner, the owner side, or everyone; mediators read all', () => {
    expect(itemConcerns({ kind: 'person', participantId: 'ana' }, ana)).toBe(true);
    expect(itemConcerns({ kind: 'person', participantId: 'ana' }, tom)).toBe(false);
    expect(itemConcerns({ kind: 'side', side: 'Claimant' }, ana)).toBe(true);
    expect(itemConcerns({ kind: 'side', side: 'Claimant' }, tom)).toBe(false);
    expect(itemConcerns({ kind: 'side', side: 'Claimant' }, observer)).toBe(false);
    expect(itemConcerns({ kind: 'everyone' }, observer)).toBe(true);
    for (const o of [{ kind: 'person', participantId: 'ana' }, { kind: 'side', side: 'Respondent' }, { kind: 'everyone' }] as const) expect(itemConcerns(o, mediator)).toBe(true);
  });

  it('stand on the board as done, needs help, overdue, due today, upcoming or not done', () => {
    expect(boardState({ status: 'done', due: '2020-01-01' }, '2027-01-01')).toBe('done');
    expect(boardState({ status: 'needs-help', due: '2030-01-01' }, '2027-01-01')).toBe('needs-help');
    expect(boardState({ status: 'open', due: '2026-12-31' }, '2027-01-01')).toBe('overdue');
    expect(boardState({ status: 'not-done', due: '2026-12-31' }, '2027-01-01')).toBe('overdue');
    expect(boardState({ status: 'open', due: '2027-01-01' }, '2027-01-01')).toBe('due');
    expect(boardState({ status: 'open', due: '2027-01-02' }, '2027-01-01')).toBe('upcoming');
    expect(boardState({ status: 'not-done', due: '2027-01-02' }, '2027-01-01')).toBe('not-done');
  });

  it('a plan body is strict: invisible characters, bad dates and unknown fields are refused', () => {
    const ok = { items: [{ what: 'Pay', owner: { kind: 'everyone' }, due: '2027-03-15' }] };
    expect(savePlanBodySchema.safeParse(ok).success).toBe(true);
    expect(savePlanBodySchema.safeParse({ items: [{ ...ok.items[0], what: 'Pay\u200B' }] }).success).toBe(false);
    expect(savePlanBodySchema.safeParse({ items: [{ ...ok.items[0], due: '2027-02-30' }] }).success).toBe(false);
    expect(savePlanBodySchema.safeParse({ items: [{ ...ok.items[0], owner: { kind: 'side', side: '' } }] }).success).toBe(false);
    expect(savePlanBodySchema.safeParse({ ...ok, more: 1 }).success).toBe(false);
    expect(savePlanBodySchema.safeParse({ items: Array.from({ length: 41 }, () => ok.items[0]) }).success).toBe(false);
  });
});

describe('surveys', () => {
  it('NPS is promoters minus detractors, in percent', () => {
    expect(netPromoterScore([])).toBeNull();
    expect(netPromoterScore([10, 9, 8, 7])).toBe(50);
    expect(netPromoterScore([0, 6, 9])).toBe(-33);
  });
  it('answers are bounded', () => {
    expect(surveyAnswerBodySchema.safeParse({ ratings: { a: 0 } }).success).toBe(false);
    expect(surveyAnswerBodySchema.safeParse({ ratings: { a: 5 }, recommend: 10 }).success).toBe(true);
    expect(surveyAnswerBodySchema.safeParse({ ratings: { a: 5 }, recommend: 10.5 }).success).toBe(false);
  });
});

describe('message threads follow the room policy', () => {
  const side = (s: string) => `side.${s.toLowerCase()}key0000`;
  it('a side reads the joint thread and its own; mediators all, notes included; observers none', () => {
    const ana = { id: 'a', role: 'party' as const, side: 'Claimant' };
    const lee = { id: 'l', role: 'attorney' as const, side: 'Claimant' };
    const tom = { id: 't', role: 'party' as const, side: 'Respondent' };
    const med = { id: 'm', role: 'comediator' as const, side: null };
    const obs = { id: 'o', role: 'observer' as const, side: null };
    const threads = ['joint', side('Claimant'), side('Respondent'), 'notes'];
    const readable = (p: typeof ana | typeof lee | typeof med | typeof obs) => threads.filter((t) => mayReadThread(p, t, side));
    expect(readable(ana)).toEqual(['joint', side('Claimant')]);
    expect(readable(lee)).toEqual(['joint', side('Claimant')]);
    expect(readable(tom)).toEqual(['joint', side('Respondent')]);
    expect(readable(med)).toEqual(threads);
    expect(readable(obs)).toEqual([]);
    expect(threadSpace('notes')).not.toBe(threadSpace(side('Claimant')));
  });
});
