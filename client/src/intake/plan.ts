/**
 * What the control tower says from the room plan, at a given moment (the clock is a parameter, so
 * tests control it): hard-stop warnings 30 and 10 minutes before (a person's, and the session's),
 * and who is expected, here, or late.
 */
import type { SessionPlan } from '@mediation/shared';
import { currentLanguage, i18n } from '../i18n';
import { formatTime } from '../i18n/format';

export interface PlanWarning {
  key: string;
  /** 30 or 10: which warning this is (the nearer one replaces the farther). */
  minutes: 30 | 10;
  text: string;
}

/** A hard stop is a time that matters: in the reader's zone, with the zone named. */
const clock = (ms: number) => formatTime(currentLanguage(), ms, { withZone: true });
const t = i18n.t;

function warningAt(at: number, now: number): 30 | 10 | null {
  const left = at - now;
  if (left <= 0) return null;
  if (left <= 10 * 60_000) return 10;
  if (left <= 30 * 60_000) return 30;
  return null;
}

/** Warnings due at `now`; `present` is who is in the room (a person who left needs none). */
export function hardStopWarnings(plan: SessionPlan, now: number, present: ReadonlySet<string>): PlanWarning[] {
  const out: PlanWarning[] = [];
  for (const p of plan.people) {
    if (p.hardStopAt === null || !present.has(p.participantId)) continue;
    const w = warningAt(p.hardStopAt, now);
    if (w) out.push({ key: `${p.participantId}:${w}`, minutes: w, text: t('intake:stop.person', { name: p.name, time: clock(p.hardStopAt), minutes: Math.ceil((p.hardStopAt - now) / 60_000) }) });
  }
  if (plan.sessionHardStopAt !== null) {
    const w = warningAt(plan.sessionHardStopAt, now);
    if (w) out.push({ key: `session:${w}`, minutes: w, text: t('intake:stop.session', { time: clock(plan.sessionHardStopAt), minutes: Math.ceil((plan.sessionHardStopAt - now) / 60_000) }) });
  }
  return out;
}

/**
 * The session-wide hard stop as every participant sees it (parties, attorneys, the waiting room):
 * from 30 minutes before, "This session ends at 16:00 — 25 minutes left"; the key changes only at
 * 30 and 10 minutes, so a screen reader hears it twice, not every minute. Per-person hard stops are
 * not in here: they stay with the mediator.
 */
export function sessionEndNotice(sessionHardStopAt: number | null, now: number): PlanWarning | null {
  if (sessionHardStopAt === null) return null;
  const w = warningAt(sessionHardStopAt, now);
  if (!w) return null;
  const left = Math.ceil((sessionHardStopAt - now) / 60_000);
  return { key: `session-end:${w}`, minutes: w, text: t('intake:stop.notice', { time: clock(sessionHardStopAt), count: left }) };
}

export type Arrival = { kind: 'none' } | { kind: 'here' } | { kind: 'expected'; at: number } | { kind: 'late'; at: number };

export function arrivalOf(arrivalAt: number | null, here: boolean, now: number): Arrival {
  if (here) return { kind: 'here' };
  if (arrivalAt === null) return { kind: 'none' };
  // Five minutes' grace before someone counts as late.
  return now > arrivalAt + 5 * 60_000 ? { kind: 'late', at: arrivalAt } : { kind: 'expected', at: arrivalAt };
}

/** In the reader's language and zone, with the zone named (a time that matters). */
export const arrivalText = (a: Arrival): string | null =>
  a.kind === 'expected' ? t('intake:plan.expected', { time: clock(a.at) }) : a.kind === 'late' ? t('intake:plan.late', { time: clock(a.at) }) : null;
