import { describe, expect, it } from 'vitest';
import type { SessionPlan } from '@mediation/shared';
import { arrivalOf, hardStopWarnings, sessionEndNotice } from './plan';

const T0 = Date.UTC(2027, 2, 1, 15, 0);
const plan: SessionPlan = {
  sessionHardStopAt: T0 + 90 * 60_000,
  updatedAt: 0,
  people: [
    { participantId: 'tom_000001', name: 'Tom Brennan', arrivalAt: null, hardStopAt: T0 + 60 * 60_000, hardStopLabel: '16:00 (UTC)', accommodations: [], separateOnly: false },
    { participantId: 'ana_000001', name: 'Ana Diaz', arrivalAt: T0, hardStopAt: null, hardStopLabel: null, accommodations: ['Regular breaks'], separateOnly: true },
  ],
};
const here = new Set(['tom_000001', 'ana_000001']);

describe('room plan on a controllable clock', () => {
  it('warns 30 and then 10 minutes before a person\'s hard stop, and nothing before or after', () => {
    expect(hardStopWarnings(plan, T0 + 29 * 60_000, here)).toEqual([]);
    const at30 = hardStopWarnings(plan, T0 + 30 * 60_000, here);
    expect(at30.map((w) => [w.key, w.minutes])).toEqual([['tom_000001:30', 30]]);
    expect(at30[0]!.text).toMatch(/^Tom Brennan must leave at .+ \(in 30 min\)\.$/);
    expect(hardStopWarnings(plan, T0 + 50 * 60_000, here).map((w) => w.key)).toEqual(['tom_000001:10']);
    expect(hardStopWarnings(plan, T0 + 61 * 60_000, here).map((w) => w.key)).toEqual(['session:30']);
    expect(hardStopWarnings(plan, T0 + 85 * 60_000, here).map((w) => w.key)).toEqual(['session:10']);
    expect(hardStopWarnings(plan, T0 + 91 * 60_000, here)).toEqual([]);
    // Someone who already left needs no warning.
    expect(hardStopWarnings(plan, T0 + 50 * 60_000, new Set(['ana_000001']))).toEqual([]);
  });

  it('tells expected, late (after five minutes) and here apart', () => {
    expect(arrivalOf(T0, false, T0 - 60_000)).toEqual({ kind: 'expected', at: T0 });
    expect(arrivalOf(T0, false, T0 + 5 * 60_000)).toEqual({ kind: 'expected', at: T0 });
    expect(arrivalOf(T0, false, T0 + 6 * 60_000)).toEqual({ kind: 'late', at: T0 });
    expect(arrivalOf(T0, true, T0 + 60 * 60_000)).toEqual({ kind: 'here' });
    expect(arrivalOf(null, false, T0)).toEqual({ kind: 'none' });
  });

  it('tells everyone when the session ends, 30 and 10 minutes before its hard stop, and nothing else', () => {
    const stop = plan.sessionHardStopAt!;
    expect(sessionEndNotice(stop, stop - 31 * 60_000)).toBeNull();
    const at30 = sessionEndNotice(stop, stop - 30 * 60_000)!;
    expect([at30.key, at30.minutes]).toEqual(['session-end:30', 30]);
    expect(at30.text).toMatch(/^This session ends at .+ — 30 minutes left\.$/);
    // Between the two notices the key stays the same (a screen reader hears it once).
    expect(sessionEndNotice(stop, stop - 12 * 60_000)!.key).toBe('session-end:30');
    const at10 = sessionEndNotice(stop, stop - 10 * 60_000)!;
    expect([at10.key, at10.text]).toEqual(['session-end:10', expect.stringMatching(/ — 10 minutes left\.$/)]);
    expect(sessionEndNotice(stop, stop - 30_000)!.text).toMatch(/ — 1 minute left\.$/);
    expect(sessionEndNotice(stop, stop)).toBeNull();
    expect(sessionEndNotice(null, stop - 10 * 60_000)).toBeNull();
  });
});
