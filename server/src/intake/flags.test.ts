import { describe, expect, it } from 'vitest';
import { intakeAnswersSchema } from '@mediation/shared';
import { availabilityConflict, flagsOf, planOf } from './flags.js';

const a = (over: Record<string, unknown>) => intakeAnswersSchema.parse(over);

describe('intake flags and plan', () => {
  it('flags an absent decision maker, interpreter, accommodations, hard stop', () => {
    const answers = a({
      authority: { canSettle: 'no', decisionMaker: 'Our CFO', deciderAttends: false, reachableHow: 'phone' },
      interpreter: { needed: true, language: 'Polish' },
      accommodations: { needs: ['breaks'], other: '' },
      hardStop: { time: '16:00', timeZone: 'Europe/Berlin' },
    });
    expect(flagsOf('Tom', answers).map((f) => f.kind)).toEqual(['decision-maker-absent', 'interpreter', 'accommodation', 'hard-stop']);
    expect(planOf(answers)).toEqual({ separateOnly: false, hardStop: '16:00 (Europe/Berlin)', accommodations: ['Regular breaks', 'Interpreter: Polish'] });
  });

  it('a screening concern makes the plan separate-only even when the person prefers joint', () => {
    const answers = a({ joint: { preference: 'joint-first', reason: '' }, screening: { afraid: true } });
    expect(planOf(answers).separateOnly).toBe(true);
    expect(flagsOf('Ana', answers).map((f) => f.kind)).toEqual(['safety-concern']);
    expect(planOf(a({ screening: { afraid: false, harmedOrThreatened: false, canSpeakFreely: true } })).separateOnly).toBe(false);
  });

  it('finds no shared window across time zones, and finds one when there is', () => {
    const berlin = a({ availability: { slots: [{ date: '2027-03-01', from: '10:00', to: '12:00' }], timeZone: 'Europe/Berlin' } });
    const london = a({ availability: { slots: [{ date: '2027-03-01', from: '09:00', to: '10:00' }], timeZone: 'Europe/London' } });
    const londonLate = a({ availability: { slots: [{ date: '2027-03-01', from: '12:00', to: '14:00' }], timeZone: 'Europe/London' } });
    // 09:00-10:00 London is 10:00-11:00 Berlin: shared.
    expect(availabilityConflict([{ name: 'A', answers: berlin }, { name: 'B', answers: london }])).toBeNull();
    expect(availabilityConflict([{ name: 'A', answers: berlin }, { name: 'B', answers: londonLate }])?.kind).toBe('conflicting-availability');
    expect(availabilityConflict([{ name: 'A', answers: berlin }])).toBeNull();
  });
});
