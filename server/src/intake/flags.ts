/**
 * What the mediator needs to see from the answers, and what the room plan takes from them. Pure:
 * the intake view and its tests use the same function.
 */
import { ACCOMMODATION_LABEL, raisesSafetyConcern, type IntakeAnswers, type IntakeFlag } from '@mediation/shared';

export interface PersonPlan {
  separateOnly: boolean;
  hardStop: string | null;
  accommodations: string[];
}

export function planOf(a: IntakeAnswers): PersonPlan {
  const accommodations = [...a.accommodations.needs.map((n) => ACCOMMODATION_LABEL[n]), ...(a.accommodations.other.trim() ? [a.accommodations.other.trim()] : [])];
  if (a.interpreter.needed) accommodations.push(`Interpreter${a.interpreter.language.trim() ? `: ${a.interpreter.language.trim()}` : ''}`);
  return {
    separateOnly: a.joint.preference === 'separate-only' || raisesSafetyConcern(a.screening),
    hardStop: a.hardStop.time ? `${a.hardStop.time}${a.hardStop.timeZone ? ` (${a.hardStop.timeZone})` : ''}` : null,
    accommodations,
  };
}

export function flagsOf(name: string, a: IntakeAnswers): IntakeFlag[] {
  const flags: IntakeFlag[] = [];
  if (a.authority.canSettle !== 'yes' && a.authority.deciderAttends === false) {
    const who = a.authority.decisionMaker.trim() || 'The person who decides';
    flags.push({ kind: 'decision-maker-absent', text: `${who} will not attend${a.authority.reachableHow.trim() ? `; reachable: ${a.authority.reachableHow.trim()}` : ''}.` });
  }
  if (a.interpreter.needed) flags.push({ kind: 'interpreter', text: `${name} needs an interpreter${a.interpreter.language.trim() ? ` (${a.interpreter.language.trim()})` : ''}.` });
  const plan = planOf(a);
  const acc = plan.accommodations.filter((x) => !x.startsWith('Interpreter'));
  if (acc.length > 0) flags.push({ kind: 'accommodation', text: `${name}: ${acc.join(', ')}.` });
  if (raisesSafetyConcern(a.screening)) flags.push({ kind: 'safety-concern', text: `${name}'s screening answers raise a safety concern: separate rooms only. Never shown to anyone else.` });
  else if (a.joint.preference === 'separate-only') flags.push({ kind: 'separate-only', text: `${name} asks for separate rooms only.` });
  if (plan.hardStop) flags.push({ kind: 'hard-stop', text: `${name} must leave at ${plan.hardStop}.` });
  return flags;
}

/** Minutes since midnight UTC of a local date and time in an IANA zone (for comparing windows). */
export function utcMinutes(date: string, time: string, timeZone: string): number | null {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  if (!timeZone) return guess / 60_000;
  try {
    // The zone's offset at that moment: format the guess in the zone and compare.
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(guess));
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    const asLocal = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'));
    return (guess - (asLocal - guess)) / 60_000;
  } catch {
    return guess / 60_000;
  }
}

/**
 * Case-wide: when two or more people gave their availability and no window is shared by all of
 * them, the mediator is told before proposing times.
 */
export function availabilityConflict(people: Array<{ name: string; answers: IntakeAnswers }>): IntakeFlag | null {
  const withSlots = people.filter((p) => p.answers.availability.slots.length > 0);
  if (withSlots.length < 2) return null;
  const windows = withSlots.map((p) => p.answers.availability.slots.flatMap((s) => {
    const from = utcMinutes(s.date, s.from, p.answers.availability.timeZone);
    const to = utcMinutes(s.date, s.to, p.answers.availability.timeZone);
    return from === null || to === null ? [] : [[from, to] as const];
  }));
  // Intersect everyone's windows, person by person.
  let common: Array<readonly [number, number]> = windows[0]!;
  for (const w of windows.slice(1)) {
    const next: Array<readonly [number, number]> = [];
    for (const [a1, a2] of common) for (const [b1, b2] of w) {
      const lo = Math.max(a1, b1);
      const hi = Math.min(a2, b2);
      if (hi - lo >= 30) next.push([lo, hi]);
    }
    common = next;
  }
  if (common.length > 0) return null;
  return { kind: 'conflicting-availability', text: `No time window of at least 30 minutes suits everyone who gave their availability (${withSlots.map((p) => p.name).join(', ')}).` };
}
