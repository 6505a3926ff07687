import { describe, expect, it } from 'vitest';
import { casePersonInputSchema, createCaseSessionBodySchema, emailSchema, setupBodySchema } from './practice.js';

describe('practice schemas', () => {
  it('emails are trimmed and lower-cased, so one person has one account', () => {
    expect(emailSchema.parse('  Maria@CalmWaters.TEST ')).toBe('maria@calmwaters.test');
    expect(emailSchema.safeParse('maria@').success).toBe(false);
    expect(emailSchema.safeParse('a\nb@x.test').success).toBe(false);
  });

  it('a person needs only a name and a role; contact details default to empty and the side to none', () => {
    expect(casePersonInputSchema.parse({ name: ' Ana Diaz ', role: 'party' })).toEqual({ name: 'Ana Diaz', role: 'party', side: null, email: '', phone: '', organisation: '' });
  });

  it('refuses unknown roles, markup in phone numbers, invisible characters in names and unknown fields', () => {
    expect(casePersonInputSchema.safeParse({ name: 'A', role: 'judge' }).success).toBe(false);
    expect(casePersonInputSchema.safeParse({ name: 'A', role: 'party', phone: '<b>1</b>' }).success).toBe(false);
    expect(casePersonInputSchema.safeParse({ name: 'Ana\u200BDiaz', role: 'party' }).success).toBe(false);
    expect(casePersonInputSchema.safeParse({ name: 'A', role: 'party', admin: true }).success).toBe(false);
  });

  it('keeps markup in names as the text typed (it is shown as text, never as HTML)', () => {
    expect(casePersonInputSchema.parse({ name: '<i>Eve</i>', role: 'party' }).name).toBe('<i>Eve</i>');
  });

  it('passwords need at least 10 characters', () => {
    const base = { practiceName: 'P', name: 'M', email: 'm@x.test' };
    expect(setupBodySchema.safeParse({ ...base, password: 'short' }).success).toBe(false);
    expect(setupBodySchema.safeParse({ ...base, password: 'long enough!' }).success).toBe(true);
  });

  it('a session body defaults to an unscheduled main session of two hours', () => {
    expect(createCaseSessionBodySchema.parse({})).toEqual({ kind: 'main', startsAt: null, durationMinutes: 120, linkTtlHours: 336 });
  });
});
